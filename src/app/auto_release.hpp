#pragma once
#include <vector>

#include "app/context.hpp"

namespace dockpoint::app {

// Closes every open walk-in whose slot has a reservation that has begun: exit
// at the reservation start (domain::AutoReleaseExit), billed as usual. Runs
// inside the caller's write transaction so the walk-in rules see a fresh lot.
std::vector<store::DueRelease> ReleaseDueWalkIns(store::WriteTx& tx, domain::Instant now);

// Announces walk-ins released by ReleaseDueWalkIns, once their transaction committed.
void PublishReleased(const Context& ctx, const std::vector<store::DueRelease>& released);

// The same as a use case of its own, for the background timer and for reads
// that must show a fresh lot: a cheap read first, a write only when one is due.
domain::Result<std::size_t> RunAutoRelease(const Context& ctx);

}  // namespace dockpoint::app
