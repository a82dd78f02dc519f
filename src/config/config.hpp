#pragma once
// Command line and environment → Config. Every flag has a DOCKPOINT_* twin.
#include <optional>
#include <string>
#include <variant>

namespace dockpoint::config {

enum class Command { kServe, kMigrate, kBackup };

struct Config {
    Command command = Command::kServe;
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string database = "sqlite://dockpoint.db";
    std::string web_root;   // empty: the console embedded in the binary
    std::string time_zone;  // empty: the machine's zone
    std::string log_level = "info";
    std::string content_security_policy;  // for a --web-root console; empty: none
    std::string backup_file;              // for `dockpoint backup FILE`
    // Behind a reverse proxy: take the client address from X-Forwarded-For and
    // the scheme from X-Forwarded-Proto (only a proxy you run may set them).
    bool trust_proxy = false;
    // Threads that run database reads; 0: automatic (DefaultReaders).
    int workers = 0;
};

// One per core on SQLite, whose reads never wait (more threads only switch
// more); 4 per core and at least 16 on PostgreSQL, where each read waits for
// the network.
int DefaultReaders(unsigned cores, bool networked_database);
// Threads for work that waits: password hashing (at most one per core at a
// time), PostgreSQL writes, background jobs. 4 per core, at least 16.
int BlockingThreads(unsigned cores);

// Either a Config to run with, or the exit code to leave with (after --help,
// --version, or a usage error already printed).
using ParseOutcome = std::variant<Config, int>;
ParseOutcome Parse(int argc, const char* const* argv);

}  // namespace dockpoint::config
