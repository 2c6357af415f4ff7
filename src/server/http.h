#pragma once

// HTTP as the API handlers see it: plain requests and responses, a router, and errors as
// application/problem+json (RFC 9457, DESIGN.md §4.6). Nothing here includes Beast: handlers
// and their tests build fast, and only http_server.cc speaks the wire protocol.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace okno::server {

struct HttpRequest {
  std::string method;                          // GET, POST, ...
  std::string path;                            // without the query: /api/v1/plan
  std::map<std::string, std::string> query;    // decoded ?key=value pairs
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::map<std::string, std::string> params;  // from the route's {name} segments
  // The client's address: the socket's peer, or the last X-Forwarded-For hop when the peer is
  // a trusted proxy (ServerOptions::trusted_proxies). Empty outside a server (tests).
  std::string client;
  // Set when the work is no longer wanted: the client left, or the request's deadline passed.
  // Long work (a plan) looks at it and stops; null outside a server.
  std::shared_ptr<const std::atomic<bool>> cancelled;

  // The header's value, or "" when absent; `name` in lower case.
  std::string Header(const std::string& name) const;
  // The query parameter's value, or `fallback`.
  std::string Query(const std::string& name, const std::string& fallback = "") const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones

  static HttpResponse Json(int status, const nlohmann::json& body);
  static HttpResponse Text(int status, std::string content_type, std::string body);
};

// An application/problem+json response: `title` says what kind of problem, `detail` what
// exactly; `errors` name the fields at fault.
HttpResponse Problem(int status, const std::string& title, const std::string& detail,
                     const std::vector<FieldError>& errors = {});
// A problem that says when to try again: 429 (too many from this client) or 503 (too busy),
// with Retry-After in whole seconds, at least 1.
HttpResponse RetryLater(int status, const std::string& title, const std::string& detail,
                        std::chrono::milliseconds after);
// The HTTP status for a Status code (invalid_argument 400, not_found 404, conflict 409, ...).
int HttpStatusOf(StatusCode code);
// A failed Status as a problem response with its status code: an InvalidFieldsError's every
// field in `errors`; an InvalidArgument whose message begins with a field path
// ("changes[0].kind: ...") names that one field.
HttpResponse ProblemOf(const Status& status);

// Parses a JSON request body, refusing a body nested deeper than `max_depth` before parsing it
// (a deep body costs the parser stack), a key repeated in one object (a proxy reading the first
// and Okno the last would see two requests) and a number beyond a double's range.
// InvalidArgument names the byte or the key where it went wrong.
Result<nlohmann::json> ParseJsonBody(std::string_view body, int max_depth);

// What every request must be before a handler sees it, whatever its route: a path without NUL
// or control bytes, and a body only as application/json (every endpoint that takes a body
// takes JSON; a text/plain POST is what another site's page may send without asking). The
// problem to answer, or nullopt.
std::optional<HttpResponse> RefusalOf(const HttpRequest& request);

// The headers every response carries: a content security policy that allows only Okno's own
// scripts and no framing, nosniff, no referrer; and no-store where it may hold personal data
// (every API response but the public catalog's and the API description).
void AddSecurityHeaders(const HttpRequest& request, HttpResponse& response);

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Where a route's handler runs. Work anyone may ask for without a login and that costs CPU —
// a plan, a password's hash — runs on a small pool of its own with a bounded queue, so that
// logins, case work and /healthz never wait behind it.
enum class Pool { kGeneral, kPlanning, kPasswords };

// How a route is answered: its pool, the per-client rate limit it counts against ("api",
// "plan", "login"; ServerOptions::rate_limits), and the largest body it takes (the server reads
// at most ServerOptions::max_body_bytes of any).
struct RouteOptions {
  Pool pool = Pool::kGeneral;
  std::string rate_limit = "api";
  size_t max_body_bytes = 64 * 1024;
};

// Who may call a route.
enum class Access {
  kAnyone,        // no login: health, the plan, the catalog, the web app
  kSession,       // a live session of a user whose role is one of RouteSpec::roles
  kMetricsToken,  // the scraper holding the key folder's metrics.token
};

// A route, declared once: the router answers by it, the API description (openapi.h) is written
// from it, and the authorization test checks every role against it.
struct RouteSpec {
  std::string method{};
  std::string path{};
  Access access = Access::kSession;
  std::set<std::string> roles{};  // with kSession, who may; never empty
  // What it does, for the API description; a route without one (the web app's files, the
  // metrics) is not part of the API.
  std::string summary{};
  // The JSON body's schema (json_schema.h: the API description's schemas, enforced as written);
  // null: the route takes no body.
  nlohmann::json body{};
  nlohmann::json parameters = nlohmann::json::array();  // OpenAPI parameter objects
  nlohmann::json answers{};     // OpenAPI responses on success: {"200": {"description": ...}}
  std::vector<int> problems{};  // the statuses of the problems it may answer with
  RouteOptions options{};
};

// Routes by method and path. A segment "{name}" matches any one segment and is passed in
// request.params; a path ending in "/*" matches that prefix and anything under it.
// An unknown path gets 404, a known one with another method 405 with Allow; a body larger than
// the route takes 413; all as problems. Handlers are made from their specs by Endpoints
// (endpoint.h), which enforces the access and the body schema.
class Router {
 public:
  // std::invalid_argument for a session route without roles: none can exist.
  void Add(RouteSpec spec, Handler handler);
  // The options of the route that would answer `request` (the general ones for none).
  const RouteOptions& OptionsFor(const HttpRequest& request) const;
  // With `route`, sets it to the pattern that answered ("GET /api/v1/cases/{id}"), or to
  // "unmatched": what metrics and logs name a request by, never its path's values.
  HttpResponse Dispatch(const HttpRequest& request, std::string* route = nullptr) const;
  // The routes as "METHOD path", in the order added (for tests).
  std::vector<std::string> Routes() const;
  // The specs, in the order added.
  std::vector<const RouteSpec*> Specs() const;

 private:
  struct Route {
    RouteSpec spec;
    Handler handler;
  };
  // The route for `request` and the {name} segments it binds; null with `allowed` set to the
  // methods of the path when only another method matches.
  const Route* Find(const HttpRequest& request, std::map<std::string, std::string>& params,
                    std::set<std::string>& allowed) const;
  std::vector<Route> routes_;
};

}  // namespace okno::server
