#pragma once
// co_await OnReply<R>(start): calls start(reply) and resumes the awaiting
// coroutine, on its own executor, with the R that `reply` is given - from
// whatever thread gives it (the store's writer, once a command is durable).
// `reply` must be called exactly once. Like OnPool, hand-rolled with
// async_initiate (see on_pool.hpp); pass a `start` whose captures are
// trivially destructible.
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <functional>
#include <memory>

namespace dockpoint::http {

template <typename R, typename Start>
auto OnReply(Start start) {
    namespace asio = boost::asio;
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, R)>(
        [](auto handler, Start begin) {
            using Handler = decltype(handler);
            using Work = decltype(asio::make_work_guard(asio::get_associated_executor(handler)));
            struct Pending {
                Handler handler;
                Work work;
            };
            auto work = asio::make_work_guard(asio::get_associated_executor(handler));
            auto pending = std::make_shared<Pending>(Pending{std::move(handler), std::move(work)});
            begin(std::function<void(R)>([pending](R result) {
                auto executor = pending->work.get_executor();
                asio::post(executor, [pending, result = std::move(result)]() mutable {
                    std::move(pending->handler)(nullptr, std::move(result));
                });
            }));
        },
        asio::use_awaitable, std::move(start));
}

}  // namespace dockpoint::http
