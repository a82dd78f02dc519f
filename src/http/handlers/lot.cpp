// Lot views: /vehicle-types, /slots, /records.
#include <algorithm>
#include <charconv>
#include <memory>

#include "domain/local_time.hpp"
#include "domain/validation.hpp"
#include "http/compression.hpp"
#include "http/handlers/handlers.hpp"
#include "http/history_cursor.hpp"
#include "http/json_lists.hpp"
#include "http/kept_pages.hpp"
#include "http/rendered_body.hpp"
#include "http/row_fragments.hpp"
#include "http/url.hpp"

namespace dockpoint::http {

namespace {

domain::Result<long long> NonNegative(const std::map<std::string, std::string>& params,
                                      const char* name, long long fallback) {
    const auto it = params.find(name);
    if (it == params.end() || it->second.empty()) return fallback;
    long long value = 0;
    const auto& text = it->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) {
        return domain::MakeError(domain::ErrorCode::kInvalidInput,
                                 std::string(name) + " must be a non-negative integer.");
    }
    return value;
}

// A 200 whose body is shared.
Response SharedBody(std::shared_ptr<const std::string> body) {
    Response response;
    response.status = 200;
    response.shared_body = std::move(body);
    return response;
}

bool WantsGzip(const Request& request, const std::string& body) {
    return body.size() >= kGzipMinimumBytes && AcceptsGzip(request.Header("accept-encoding"));
}

Response SlotsResponse(std::shared_ptr<const std::string> body, bool gzipped) {
    Response response = SharedBody(std::move(body));
    if (gzipped) response.AddHeader("Content-Encoding", "gzip");
    response.AddHeader("Vary", "Accept-Encoding");
    return response;
}

std::string VehicleTypesJson(const app::VehicleTypeList& types) {
    Json list = Json::array();
    for (const auto& t : types) {
        list.push_back(Json{
            {"id", t.id}, {"type_name", t.type_name}, {"hourly_rate", Money(t.hourly_rate_cents)}});
    }
    return list.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

domain::Result<app::HistoryPage> PagingOf(const Request& request) {
    const auto parsed = ParseQuery(request.query);
    if (!parsed) {
        return domain::MakeError(domain::ErrorCode::kInvalidInput,
                                 "The query string is not valid percent-encoding.");
    }
    const auto& params = *parsed;
    app::HistoryPage page;
    auto limit = NonNegative(params, "limit", -1);
    if (!limit) return limit.error();
    page.limit = *limit;
    auto offset = NonNegative(params, "offset", 0);
    if (!offset) return offset.error();
    page.offset = *offset;
    if (const auto it = params.find("before"); it != params.end() && !it->second.empty()) {
        page.before = ParseHistoryCursor(it->second);
        if (!page.before) {
            return domain::MakeError(domain::ErrorCode::kInvalidInput,
                                     "before must be the cursor of a listed record.");
        }
    }
    return page;
}

void AddHistoryRoute(Router& router, Services& s, const std::string& path, bool mine_only) {
    // Pages are kept by who may see them (everyone's, or one owner's) and
    // which part they are; the fast path sends a kept one from the I/O thread.
    auto pages = std::make_shared<KeptPages>();
    auto fragments = std::make_shared<RowFragments>();
    // Built by appending: g++ 12 at -O3 takes `"literal" + std::string` for
    // an overlapping copy (a false -Wrestrict).
    auto key_of = [mine_only](const app::Caller& caller, const app::HistoryPage& page) {
        std::string key = mine_only ? std::to_string(*caller.owner_id) : std::string("lot");
        key.append(1, ' ').append(std::to_string(page.limit));
        key.append(1, ' ').append(std::to_string(page.offset));
        if (page.before) key.append(1, ' ').append(FormatHistoryCursor(*page.before));
        return key;
    };
    auto allowed = [mine_only](const app::Caller& caller) {
        return mine_only ? caller.IsOwner() : caller.HasSession();
    };
    router
        .Add("GET", path, Placement::kReader,
             [&s, pages, fragments, key_of, allowed, mine_only](const Request& req,
                                                                const std::string&) {
                 auto caller = CallerOf(s, req);
                 if (!caller) return ErrorResponse(caller.error());
                 auto paging = PagingOf(req);
                 if (!paging) return ErrorResponse(paging.error());
                 // Both before the read.
                 const auto version = s.lot.LotVersion();
                 const auto rows_version = s.lot.ExternalVersion();
                 // Rows rendered before need not be read again (only their keys);
                 // without a count (PostgreSQL) nothing is kept, so read pages whole.
                 HeldRows held;
                 app::LotQueries::RowHeld held_row;
                 if (rows_version) {
                     held_row = [&](store::BookingKind kind, long long id) {
                         held.push_back(fragments->Find(kind, id, rows_version));
                         return held.back() != nullptr;
                     };
                 }
                 auto rows = s.lot.History(*caller, mine_only, *paging, held_row);
                 if (!rows) return ErrorResponse(rows.error());
                 auto body = std::make_shared<const std::string>(HistoryListJson(
                     *rows, s.ctx.local_time, fragments.get(), rows_version, &held));
                 if (allowed(*caller)) pages->Keep(key_of(*caller, *paging), version, body);
                 return SharedBody(std::move(body));
             })
        .fast = [&s, pages, key_of, allowed](const Request& req,
                                             const std::string&) -> std::optional<Response> {
        const auto caller = CallerFromMemory(s, req);
        if (!caller || !allowed(*caller) || !s.lot.NothingDueNow()) return std::nullopt;
        auto paging = PagingOf(req);
        if (!paging) return std::nullopt;
        auto body = pages->Find(key_of(*caller, *paging), s.lot.LotVersion());
        if (!body) return std::nullopt;
        return SharedBody(std::move(body));
    };
}

void AddLotRoutes(Router& router, Services& s) {
    // Both listings are answered on the I/O thread while the kept value's body
    // is at hand; a reader renders it when the value changed.
    auto types_body = std::make_shared<RenderedBody<app::VehicleTypeList>>();
    router
        .Add("GET", "/vehicle-types", Placement::kReader,
             [&s, types_body](const Request&, const std::string&) {
                 auto types = s.lot.VehicleTypes();
                 if (!types) return ErrorResponse(types.error());
                 if (auto body = types_body->Find(*types)) return SharedBody(std::move(body));
                 auto body = std::make_shared<const std::string>(VehicleTypesJson(**types));
                 types_body->Keep(*types, body);
                 return SharedBody(std::move(body));
             })
        .fast = [&s, types_body](const Request&, const std::string&) -> std::optional<Response> {
        auto body = types_body->Find(s.lot.KeptVehicleTypes());
        if (!body) return std::nullopt;
        return SharedBody(std::move(body));
    };

    // A big lot's map goes out gzipped to clients that take it (browsers do):
    // a twelfth of the bytes through the kernel.
    auto slots_body = std::make_shared<RenderedBody<app::SlotMap>>();
    router
        .Add("GET", "/slots", Placement::kReader,
             [&s, slots_body](const Request& req, const std::string&) {
                 auto slots = s.lot.Slots();
                 if (!slots) return ErrorResponse(slots.error());
                 auto body = slots_body->Find(*slots);
                 if (!body) {
                     body = std::make_shared<const std::string>(
                         SlotListJson((*slots)->slots, s.ctx.local_time));
                     slots_body->Keep(*slots, body);
                 }
                 if (!WantsGzip(req, *body)) return SlotsResponse(std::move(body), false);
                 auto gzip = slots_body->FindGzip(*slots);
                 if (!gzip) {
                     gzip = std::make_shared<const std::string>(Gzip(*body));
                     slots_body->KeepGzip(body, gzip);
                 }
                 return SlotsResponse(std::move(gzip), true);
             })
        .fast = [&s, slots_body](const Request& req,
                                 const std::string&) -> std::optional<Response> {
        const auto map = s.lot.KeptSlots();
        auto body = slots_body->Find(map);
        if (!body) return std::nullopt;
        if (!WantsGzip(req, *body)) return SlotsResponse(std::move(body), false);
        auto gzip = slots_body->FindGzip(map);
        if (!gzip) return std::nullopt;  // compressing is a reader's work
        return SlotsResponse(std::move(gzip), true);
    };

    auto lot = [&s](const Request&, const std::string&) {
        const auto& local = s.ctx.local_time;
        const domain::Instant now = s.ctx.clock.Now();
        return JsonResponse(200, Json{{"time_zone", local.ZoneName()},
                                      {"now", local.FormatIso(now)},
                                      {"utc_offset_minutes", local.UtcOffsetMinutes(now)}});
    };
    router.Add("GET", "/lot", Placement::kReader, lot).fast =
        [lot](const Request& req, const std::string& param) -> std::optional<Response> {
        return lot(req, param);
    };

    // GET /vehicles/NUM/status
    router.AddPrefix(
        "GET", "/vehicles/", Placement::kReader,
        [&s](const Request& req, const std::string& param) {
            constexpr std::string_view kSuffix = "/status";
            if (param.size() <= kSuffix.size() ||
                param.compare(param.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
                return JsonResponse(404, Json{{"error", "Not found."}});
            }
            auto caller = CallerOf(s, req);
            if (!caller) return ErrorResponse(caller.error());
            const auto number = PercentDecode(param.substr(0, param.size() - kSuffix.size()));
            if (!number) return JsonResponse(404, Json{{"error", "Not found."}});
            auto status = s.lot.StatusOf(*caller, *number);
            if (!status) return ErrorResponse(status.error());
            if (!*status) {
                return JsonResponse(
                    200, Json{{"vehicle_number", domain::AsciiUpper(domain::Trim(*number))},
                              {"parked", false}});
            }
            const auto& st = **status;
            return JsonResponse(
                200,
                Json{{"vehicle_number", st.vehicle_number},
                     {"parked", true},
                     {"slot_number", st.slot_number},
                     {"vehicle_type", st.vehicle_type},
                     {"entry_time", s.ctx.local_time.FormatListing(st.entry)},
                     {"duration_minutes", std::max<long long>(0, (st.now - st.entry).count() / 60)},
                     {"billed_hours", st.bill_now.billed_hours},
                     {"amount", Money(st.bill_now.amount_cents)}});
        });

    AddHistoryRoute(router, s, "/records", false);
}

}  // namespace dockpoint::http
