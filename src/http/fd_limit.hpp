#pragma once
// The process's open-file limit: every connection holds one descriptor.
#include <cstddef>

namespace dockpoint::http {

// Raises the soft RLIMIT_NOFILE to the hard limit (a process may do so
// without privileges) and returns the soft limit now in force; 0 if unknown.
std::size_t RaiseOpenFileLimit();

// How many connections fit under an open-file limit, keeping descriptors in
// reserve for the database, the listener and the event loop.
std::size_t ConnectionsWithin(std::size_t open_file_limit);

}  // namespace dockpoint::http
