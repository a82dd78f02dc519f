#pragma once
// Instants as the SQL stores them: INTEGER seconds since the Unix epoch.
// Statements never bind temporaries (SOCI runs a one-shot statement after the
// temporaries of its expression are gone), so these fill named variables.
#include <chrono>

#include "store/store.hpp"

namespace dockpoint::store {

inline long long Seconds(Instant t) { return static_cast<long long>(t.time_since_epoch().count()); }
inline Instant FromSeconds(long long s) { return Instant{std::chrono::seconds{s}}; }

}  // namespace dockpoint::store
