#include "server/routes.h"

#include <sodium.h>

#include "server/openapi.h"

namespace okno::server {

void AddMetricsRoute(Router& router, const Metrics& metrics, cases::CaseService& cases,
                     std::string token) {
  router.Add("GET", "/metrics", [&metrics, &cases, token](const HttpRequest& request) {
    std::string expected = "Bearer " + token;
    std::string given = request.Header("authorization");
    // Compared in constant time: the token is a secret.
    if (token.empty() || given.size() != expected.size() ||
        sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
      HttpResponse refused = Problem(401, "unauthenticated",
                                     "metrics are for the scraper holding the key folder's "
                                     "metrics.token (Authorization: Bearer)");
      refused.headers.emplace_back("WWW-Authenticate", "Bearer");
      return refused;
    }
    std::map<std::string, double> gauges;
    if (Result<int64_t> open = cases.events().CountCases("open"); open.ok()) {
      gauges["okno_cases_open"] = static_cast<double>(*open);
    }
    return HttpResponse::Text(200, "text/plain; version=0.0.4; charset=utf-8",
                              metrics.Render(gauges));
  });
}

void AddRoutes(Router& router, const PublicApi& public_api, CaseApi& case_api, AdminApi& admin_api,
               const Metrics& metrics, std::string metrics_token) {
  AddOpenApiRoute(router);
  AddMetricsRoute(router, metrics, case_api.cases, std::move(metrics_token));
  AddAdminRoutes(router, admin_api);
  AddCaseRoutes(router, case_api);
  AddPublicRoutes(router, public_api);
}

}  // namespace okno::server
