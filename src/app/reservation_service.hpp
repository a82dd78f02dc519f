#pragma once
// Advance reservations and their cost preview.
#include <optional>
#include <string>

#include "app/context.hpp"
#include "domain/billing.hpp"
#include "domain/time_window.hpp"

namespace dockpoint::app {

struct PreviewInput {
    std::string entry_time;  // lot-local "YYYY-MM-DDTHH:MM"
    std::string exit_time;
    std::optional<long long> vehicle_type_id;  // absent: type 1, as the original did
};

struct Preview {
    domain::Bill bill;
    domain::DurationParts duration;
    domain::Cents hourly_rate_cents = 0;
};

struct ReserveInput {
    std::string vehicle_number;
    std::string slot_number;
    std::string entry_time;
    std::string exit_time;
};

struct Reserved {
    long long id = 0;
    std::string vehicle_number;
    std::string slot_number;
    domain::TimeWindow window;
    domain::Bill bill;
};

class ReservationService {
public:
    explicit ReservationService(const Context& ctx) : ctx_(ctx) {}

    domain::Result<Preview> PreviewCost(const PreviewInput& input) const;
    // The same from memory alone (never blocks): nullopt when the rates must
    // be read from the database first.
    std::optional<domain::Result<Preview>> PreviewCostFromMemory(const PreviewInput& input) const;
    domain::Result<Reserved> Reserve(const Caller& caller, const ReserveInput& input);

private:
    // The preview priced with the given rates; nullopt when `types` is null.
    std::optional<domain::Result<Preview>> Priced(const PreviewInput& input,
                                                  const VehicleTypeList* types) const;
    domain::Result<domain::TimeWindow> ParseWindow(const std::string& entry,
                                                   const std::string& exit) const;
    const Context& ctx_;
};

}  // namespace dockpoint::app
