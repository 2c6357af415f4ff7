#pragma once

// The HTTP/1.1 server under `okno serve`: Boost.Beast on Asio, async with keep-alive, a few io
// threads for the sockets and a separate pool for the handlers, so that planning never holds
// up reading and writing. Limits on header and body size, a deadline for each request to
// arrive whole (an idle keep-alive connection or a slow client is closed), and a graceful
// stop: no new connections, requests in flight finish, idle connections close.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "server/http.h"

namespace okno::server {

// Whether a request goes on to its handler, decided before it is queued: a refusal to answer
// instead (429 with Retry-After), or a wait first (a login on a name that failed before).
struct Admission {
  std::optional<HttpResponse> refusal;
  std::chrono::milliseconds delay{0};
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see HttpServer::port)
  // HTTPS with this certificate chain and key (PEM files), TLS 1.2 or later, HSTS on every
  // response; plain HTTP to the port is answered 400 and closed. Empty: plain HTTP.
  std::string tls_certificate;
  std::string tls_key;
  int io_threads = 1;
  int worker_threads = 2;  // the general pool (Pool::kGeneral)
  // The pools of CPU work anyone may ask for (a plan, a password's hash): their threads and
  // how many requests may wait for one; a request that finds the queue full gets 503 with
  // Retry-After at once.
  int planning_threads = 1;
  int planning_queue = 16;
  int password_threads = 1;
  int password_queue = 16;
  // The time a handler may take: then HttpRequest::cancelled is set (as when the client
  // leaves), and long work stops.
  std::chrono::milliseconds handler_deadline{10'000};
  // Called on the socket's thread before a request is queued; null: every request goes on.
  std::function<Admission(const HttpRequest&, const RouteOptions&)> admit;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  // The time a request has to arrive whole, counted from the end of the previous response.
  std::chrono::milliseconds request_timeout{30'000};
  // Connections open at once, in all and from one client address; one more is closed at once.
  int max_connections = 1000;
  int max_connections_per_client = 64;
  // Peers whose X-Forwarded-For is believed (a reverse proxy in front): the client is then the
  // header's last hop, the address that proxy saw. Anyone else's header is ignored.
  std::vector<std::string> trusted_proxies;
  // Called after each answered request with its route pattern (Router::Dispatch), status and
  // the handler's time in seconds: for metrics and logs. Runs on a handler thread.
  std::function<void(const HttpRequest&, const std::string& route, int status, double seconds)>
      on_response;
};

// Parses one HTTP/1.1 request from `bytes` as the server does, with the options' header and
// body limits and its framing checks (a Transfer-Encoding other than exactly chunked, a
// repeated Authorization, Content-Type, Idempotency-Key or Host): what the server would hand
// its router. InvalidArgument for what the server answers 400, 413 or 431 to (and closes the
// connection after), or for bytes that end before the request does. For the fuzz target and
// tests.
Result<HttpRequest> ParseRequest(std::string_view bytes, const ServerOptions& options);

class HttpServer {
 public:
  // Binds and starts serving `router` (which must outlive the server). Unavailable when the
  // address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options,
                                                   const Router& router);
  ~HttpServer();  // Stop() and Wait()

  // The port bound (the chosen one when the options said 0).
  uint16_t port() const;
  // Begins a graceful stop; safe from any thread and from a signal handler's thread.
  void Stop();
  // Returns when the server has stopped and every connection is closed.
  void Wait();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace okno::server
