#pragma once
// An owner's list of registered vehicles.
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"

namespace dockpoint::app {

class VehicleService {
public:
    explicit VehicleService(const Context& ctx) : ctx_(ctx) {}

    domain::Result<std::vector<store::VehicleRow>> List(const Caller& caller);
    // Returns the normalised number.
    domain::Result<std::string> Add(const Caller& caller, const std::string& vehicle_number,
                                    std::optional<long long> vehicle_type_id);
    domain::Result<std::string> Remove(const Caller& caller, const std::string& vehicle_number);

private:
    const Context& ctx_;
};

}  // namespace dockpoint::app
