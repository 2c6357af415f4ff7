#pragma once

// The administrator's endpoints (role admin only): users, their roles and agencies. Every
// change is audited; the last active administrator cannot be disabled or demoted.
//
// GET  /api/v1/admin/users
// POST /api/v1/admin/users {login, role, agency, name, password} → 201
// POST /api/v1/admin/users/{login}/role {role, agency}
// POST /api/v1/admin/users/{login}/password {password}
// POST /api/v1/admin/users/{login}/disable
// GET  /api/v1/admin/roles
// GET  /api/v1/admin/agencies (the catalog's agencies with their workers)

#include "audit/audit_log.h"
#include "auth/user_store.h"
#include "planner/catalog_source.h"
#include "server/endpoint.h"
#include "server/http.h"

namespace okno::server {

struct AdminApi {
  auth::UserStore& users;
  audit::AuditLog& audit;
  planner::CatalogSource& catalogs;
};

// `api` must outlive the router.
void AddAdminRoutes(Endpoints& endpoints, AdminApi& api);

}  // namespace okno::server
