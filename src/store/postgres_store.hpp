#pragma once
// The shared store: PostgreSQL through SOCI, for several dockpoint servers on
// one lot. Writers run concurrently (READ COMMITTED) and take row locks where a
// rule reads before it writes (SlotLocks); exclusion constraints and partial
// unique indexes hold the invariants. A lost connection answers kUnavailable
// (503) and is replaced on the next request, so the server recovers by itself
// when the database is back.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace dockpoint::store {

class SociConnection;
class SociTx;

class PostgresStore final : public Store {
public:
    // Connects, applies pending migrations (one server at a time) and seeds an
    // empty lot. Throws std::runtime_error with a clear sentence on failure.
    static std::unique_ptr<PostgresStore> Open(const std::string& url, Instant now);
    ~PostgresStore() override;

    Status Read(const std::function<Status(ReadTx&)>& fn) override;
    Status Write(const std::function<Status(WriteTx&)>& fn) override;

    // Sends a NOTIFY on channel (outside any transaction); false when the
    // database cannot be reached.
    bool Notify(const std::string& channel, const std::string& payload);

    const std::string& url() const { return url_; }

private:
    explicit PostgresStore(std::string url);
    std::unique_ptr<SociConnection> Connect() const;
    std::unique_ptr<SociConnection> Acquire();
    void Release(std::unique_ptr<SociConnection> connection);
    Status Run(bool write, const std::function<Status(SociTx&)>& fn);

    std::string url_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<SociConnection>> idle_;
};

bool IsPostgresUrl(const std::string& url);

}  // namespace dockpoint::store
