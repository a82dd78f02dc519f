#pragma once
// Runs a blocking function every interval on the worker pool until stopped
// (auto-release, session clean-up), so they happen even when nobody calls.
#include <chrono>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace dockpoint::http {

class PeriodicTask {
public:
    PeriodicTask(boost::asio::io_context& io, boost::asio::thread_pool& workers,
                 std::chrono::milliseconds interval, std::function<void()> task);
    ~PeriodicTask();
    void Start();
    void Stop();

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace dockpoint::http
