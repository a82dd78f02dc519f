#pragma once
// Walk-ins: a vehicle enters (assign) and leaves (release, billed).
#include <optional>
#include <string>

#include "app/context.hpp"
#include "domain/billing.hpp"

namespace dockpoint::app {

struct AssignInput {
    std::string vehicle_number;
    std::string slot_number;                   // empty: pick one
    std::optional<long long> vehicle_type_id;  // absent: type 1, as the original did
};

struct Assigned {
    std::string vehicle_number;
    std::string slot_number;
    domain::Instant entry;
};

struct Released {
    std::string vehicle_number;
    std::string slot_number;
    domain::Instant entry;
    domain::Instant exit;
    domain::Bill bill;
};

class ParkingService {
public:
    explicit ParkingService(const Context& ctx) : ctx_(ctx) {}

    domain::Result<Assigned> Assign(const Caller& caller, const AssignInput& input);
    domain::Result<Released> Release(const Caller& caller, const std::string& vehicle_number);

private:
    const Context& ctx_;
};

}  // namespace dockpoint::app
