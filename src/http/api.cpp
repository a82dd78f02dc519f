#include "http/api.hpp"

#include "http/handlers/handlers.hpp"
#include "http/origin_check.hpp"

namespace dockpoint::http {

namespace {

// What every answer carries.
Response Finished(Response response) {
    response.AddHeader("X-Content-Type-Options", "nosniff");
    if (response.content_type == "application/json")
        response.AddHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

struct Api::Impl {
    Impl(const app::Context& context, ApiOptions opts)
        : ctx(context),
          options(std::move(opts)),
          accounts(context),
          vehicles(context),
          parking(context),
          reservations(context),
          lot(context),
          services{context,
                   accounts,
                   vehicles,
                   parking,
                   reservations,
                   lot,
                   options.files,
                   options.content_security_policy,
                   options.secure_cookies} {
        AddAuthRoutes(router, services);
        AddOwnerRoutes(router, services);
        AddLotRoutes(router, services);
        AddParkingRoutes(router, services);
        AddReservationRoutes(router, services);
        AddEventRoutes(router, services);
        AddPageRoutes(router, services);
    }

    const app::Context& ctx;
    ApiOptions options;
    app::AccountService accounts;
    app::VehicleService vehicles;
    app::ParkingService parking;
    app::ReservationService reservations;
    app::LotQueries lot;
    Services services;
    Router router;
};

Api::Api(const app::Context& ctx, ApiOptions options)
    : impl_(std::make_unique<Impl>(ctx, std::move(options))) {}

Api::~Api() = default;

Api::Plan Api::Prepare(const Request& request) const {
    Plan plan;
    if (IsCrossSiteWrite(request)) {
        plan.answer = Finished(JsonResponse(403, Json{{"error", "Cross-site request refused."}}));
        return plan;
    }
    Router::Match match = impl_->router.Find(request);
    if (match.answer) {
        plan.answer = Finished(std::move(*match.answer));
        return plan;
    }
    if (auto fast = Router::RunFast(*match.route, request, match.param)) {
        plan.answer = Finished(std::move(*fast));
        return plan;
    }
    plan.route = match.route;
    plan.placement = match.route->placement;
    plan.param = std::move(match.param);
    return plan;
}

Response Api::Execute(const Plan& plan, const Request& request) const {
    if (plan.answer) return *plan.answer;
    return Finished(Router::Run(*plan.route, request, plan.param));
}

bool Api::TakesCommands() const { return impl_->ctx.store.TakesCommands(); }

void Api::Submit(const Plan& plan, const Request& request,
                 std::function<void(Response)> reply) const {
    auto response = std::make_shared<Response>();
    impl_->ctx.store.Submit(store::WriteCommand{
        [this, &plan, &request, response] { *response = Execute(plan, request); },
        [response, reply = std::move(reply)](const domain::Status& durable) {
            // Whatever the handler answered, its change is not saved.
            if (!durable) *response = Finished(ErrorResponse(durable.error()));
            reply(std::move(*response));
        }});
}

}  // namespace dockpoint::http
