#include "app/vehicle_type_cache.hpp"

#include <algorithm>

namespace dockpoint::app {

std::shared_ptr<const VehicleTypeList> VehicleTypeCache::Find(
    std::optional<std::uint64_t> version) const {
    if (!version) return nullptr;
    std::lock_guard lock(mutex_);
    return version_ == version ? types_ : nullptr;
}

void VehicleTypeCache::Keep(std::shared_ptr<const VehicleTypeList> types,
                            std::optional<std::uint64_t> version) {
    if (!version) return;
    std::lock_guard lock(mutex_);
    if (version_ && *version < *version_) return;  // an older read, kept late
    types_ = std::move(types);
    version_ = version;
}

const store::VehicleTypeRow* FindVehicleType(const VehicleTypeList& types, long long id) {
    const auto it =
        std::find_if(types.begin(), types.end(), [id](const auto& t) { return t.id == id; });
    return it == types.end() ? nullptr : &*it;
}

}  // namespace dockpoint::app
