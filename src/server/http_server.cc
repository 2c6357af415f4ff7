#include "server/http_server.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/asio.h"

// TLS is Asio's OpenSSL binding: only this file sees it.
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

namespace okno::server {
namespace {

namespace http = beast::http;
using asio::ip::tcp;

int FromHex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; in a query, '+' is a space too.
std::string Decode(std::string_view text, bool query) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && FromHex(text[i + 1]) >= 0 &&
        FromHex(text[i + 2]) >= 0) {
      out += static_cast<char>(FromHex(text[i + 1]) * 16 + FromHex(text[i + 2]));
      i += 2;
    } else if (query && text[i] == '+') {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What Beast leaves to its user: a request whose framing two parsers could read differently is
// refused (RFC 9112 §6.3: a Transfer-Encoding whose final coding is not chunked; Beast 1.74
// reads such a request as having no body and the bytes after it as the next request), and so is
// a header that decides who asks or what the body is, given twice.
Status CheckFraming(const http::request<http::string_body>& in) {
  int codings = 0;
  for (auto [field, end] = in.equal_range(http::field::transfer_encoding); field != end; ++field) {
    ++codings;
    std::string_view value(field->value().data(), field->value().size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (Lower(value) != "chunked") {
      return InvalidArgumentError("Transfer-Encoding: only chunked is accepted");
    }
  }
  if (codings > 1) return InvalidArgumentError("Transfer-Encoding: given more than once");
  for (const char* name : {"authorization", "content-type", "idempotency-key", "host"}) {
    if (std::distance(in.equal_range(name).first, in.equal_range(name).second) > 1) {
      return InvalidArgumentError(std::string(name) + ": given more than once");
    }
  }
  return Status::Ok();
}

HttpRequest Convert(const http::request<http::string_body>& in) {
  HttpRequest request;
  request.method = std::string(in.method_string());
  std::string_view target(in.target().data(), in.target().size());
  size_t question = target.find('?');
  request.path = Decode(target.substr(0, question), /*query=*/false);
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      size_t equals = pair.find('=');
      std::string key = Decode(pair.substr(0, equals), true);
      std::string value =
          equals == std::string_view::npos ? "" : Decode(pair.substr(equals + 1), true);
      if (!key.empty()) request.query.emplace(std::move(key), std::move(value));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  for (const auto& field : in) {
    request.headers[Lower({field.name_string().data(), field.name_string().size()})] =
        std::string(field.value());
  }
  request.body = in.body();
  return request;
}

http::response<http::string_body> ToBeast(const HttpResponse& response, unsigned version,
                                          bool keep_alive, bool head, bool tls) {
  http::response<http::string_body> out(static_cast<http::status>(response.status), version);
  out.set(http::field::server, "Okno");
  // Over TLS, a browser is told to come back over TLS only, for a year.
  if (tls) out.set(http::field::strict_transport_security, "max-age=31536000");
  out.set(http::field::content_type, response.content_type);
  // insert, not set: a response may carry a header more than once.
  for (const auto& [name, value] : response.headers) out.insert(name, value);
  out.keep_alive(keep_alive);
  out.body() = response.body;
  out.prepare_payload();
  if (head) out.body().clear();  // Content-Length stays that of the GET
  return out;
}

// A completion for detached coroutines: an exception is logged, never rethrown into an io
// thread (which would end the server).
auto Report(const char* what) {
  return [what](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& exception) {
      spdlog::error("http: {}: {}", what, exception.what());
    }
  };
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(const ServerOptions& options, const Router& router)
      : options_(options),
        router_(router),
        io_(std::max(1, options.io_threads)),
        general_(options.worker_threads, 1 << 20),
        planning_(options.planning_threads, options.planning_queue),
        passwords_(options.password_threads, options.password_queue),
        acceptor_(asio::make_strand(io_)) {}

  ~Impl() {
    Stop();
    Wait();
  }

  // The TLS context from the options' certificate and key: TLS 1.2 and later only.
  Status PrepareTls() {
    if (options_.tls_certificate.empty()) return Status::Ok();
    tls_.emplace(asio::ssl::context::tls_server);
    beast::error_code error;
    tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                          asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                      error);
    // OpenSSL 3 reports a peer that closes without close_notify as an error Boost 1.74 does not
    // know; a client that simply goes away is no error here.
    SSL_CTX_set_options(tls_->native_handle(), SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_min_proto_version(tls_->native_handle(), TLS1_2_VERSION);
    if (!error) tls_->use_certificate_chain_file(options_.tls_certificate, error);
    if (error) {
      return InvalidArgumentError("--tls-cert " + options_.tls_certificate + ": " +
                                  error.message());
    }
    tls_->use_private_key_file(options_.tls_key, asio::ssl::context::pem, error);
    if (error)
      return InvalidArgumentError("--tls-key " + options_.tls_key + ": " + error.message());
    return Status::Ok();
  }

  Status Bind() {
    beast::error_code error;
    asio::ip::address address = asio::ip::make_address(options_.host, error);
    if (error) return InvalidArgumentError("'" + options_.host + "' is not an IP address");
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      return UnavailableError("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) + ": " + error.message());
    }
    port_ = acceptor_.local_endpoint().port();
    return Status::Ok();
  }

  void Run() {
    asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), Report("accepting"));
    for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
      threads_.emplace_back([this] { io_.run(); });
    }
  }

  uint16_t port() const { return port_; }

  void Stop() {
    {
      std::lock_guard lock(sessions_mutex_);
      if (stopping_) return;
      stopping_ = true;
      // Idle connections close now; busy ones after their response.
      for (auto& [id, session] : sessions_) {
        if (session.busy) continue;
        asio::post(session.executor, [weak = session.stream] {
          if (std::shared_ptr<beast::tcp_stream> stream = weak.lock()) {
            beast::error_code ignored;
            stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
            stream->socket().close(ignored);
          }
        });
      }
    }
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
  }

  void Wait() {
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    threads_.clear();
    for (WorkPool* pool : {&general_, &planning_, &passwords_}) pool->threads.join();
  }

 private:
  struct Session {
    std::weak_ptr<beast::tcp_stream> stream;
    asio::any_io_executor executor;
    bool busy = false;
  };

  // Threads for handlers, and how many requests it takes at once (running and waiting).
  struct WorkPool {
    WorkPool(int threads, int queue)
        : threads(static_cast<size_t>(std::max(1, threads))), limit(std::max(1, threads) + queue) {}
    bool Enter() {
      if (taken.fetch_add(1) >= limit) {
        taken.fetch_sub(1);
        return false;
      }
      return true;
    }
    void Leave() { taken.fetch_sub(1); }
    asio::thread_pool threads;
    const int limit;
    std::atomic<int> taken = 0;
  };

  WorkPool& PoolOf(Pool pool) {
    switch (pool) {
      case Pool::kPlanning:
        return planning_;
      case Pool::kPasswords:
        return passwords_;
      case Pool::kGeneral:
        break;
    }
    return general_;
  }

  // A response made here rather than by a handler, with what Handle gives every response.
  HttpResponse Refused(const HttpRequest& request, HttpResponse response) {
    AddSecurityHeaders(request, response);
    if (options_.on_response) options_.on_response(request, "refused", response.status, 0);
    return response;
  }

  // Runs `request`'s handler on its pool, with a deadline and an eye on the client: either
  // sets request.cancelled. A full pool answers 503 at once.
  asio::awaitable<HttpResponse> Run(HttpRequest& request, beast::tcp_stream& stream) {
    const RouteOptions& route = router_.OptionsFor(request);
    if (options_.admit) {
      Admission admission = options_.admit(request, route);
      if (admission.refusal) co_return Refused(request, std::move(*admission.refusal));
      if (admission.delay.count() > 0) {
        asio::steady_timer wait(stream.get_executor(), admission.delay);
        beast::error_code ignored;
        co_await wait.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      }
    }
    WorkPool& pool = PoolOf(route.pool);
    if (!pool.Enter()) {
      co_return Refused(request,
                        RetryLater(503, "busy",
                                   "the server has more of this work than it takes at once; try "
                                   "again in a moment",
                                   std::chrono::seconds(1)));
    }
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    request.cancelled = cancelled;
    asio::steady_timer deadline(stream.get_executor(), options_.handler_deadline);
    deadline.async_wait([cancelled](const beast::error_code& error) {
      if (!error) *cancelled = true;
    });
    // A client that closes its end while the handler runs no longer wants the answer. (Bytes
    // of a next, pipelined request are left where they are: the watch ends there.)
    tcp::socket& socket = stream.socket();
    socket.async_wait(tcp::socket::wait_read, [cancelled, &socket](const beast::error_code& error) {
      if (error) return;
      char byte;
      if (::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0) *cancelled = true;
    });
    HttpResponse response = co_await asio::co_spawn(
        pool.threads, [&]() -> asio::awaitable<HttpResponse> { co_return Handle(request); },
        asio::use_awaitable);
    pool.Leave();
    deadline.cancel();
    beast::error_code ignored;
    socket.cancel(ignored);
    co_return response;
  }

  asio::awaitable<void> AcceptLoop() {
    for (;;) {
      beast::error_code error;
      tcp::socket socket = co_await acceptor_.async_accept(
          asio::make_strand(io_), asio::redirect_error(asio::use_awaitable, error));
      if (error) {
        if (!acceptor_.is_open()) co_return;  // stopping
        if (error == asio::error::no_descriptors || error == asio::error::no_buffer_space ||
            error == asio::error::no_memory || error.value() == ENFILE) {
          // Out of file descriptors: the listening socket stays readable, so accepting again at
          // once would spin. Pause, and let the connections that end free some.
          spdlog::warn("http: cannot accept a connection: {}; pausing", error.message());
          asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(100));
          co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
        }
        continue;  // a connection that failed while being accepted
      }
      std::string client = PeerOf(socket);
      if (!Admit(client)) {
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      asio::any_io_executor executor = socket.get_executor();
      asio::co_spawn(executor, Serve(std::move(socket), std::move(client)), Report("a connection"));
    }
  }

  static std::string PeerOf(const tcp::socket& socket) {
    beast::error_code error;
    tcp::endpoint peer = socket.remote_endpoint(error);
    return error ? std::string() : peer.address().to_string();
  }

  // Counts a new connection from `client`, unless it would pass a connection limit.
  bool Admit(const std::string& client) {
    std::lock_guard lock(sessions_mutex_);
    int& from_client = connections_by_client_[client];
    if (static_cast<int>(sessions_.size()) >= options_.max_connections ||
        from_client >= options_.max_connections_per_client) {
      if (from_client == 0) connections_by_client_.erase(client);
      return false;
    }
    ++from_client;
    return true;
  }

  // The client a request is from: the peer, or a trusted proxy's last X-Forwarded-For hop.
  std::string ClientOf(const std::string& peer, const HttpRequest& request) const {
    if (std::find(options_.trusted_proxies.begin(), options_.trusted_proxies.end(), peer) ==
        options_.trusted_proxies.end()) {
      return peer;
    }
    std::string forwarded = request.Header("x-forwarded-for");
    std::string last = forwarded.substr(
        forwarded.find_last_of(',') == std::string::npos ? 0 : forwarded.find_last_of(',') + 1);
    while (!last.empty() && last.front() == ' ') last.erase(0, 1);
    while (!last.empty() && last.back() == ' ') last.pop_back();
    beast::error_code error;
    asio::ip::make_address(last, error);
    return error ? peer : last;
  }

  // Marks the session idle unless the server is stopping: then the session must end.
  bool MarkIdle(uint64_t id) {
    std::lock_guard lock(sessions_mutex_);
    if (stopping_) return false;
    sessions_[id].busy = false;
    return true;
  }

  void MarkBusy(uint64_t id) {
    std::lock_guard lock(sessions_mutex_);
    sessions_[id].busy = true;
  }

  HttpResponse Handle(const HttpRequest& request) {
    auto started = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    HttpResponse response;
    if (std::optional<HttpResponse> refusal = RefusalOf(request)) {
      response = std::move(*refusal);
    } else {
      try {
        response = router_.Dispatch(request, &route);
      } catch (const std::exception& exception) {
        spdlog::error("http: {}: {}", route, exception.what());
        response = Problem(500, "internal", "the server failed on this request");
      }
    }
    AddSecurityHeaders(request, response);
    if (options_.on_response) {
      std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
      options_.on_response(request, route, response.status, seconds.count());
    }
    return response;
  }

  asio::awaitable<void> Serve(tcp::socket socket, std::string peer) {
    if (!tls_) {
      auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
      co_await Converse(stream, stream, std::move(peer));
      co_return;
    }
    // Plain HTTP sent to the TLS port is told so and closed: a TLS client's first byte is a
    // handshake record (22).
    auto stream = std::make_shared<beast::ssl_stream<beast::tcp_stream>>(std::move(socket), *tls_);
    std::shared_ptr<beast::tcp_stream> lowest(stream, &beast::get_lowest_layer(*stream));
    lowest->expires_after(options_.request_timeout);
    beast::error_code error;
    co_await lowest->socket().async_wait(tcp::socket::wait_read,
                                         asio::redirect_error(asio::use_awaitable, error));
    unsigned char first = 0;
    if (!error && ::recv(lowest->socket().native_handle(), &first, 1, MSG_PEEK) == 1 &&
        first != 22) {
      const std::string body = "This server speaks HTTPS only: use https:// (только HTTPS)\n";
      std::string refusal =
          "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
          "Connection: close\r\nContent-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body;
      co_await asio::async_write(lowest->socket(), asio::buffer(refusal),
                                 asio::redirect_error(asio::use_awaitable, error));
      lowest->socket().shutdown(tcp::socket::shutdown_both, error);
      ReleaseClient(peer);
      co_return;
    }
    if (!error) {
      co_await stream->async_handshake(asio::ssl::stream_base::server,
                                       asio::redirect_error(asio::use_awaitable, error));
    }
    if (error) {  // not TLS, an old version, or gone: nothing to answer
      beast::error_code ignored;
      lowest->socket().close(ignored);
      ReleaseClient(peer);
      co_return;
    }
    co_await Converse(stream, lowest, std::move(peer));
  }

  void ReleaseClient(const std::string& peer) {
    std::lock_guard lock(sessions_mutex_);
    if (auto count = connections_by_client_.find(peer);
        count != connections_by_client_.end() && --count->second <= 0) {
      connections_by_client_.erase(count);
    }
  }

  // The requests of one connection, over `stream` (plain or TLS) whose TCP layer is `lowest`.
  template <typename Stream>
  asio::awaitable<void> Converse(std::shared_ptr<Stream> stream,
                                 std::shared_ptr<beast::tcp_stream> lowest, std::string peer) {
    uint64_t id = next_session_++;
    {
      std::lock_guard lock(sessions_mutex_);
      sessions_[id] = {lowest, lowest->get_executor(), true};
    }
    beast::flat_buffer buffer;
    for (;;) {
      if (!MarkIdle(id)) break;
      lowest->expires_after(options_.request_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      parser.body_limit(options_.max_body_bytes);
      beast::error_code error;
      co_await http::async_read(*stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, error));
      MarkBusy(id);
      std::optional<HttpResponse> refusal;
      if (error == http::error::body_limit) {
        refusal = Problem(
            413, "body_too_large",
            "the body is larger than " + std::to_string(options_.max_body_bytes) + " bytes");
      } else if (error == http::error::header_limit) {
        refusal = Problem(
            431, "headers_too_large",
            "the headers are larger than " + std::to_string(options_.max_header_bytes) + " bytes");
      } else if (error == http::error::end_of_stream || error == beast::error::timeout ||
                 error == asio::error::operation_aborted || error == asio::error::eof ||
                 error == asio::error::connection_reset || error == asio::error::bad_descriptor ||
                 error.category() == asio::error::get_ssl_category()) {
        break;  // closed, idle too long, stopping, or the TLS session failed
      } else if (error) {
        refusal = Problem(400, "malformed_request", "not an HTTP/1.1 request: " + error.message());
      } else if (Status framing = CheckFraming(parser.get()); !framing.ok()) {
        refusal = Problem(400, "malformed_request", framing.message());
      }
      if (refusal) {
        HttpRequest none;
        AddSecurityHeaders(none, *refusal);
        lowest->expires_after(options_.request_timeout);
        co_await http::async_write(*stream, ToBeast(*refusal, 11, false, false, tls_.has_value()),
                                   asio::redirect_error(asio::use_awaitable, error));
        // A lingering close: what the client is still sending is read and dropped for a
        // moment, so that closing on unread bytes (a TCP reset) cannot destroy the answer
        // before the client reads it.
        lowest->socket().shutdown(tcp::socket::shutdown_send, error);
        lowest->expires_after(std::chrono::seconds(1));
        std::array<char, 16 * 1024> scratch;
        size_t dropped = 0;
        while (!error && dropped < 4 * options_.max_body_bytes) {
          dropped += co_await lowest->async_read_some(
              asio::buffer(scratch), asio::redirect_error(asio::use_awaitable, error));
        }
        break;
      }
      const http::request<http::string_body>& in = parser.get();
      HttpRequest request = Convert(in);
      request.client = ClientOf(peer, request);
      // Handlers run on their pool: a plan never holds up the sockets.
      HttpResponse response = co_await Run(request, *lowest);
      bool keep_alive = in.keep_alive() && !stopping_;
      lowest->expires_after(options_.request_timeout);
      co_await http::async_write(*stream,
                                 ToBeast(response, in.version(), keep_alive,
                                         in.method() == http::verb::head, tls_.has_value()),
                                 asio::redirect_error(asio::use_awaitable, error));
      if (error || !keep_alive) break;
    }
    beast::error_code ignored;
    lowest->socket().shutdown(tcp::socket::shutdown_send, ignored);
    {
      std::lock_guard lock(sessions_mutex_);
      sessions_.erase(id);
    }
    ReleaseClient(peer);
  }

  const ServerOptions options_;
  const Router& router_;
  std::optional<asio::ssl::context> tls_;  // set when the server speaks HTTPS
  asio::io_context io_;
  WorkPool general_;
  WorkPool planning_;
  WorkPool passwords_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::vector<std::thread> threads_;

  std::mutex sessions_mutex_;
  std::map<uint64_t, Session> sessions_;
  std::map<std::string, int> connections_by_client_;  // open connections by peer address
  std::atomic<uint64_t> next_session_ = 0;
  std::atomic<bool> stopping_ = false;
};

Result<HttpRequest> ParseRequest(std::string_view bytes, const ServerOptions& options) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(options.max_body_bytes);
  parser.eager(true);
  beast::error_code error;
  while (!parser.is_done() && !bytes.empty()) {
    size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), error);
    if (error || used == 0) break;
    bytes.remove_prefix(used);
  }
  if (error == http::error::need_more || (!error && !parser.is_done())) {
    return InvalidArgumentError("the request ends before it is whole");
  }
  if (error) return InvalidArgumentError("not an HTTP/1.1 request: " + error.message());
  OKNO_TRY(CheckFraming(parser.get()));
  return Convert(parser.get());
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                      const Router& router) {
  auto impl = std::make_unique<Impl>(options, router);
  OKNO_TRY(impl->PrepareTls());
  OKNO_TRY(impl->Bind());
  impl->Run();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;
uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Stop() { impl_->Stop(); }
void HttpServer::Wait() { impl_->Wait(); }

}  // namespace okno::server
