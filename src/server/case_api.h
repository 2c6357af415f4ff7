#pragma once

// The endpoints behind a login (DESIGN.md §4.6): sessions, and cases with their commands.
// No token or an expired one: 401; a role that may not: 403; a case the user may not see
// (another agency's): 404, so that its existence is not revealed. Every POST may carry an
// Idempotency-Key header: a retry gets the first result and writes nothing twice.

#include "audit/audit_log.h"
#include "auth/user_store.h"
#include "cases/case_service.h"
#include "server/endpoint.h"
#include "server/http.h"
#include "server/throttle.h"

namespace okno::server {

struct CaseApi {
  cases::CaseService& cases;
  auth::UserStore& users;
  // Every write and every read of a case goes to the audit log; a read the log cannot record
  // is refused (503).
  audit::AuditLog& audit;
  // Failed logins slow later ones (throttle.h); null: not recorded (tests without a server).
  LoginGuard* login_guard = nullptr;
};

// POST /api/v1/sessions {login, password} → 201 {token, expires_at_ms, user};
// DELETE /api/v1/sessions;
// POST /api/v1/cases {situation, consent: {purpose, given_on}} → 201 the case;
// GET /api/v1/cases/{id};
// POST /api/v1/cases/{id}/facts {expected_version, changes: [{path, value, kind,
//   effective_from}]};
// POST /api/v1/cases/{id}/complex-request {expected_version};
// POST /api/v1/cases/{id}/tasks/{agency}/decision {expected_version, decision, reason};
// POST /api/v1/cases/{id}/notes {expected_version, text}.
// `api` must outlive the router.
void AddCaseRoutes(Endpoints& endpoints, CaseApi& api);

}  // namespace okno::server
