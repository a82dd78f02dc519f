// The composition root: configuration, store, services, server. No rules here.
#include <utility>

#include <date/tz.h>
#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <thread>

#include "app/account_service.hpp"
#include "app/auto_release.hpp"
#include "config/config.hpp"
#include "domain/local_time.hpp"
#include "http/api.hpp"
#include "http/event_hub.hpp"
#include "http/periodic_task.hpp"
#include "http/server.hpp"
#include "store/postgres_events.hpp"
#include "store/postgres_store.hpp"
#include "store/sqlite_store.hpp"

namespace {

using namespace dockpoint;

// The URL without its password (user:PASSWORD@ or ?password=), for logs.
std::string Redacted(std::string url) {
    const auto scheme = url.find("://");
    const auto at = url.find('@');
    if (scheme != std::string::npos && at != std::string::npos) {
        const auto colon = url.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at)
            url = url.substr(0, colon + 1) + "***" + url.substr(at);
    }
    for (auto pos = url.find("password="); pos != std::string::npos;
         pos = url.find("password=", pos + 1)) {
        const auto value = pos + std::string_view("password=").size();
        const auto end = url.find('&', value);
        url.replace(value, end == std::string::npos ? std::string::npos : end - value, "***");
    }
    return url;
}

int Fail(const std::string& message) {
    std::cerr << "dockpoint: error: " << message << std::endl;
    return 1;
}

void SetUpLogging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("dockpoint");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
}

int Serve(const config::Config& cfg, store::Store& store, const domain::Clock& clock,
          const date::time_zone* zone) {
    http::ApiOptions options{http::StaticFiles::Embedded(), {}, false};
    if (!cfg.web_root.empty()) {
        options.files = http::StaticFiles::FromDirectory(cfg.web_root);
        options.content_security_policy = cfg.content_security_policy;
    } else {
        // The built-in console has no inline script, so it can have a strict policy.
        options.content_security_policy =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'";
    }
    boost::asio::io_context io(1);
    http::EventHub events(io);
    // On PostgreSQL, changes travel through the database so that every server's
    // streams carry every server's changes; on SQLite they go straight to the hub.
    std::unique_ptr<store::PostgresEventBridge> bridge;
    domain::EventPublisher* publisher = &events;
    if (auto* postgres = dynamic_cast<store::PostgresStore*>(&store)) {
        bridge = std::make_unique<store::PostgresEventBridge>(*postgres, events);
        bridge->Start();
        publisher = bridge.get();
    }
    app::ReleaseSchedule release_schedule;
    app::SlotMapCache slot_map_cache;
    app::SessionCache session_cache;
    app::VehicleTypeCache vehicle_type_cache;
    const app::Context ctx{
        store,           clock,          domain::LocalTime(zone), publisher, &release_schedule,
        &slot_map_cache, &session_cache, &vehicle_type_cache};
    const http::Api api(ctx, std::move(options));

    const unsigned cores = std::thread::hardware_concurrency();
    const int reader_count =
        cfg.workers > 0 ? cfg.workers : config::DefaultReaders(cores, bridge != nullptr);
    boost::asio::thread_pool readers(static_cast<std::size_t>(reader_count));
    boost::asio::thread_pool workers(static_cast<std::size_t>(config::BlockingThreads(cores)));
    http::ServerOptions server_options;
    server_options.trust_proxy = cfg.trust_proxy;
    http::Server server(io, {readers, workers}, api, server_options, &events);
    const std::uint16_t port = server.Listen(cfg.host, static_cast<std::uint16_t>(cfg.port));
    server.Start();

    app::AccountService accounts(ctx);
    http::PeriodicTask auto_release(io, workers, std::chrono::seconds(1), [&ctx] {
        if (auto r = app::RunAutoRelease(ctx); !r)
            spdlog::warn("auto-release: {}", r.error().message);
    });
    http::PeriodicTask session_cleanup(io, workers, std::chrono::hours(1), [&accounts] {
        if (auto r = accounts.DeleteExpiredSessions(); !r)
            spdlog::warn("session clean-up: {}", r.error().message);
    });
    auto_release.Start();
    session_cleanup.Start();

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("signal {} received; finishing requests in flight", signal);
        server.Shutdown();
        auto_release.Stop();
        session_cleanup.Stop();
    });

    std::cout << "listening on http://" << cfg.host << ":" << port << std::endl;
    spdlog::info("time zone {}, database {}", zone->name(), Redacted(cfg.database));
    io.run();
    readers.join();
    workers.join();
    if (bridge) bridge->Stop();
    spdlog::info("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const auto parsed = config::Parse(argc, argv);
    if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
    const config::Config& cfg = std::get<config::Config>(parsed);
    SetUpLogging(cfg.log_level);
    if (sodium_init() < 0) return Fail("libsodium could not be initialised");

    const auto zone = domain::FindTimeZone(cfg.time_zone);
    if (!zone) return Fail(zone.error().message);
    const std::string sqlite_path = store::SqlitePathFromUrl(cfg.database);
    const bool postgres = store::IsPostgresUrl(cfg.database);
    if (sqlite_path.empty() && !postgres) {
        return Fail("unsupported database URL '" + cfg.database +
                    "' (use sqlite://PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
    }
    if (cfg.command == config::Command::kBackup && postgres) {
        return Fail("dockpoint backup copies SQLite databases; use pg_dump for PostgreSQL");
    }

    const domain::SystemClock clock;
    try {
        if (postgres) {
            auto store = store::PostgresStore::Open(cfg.database, clock.Now());
            if (cfg.command == config::Command::kMigrate) {
                std::cout << "the PostgreSQL database is up to date" << std::endl;
                return 0;
            }
            return Serve(cfg, *store, clock, *zone);
        }
        auto store = store::SqliteStore::Open(sqlite_path, clock.Now());
        switch (cfg.command) {
            case config::Command::kMigrate:
                std::cout << "database " << sqlite_path << " is up to date" << std::endl;
                return 0;
            case config::Command::kBackup:
                store->Backup(cfg.backup_file);
                std::cout << "backed up " << sqlite_path << " to " << cfg.backup_file << std::endl;
                return 0;
            case config::Command::kServe:
                break;
        }
        return Serve(cfg, *store, clock, *zone);
    } catch (const std::exception& e) {
        return Fail(e.what());
    }
}
