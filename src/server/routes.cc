#include "server/routes.h"

#include <map>

#include "server/endpoint.h"
#include "server/openapi.h"

namespace okno::server {
namespace {

void AddMetricsRoute(Endpoints& endpoints, const Metrics& metrics, cases::CaseService& cases) {
  endpoints.Add({.method = "GET", .path = "/metrics", .access = Access::kMetricsToken},
                [&metrics, &cases](const Call&) -> Result<HttpResponse> {
                  std::map<std::string, double> gauges;
                  if (Result<int64_t> open = cases.events().CountCases("open"); open.ok()) {
                    gauges["okno_cases_open"] = static_cast<double>(*open);
                  }
                  return HttpResponse::Text(200, "text/plain; version=0.0.4; charset=utf-8",
                                            metrics.Render(gauges));
                });
}

}  // namespace

void AddRoutes(Router& router, const PublicApi& public_api, CaseApi& case_api, AdminApi& admin_api,
               const Metrics& metrics, std::string metrics_token) {
  Endpoints endpoints(router, case_api.users, case_api.audit, std::move(metrics_token));
  AddOpenApiRoute(endpoints, router);
  AddMetricsRoute(endpoints, metrics, case_api.cases);
  AddAdminRoutes(endpoints, admin_api);
  AddCaseRoutes(endpoints, case_api);
  AddPublicRoutes(endpoints, public_api);
}

}  // namespace okno::server
