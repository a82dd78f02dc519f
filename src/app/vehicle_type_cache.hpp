#pragma once
// The vehicle types and their hourly rates as last read. Every cost preview
// and every GET /vehicle-types asks for them, and they change only when an
// operator edits the table with another program; the list is kept while the
// rates' change count is the one it was read at (Store::ChangeCount(
// kVehicleTypes), which any other program's write moves). Without a change
// count (PostgreSQL) nothing is kept.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/store.hpp"

namespace dockpoint::app {

using VehicleTypeList = std::vector<store::VehicleTypeRow>;

class VehicleTypeCache {
public:
    // The kept list if it is exact with the rates at `version`.
    std::shared_ptr<const VehicleTypeList> Find(std::optional<std::uint64_t> version) const;
    // Keeps a list read with the rates at `version` (taken before the read).
    void Keep(std::shared_ptr<const VehicleTypeList> types, std::optional<std::uint64_t> version);

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const VehicleTypeList> types_;
    std::optional<std::uint64_t> version_;
};

// The row for a type id in a list, if there is one.
const store::VehicleTypeRow* FindVehicleType(const VehicleTypeList& types, long long id);

}  // namespace dockpoint::app
