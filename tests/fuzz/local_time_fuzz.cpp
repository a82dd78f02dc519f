// Date-time strings from requests ("YYYY-MM-DDTHH:MM[:SS]") in the lot's zone,
// Europe/Berlin (DST gaps and repeats included).
#include <date/tz.h>

#include <cstddef>
#include <cstdint>

#include "domain/local_time.hpp"
#include "fuzz_input.hpp"

using namespace dockpoint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const domain::LocalTime berlin(date::locate_zone("Europe/Berlin"));
    const auto text = fuzz::AsText(data, size);
    const auto parsed = berlin.Parse(text);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().message.empty());
        return 0;
    }
    FUZZ_CHECK(text.size() == 16 || text.size() == 19);
    // An accepted time reads back as itself: formatted with seconds and parsed
    // again it is the same instant (a repeated hour means its first occurrence
    // both ways), and its listing form is the input's minute.
    const auto again = berlin.Parse(berlin.FormatIso(*parsed));
    FUZZ_CHECK(again && *again == *parsed);
    const auto listing = berlin.FormatListing(*parsed);
    FUZZ_CHECK(listing.substr(0, 10) == text.substr(0, 10));
    FUZZ_CHECK(listing.substr(11) == text.substr(11, 5));
    (void)berlin.UtcOffsetMinutes(*parsed);
    return 0;
}
