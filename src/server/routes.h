#pragma once

// Every route `okno serve` answers, in one place: the API (described by openapi.h from the
// same specs), the metrics, then the web app.

#include <string>

#include "server/admin_api.h"
#include "server/case_api.h"
#include "server/http.h"
#include "server/metrics.h"
#include "server/public_api.h"

namespace okno::server {

// The APIs and the metrics must outlive the router. GET /metrics answers the scraper holding
// `metrics_token` (Authorization: Bearer, the key folder's metrics.token) with `metrics` in
// Prometheus text format and the cases open as a gauge: no personal data, but failed logins
// and activity per route are not for anyone to watch.
void AddRoutes(Router& router, const PublicApi& public_api, CaseApi& case_api, AdminApi& admin_api,
               const Metrics& metrics, std::string metrics_token);

}  // namespace okno::server
