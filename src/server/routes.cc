#include "server/routes.h"

#include "server/openapi.h"

namespace okno::server {

void AddMetricsRoute(Router& router, const Metrics& metrics, cases::CaseService& cases) {
  router.Add("GET", "/metrics", [&metrics, &cases](const HttpRequest&) {
    std::map<std::string, double> gauges;
    if (Result<int64_t> open = cases.events().CountCases("open"); open.ok()) {
      gauges["okno_cases_open"] = static_cast<double>(*open);
    }
    return HttpResponse::Text(200, "text/plain; version=0.0.4; charset=utf-8",
                              metrics.Render(gauges));
  });
}

void AddRoutes(Router& router, const PublicApi& public_api, CaseApi& case_api, AdminApi& admin_api,
               const Metrics& metrics) {
  AddOpenApiRoute(router);
  AddMetricsRoute(router, metrics, case_api.cases);
  AddAdminRoutes(router, admin_api);
  AddCaseRoutes(router, case_api);
  AddPublicRoutes(router, public_api);
}

}  // namespace okno::server
