#include "server/routes.h"

#include "server/openapi.h"

namespace okno::server {

void AddRoutes(Router& router, const PublicApi& public_api, CaseApi& case_api) {
  AddOpenApiRoute(router);
  AddCaseRoutes(router, case_api);
  AddPublicRoutes(router, public_api);
}

}  // namespace okno::server
