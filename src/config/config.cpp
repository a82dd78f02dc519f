#include "config/config.hpp"

#include <algorithm>

#include <CLI/CLI.hpp>

#include <iostream>

#include "version.hpp"

namespace dockpoint::config {

namespace {

void AddDatabaseOption(CLI::App& command, Config& config) {
    command
        .add_option(
            "--database", config.database,
            "sqlite://PATH (relative or absolute, e.g. sqlite:///var/lib/dockpoint/dockpoint.db) "
            "or postgresql://USER:PASSWORD@HOST:PORT/DB (several servers on one lot)")
        ->envname("DOCKPOINT_DATABASE")
        ->capture_default_str();
}

void AddCommonOptions(CLI::App& command, Config& config) {
    AddDatabaseOption(command, config);
    command
        .add_option("--time-zone", config.time_zone,
                    "IANA time zone of the lot, e.g. Europe/Berlin (default: the machine's)")
        ->envname("DOCKPOINT_TIME_ZONE");
    command.add_option("--log-level", config.log_level, "trace, debug, info, warn, error or off")
        ->envname("DOCKPOINT_LOG_LEVEL")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
}

}  // namespace

ParseOutcome Parse(int argc, const char* const* argv) {
    Config config;
    CLI::App app{"dockpoint: parking-lot operations server (HTTP API and web console)",
                 "dockpoint"};
    app.set_version_flag("--version", std::string("dockpoint ") + kVersion);
    app.require_subcommand(1, 1);

    CLI::App* serve = app.add_subcommand("serve", "Run the HTTP API and the web console");
    serve->add_option("--host", config.host, "Address to listen on")
        ->envname("DOCKPOINT_HOST")
        ->capture_default_str();
    serve->add_option("--port", config.port, "Port to listen on (0: any free port)")
        ->envname("DOCKPOINT_PORT")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    serve
        ->add_option("--web-root", config.web_root,
                     "Serve the console from this directory instead of the built-in one")
        ->envname("DOCKPOINT_WEB_ROOT");
    serve
        ->add_option("--content-security-policy", config.content_security_policy,
                     "Content-Security-Policy for pages of a --web-root console")
        ->envname("DOCKPOINT_CONTENT_SECURITY_POLICY");
    serve
        ->add_flag("--trust-proxy", config.trust_proxy,
                   "Behind a reverse proxy: client address from X-Forwarded-For, HTTPS from "
                   "X-Forwarded-Proto (Secure cookies)")
        ->envname("DOCKPOINT_TRUST_PROXY");
    serve
        ->add_option("--workers", config.workers,
                     "Threads that run database reads (0: one per core on SQLite; 4 per core, at "
                     "least 16, on PostgreSQL)")
        ->envname("DOCKPOINT_WORKERS")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str();
    AddCommonOptions(*serve, config);

    CLI::App* migrate =
        app.add_subcommand("migrate", "Create or upgrade the database schema, then exit");
    AddCommonOptions(*migrate, config);

    CLI::App* backup = app.add_subcommand(
        "backup", "Write a consistent copy of a live SQLite database to FILE, then exit");
    backup->add_option("file", config.backup_file, "Where to write the copy")->required();
    AddCommonOptions(*backup, config);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::cerr << "dockpoint: error: " << e.what() << " (see dockpoint --help)" << std::endl;
        return e.get_exit_code();
    }
    if (*migrate) config.command = Command::kMigrate;
    if (*backup) config.command = Command::kBackup;
    return config;
}

int DefaultReaders(unsigned cores, bool networked_database) {
    if (networked_database) return BlockingThreads(cores);
    return static_cast<int>(std::max(1U, cores));
}

int BlockingThreads(unsigned cores) { return static_cast<int>(std::max(16U, 4 * cores)); }

}  // namespace dockpoint::config
