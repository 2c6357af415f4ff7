#pragma once

// The handlers of the API, made from their route specs (http.h): each request is admitted as
// its spec says — a live session of one of its roles (401, 403, each refusal audited with the
// client's address), or the metrics token — and its body parsed and checked against the
// spec's schema with every field error kept, before the endpoint sees it. An endpoint returns
// Result<HttpResponse>; a failure becomes a problem (ProblemOf) here, in one place.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "audit/audit_log.h"
#include "auth/user_store.h"
#include "common/status.h"
#include "server/http.h"

namespace okno::server {

// What an endpoint is called with.
struct Call {
  const HttpRequest& request;
  // The session's user; null on a route without login.
  const auth::User* user;
  // The body, as the spec's schema describes it; null for a route that takes none.
  const nlohmann::json& body;

  // The {name} segment of the path.
  const std::string& Param(const std::string& name) const { return request.params.at(name); }
  // The body's text field, or "" when absent (the schema has checked its type).
  std::string Text(const std::string& key) const;
};

using Endpoint = std::function<Result<HttpResponse>(const Call&)>;

class Endpoints {
 public:
  // `router`, `users` and `audit` must outlive the routes added; this object need not.
  // `metrics_token`: what a kMetricsToken route asks for (Authorization: Bearer); empty refuses
  // everyone.
  Endpoints(Router& router, auth::UserStore& users, audit::AuditLog& audit,
            std::string metrics_token, int max_json_depth = 64);

  // Serves `spec` with `endpoint`. std::invalid_argument for a spec that cannot be served as
  // declared (a session route without roles, a body schema the server would not check
  // whole): a programming error, found when the routes are added.
  void Add(RouteSpec spec, Endpoint endpoint);

  auth::UserStore& users() { return users_; }
  audit::AuditLog& audit() { return audit_; }

 private:
  Router& router_;
  auth::UserStore& users_;
  audit::AuditLog& audit_;
  std::string metrics_token_;
  int max_json_depth_;
};

}  // namespace okno::server
