#pragma once
// co_await OnPool(pool, f): runs the blocking f on a worker thread and resumes
// the awaiting coroutine on its own executor with f's result (or exception).
// Hand-rolled with async_initiate because g++ 12 mishandles the captures of
// coroutine lambdas handed to co_spawn (they were destroyed twice). Pass an
// lvalue f whose captures are trivially destructible (see server.cpp).
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <type_traits>

namespace dockpoint::http {

template <typename F>
auto OnPool(boost::asio::thread_pool& pool, F f) {
    namespace asio = boost::asio;
    using R = std::invoke_result_t<F>;
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, R)>(
        [&pool](auto handler, F fn) {
            auto work = asio::make_work_guard(asio::get_associated_executor(handler));
            asio::post(pool, [handler = std::move(handler), fn = std::move(fn),
                              work = std::move(work)]() mutable {
                std::exception_ptr error;
                R result{};
                try {
                    result = fn();
                } catch (...) {
                    error = std::current_exception();
                }
                auto executor = work.get_executor();
                asio::post(executor,
                           [handler = std::move(handler), error, result = std::move(result),
                            work = std::move(work)]() mutable {
                               std::move(handler)(error, std::move(result));
                           });
            });
        },
        asio::use_awaitable, std::move(f));
}

}  // namespace dockpoint::http
