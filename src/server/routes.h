#pragma once

// Every route `okno serve` answers, in one place: the API (described by openapi.h), then the
// web app.

#include "server/admin_api.h"
#include "server/case_api.h"
#include "server/http.h"
#include "server/metrics.h"
#include "server/public_api.h"

namespace okno::server {

// GET /metrics: `metrics` in Prometheus text format, with the cases open as a gauge, for a
// scraper holding `token` (Authorization: Bearer, the key folder's metrics.token): no personal
// data, but failed logins and activity per route are not for anyone to watch.
void AddMetricsRoute(Router& router, const Metrics& metrics, cases::CaseService& cases,
                     std::string token);

// The APIs and the metrics must outlive the router.
void AddRoutes(Router& router, const PublicApi& public_api, CaseApi& case_api, AdminApi& admin_api,
               const Metrics& metrics, std::string metrics_token);

}  // namespace okno::server
