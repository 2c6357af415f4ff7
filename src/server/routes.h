#pragma once

// Every route `okno serve` answers, in one place: the API (described by openapi.h), then the
// web app.

#include "server/case_api.h"
#include "server/http.h"
#include "server/public_api.h"

namespace okno::server {

// Both APIs must outlive the router.
void AddRoutes(Router& router, const PublicApi& public_api, CaseApi& case_api);

}  // namespace okno::server
