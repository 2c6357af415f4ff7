#include "server/login.h"

#include <spdlog/spdlog.h>

#include "common/logging.h"

namespace okno::server {
namespace {

// A refusal in the audit log; one that cannot be recorded is logged and the refusal stands.
void RecordRefusal(audit::AuditLog& audit, const std::string& actor, const std::string& action,
                   const HttpRequest& request, const std::string& reason) {
  if (Status logged = audit.Append(
          {actor, action, request.method + " " + request.path, reason, request.client});
      !logged.ok()) {
    spdlog::error("audit: a refusal could not be recorded: {}", logged.message());
  }
}

}  // namespace

Handler RequireRole(auth::UserStore& users, audit::AuditLog& audit, std::set<std::string> roles,
                    UserHandler handler) {
  return [&users, &audit, roles = std::move(roles),
          handler = std::move(handler)](const HttpRequest& request) {
    std::string header = request.Header("authorization");
    Result<auth::User> user =
        users.Authenticate(header.starts_with("Bearer ") ? header.substr(7) : "");
    if (!user.ok()) {
      if (user.status().code() == StatusCode::kUnauthenticated) {
        spdlog::info(LogFields({{"event", "access_refused"}, {"status", 401}}));
        RecordRefusal(audit, "", "access.unauthenticated", request,
                      header.empty() ? "no token" : "no live session for the token");
      }
      HttpResponse response = ProblemOf(user.status());
      response.headers.emplace_back("WWW-Authenticate", "Bearer");
      return response;
    }
    if (!roles.contains(user->role)) {
      spdlog::info(LogFields({{"event", "access_refused"}, {"status", 403}}));
      RecordRefusal(audit, user->login, "access.forbidden", request,
                    "the role " + user->role + " may not");
      return Problem(403, "forbidden", "the role " + user->role + " may not do this");
    }
    return handler(*user, request);
  };
}

}  // namespace okno::server
