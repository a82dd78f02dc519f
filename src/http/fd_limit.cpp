#include "http/fd_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace dockpoint::http {

std::size_t RaiseOpenFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        // An unlimited hard limit is not a valid soft one on every kernel;
        // keep the old soft limit when the kernel says no.
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY) return static_cast<std::size_t>(-1);
    return static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t ConnectionsWithin(std::size_t open_file_limit) {
    // A quarter of the limit, at most 128 descriptors, stays free.
    const std::size_t reserve = std::min<std::size_t>(128, open_file_limit / 4);
    return open_file_limit - reserve;
}

}  // namespace dockpoint::http
