#pragma once
#include <string>
#include <string_view>

#include "domain/clock.hpp"
#include "domain/result.hpp"

namespace date {
class time_zone;
}

namespace dockpoint::domain {

// The lot's wall clock. Requests name local times; storage holds UTC instants.
class LocalTime {
public:
    explicit LocalTime(const date::time_zone* zone) : zone_(zone) {}

    // Reads "YYYY-MM-DDTHH:MM" (seconds optional, ' ' accepted for 'T').
    // A time skipped by a DST change is refused; a repeated one means its first
    // occurrence.
    Result<Instant> Parse(std::string_view text) const;

    std::string FormatListing(Instant t) const;   // "YYYY-MM-DD HH:MM"
    std::string FormatInput(Instant t) const;     // "YYYY-MM-DDTHH:MM"
    std::string FormatIso(Instant t) const;       // "YYYY-MM-DDTHH:MM:SS"
    long long UtcOffsetMinutes(Instant t) const;  // +60 for Berlin in winter
    std::string ZoneName() const;

private:
    std::string Format(Instant t, char separator, bool seconds) const;

    const date::time_zone* zone_;
};

// Looks up an IANA zone name; an empty name means the machine's zone (UTC when
// the machine names none).
Result<const date::time_zone*> FindTimeZone(const std::string& name);

}  // namespace dockpoint::domain
