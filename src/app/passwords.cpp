#include "app/passwords.hpp"

#include <crypt.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <semaphore>
#include <stdexcept>
#include <thread>

namespace dockpoint::app {

namespace {

bool IsBcrypt(const std::string& hash) {
    return hash.rfind("$2b$", 0) == 0 || hash.rfind("$2a$", 0) == 0 || hash.rfind("$2y$", 0) == 0;
}

bool VerifyBcrypt(std::string_view password, const std::string& stored_hash) {
    crypt_data data;
    std::memset(&data, 0, sizeof data);
    const std::string pw(password);
    const char* result = crypt_r(pw.c_str(), stored_hash.c_str(), &data);
    if (result == nullptr || result[0] == '*') return false;
    const std::size_t len = std::strlen(result);
    return len == stored_hash.size() && sodium_memcmp(result, stored_hash.data(), len) == 0;
}

// One argon2 computation per core at a time; the rest wait their turn.
class HashingTurn {
public:
    HashingTurn() { Turns().acquire(); }
    ~HashingTurn() { Turns().release(); }
    HashingTurn(const HashingTurn&) = delete;
    HashingTurn& operator=(const HashingTurn&) = delete;

private:
    static std::counting_semaphore<>& Turns() {
        static std::counting_semaphore<> turns(
            static_cast<std::ptrdiff_t>(std::max(1U, std::thread::hardware_concurrency())));
        return turns;
    }
};

}  // namespace

std::string HashPassword(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    const HashingTurn turn;
    if (crypto_pwhash_str(out, password.data(), password.size(), kArgon2Passes,
                          kArgon2MemoryBytes) != 0) {
        throw std::runtime_error("password hashing ran out of memory");
    }
    return out;
}

bool VerifyPassword(std::string_view password, const std::string& stored_hash) {
    if (IsBcrypt(stored_hash)) return VerifyBcrypt(password, stored_hash);
    if (stored_hash.rfind("$argon2id$", 0) != 0) return false;
    const HashingTurn turn;
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(const std::string& stored_hash) {
    if (stored_hash.rfind("$argon2id$", 0) != 0) return true;
    return crypto_pwhash_str_needs_rehash(stored_hash.c_str(), kArgon2Passes, kArgon2MemoryBytes) !=
           0;
}

const std::string& DummyPasswordHash() {
    static const std::string hash = HashPassword("dockpoint-no-such-account");
    return hash;
}

}  // namespace dockpoint::app
