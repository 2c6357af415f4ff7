#include "server/login.h"

namespace okno::server {

Handler RequireRole(auth::UserStore& users, std::set<std::string> roles, UserHandler handler) {
  return
      [&users, roles = std::move(roles), handler = std::move(handler)](const HttpRequest& request) {
        std::string header = request.Header("authorization");
        Result<auth::User> user =
            users.Authenticate(header.starts_with("Bearer ") ? header.substr(7) : "");
        if (!user.ok()) {
          HttpResponse response = ProblemOf(user.status());
          response.headers.emplace_back("WWW-Authenticate", "Bearer");
          return response;
        }
        if (!roles.contains(user->role)) {
          return Problem(403, "forbidden", "the role " + user->role + " may not do this");
        }
        return handler(*user, request);
      };
}

}  // namespace okno::server
