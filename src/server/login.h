#pragma once

// Endpoints behind a login (DESIGN.md §4.6): a Bearer token of a live session, and a role
// that may.

#include <functional>
#include <set>
#include <string>

#include "audit/audit_log.h"
#include "auth/user_store.h"
#include "server/http.h"

namespace okno::server {

using UserHandler = std::function<HttpResponse(const auth::User&, const HttpRequest&)>;

// `handler` for the user of the request's session: 401 (with WWW-Authenticate) without a live
// one, 403 for a role not in `roles`; each refusal audited with the client's address (who was
// refused what, from where). `users` and `audit` must outlive the handler.
Handler RequireRole(auth::UserStore& users, audit::AuditLog& audit, std::set<std::string> roles,
                    UserHandler handler);

}  // namespace okno::server
