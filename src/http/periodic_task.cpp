#include "http/periodic_task.hpp"

#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/on_pool.hpp"

namespace dockpoint::http {

namespace asio = boost::asio;

struct PeriodicTask::Impl {
    Impl(asio::io_context& io_context, asio::thread_pool& pool, std::chrono::milliseconds every,
         std::function<void()> fn)
        : io(io_context), workers(pool), interval(every), task(std::move(fn)), timer(io_context) {}

    asio::awaitable<void> Loop() {
        while (!stopped) {
            timer.expires_after(interval);
            boost::system::error_code ec;
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            if (stopped) break;
            co_await OnPool(workers, [this] {
                try {
                    task();
                } catch (const std::exception& e) {
                    spdlog::error("periodic task failed: {}", e.what());
                }
                return true;
            });
        }
    }

    asio::io_context& io;
    asio::thread_pool& workers;
    std::chrono::milliseconds interval;
    std::function<void()> task;
    asio::steady_timer timer;
    bool stopped = false;
};

PeriodicTask::PeriodicTask(asio::io_context& io, asio::thread_pool& workers,
                           std::chrono::milliseconds interval, std::function<void()> task)
    : impl_(std::make_shared<Impl>(io, workers, interval, std::move(task))) {}

PeriodicTask::~PeriodicTask() = default;

void PeriodicTask::Start() { asio::co_spawn(impl_->io, impl_->Loop(), asio::detached); }

void PeriodicTask::Stop() {
    asio::post(impl_->io, [impl = impl_] {
        impl->stopped = true;
        impl->timer.cancel();
    });
}

}  // namespace dockpoint::http
