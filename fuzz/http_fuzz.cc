// Fuzzes what the server reads from the network: bytes parsed as one HTTP/1.1 request with the
// server's limits, then dispatched to every route of the real API (fuzz_server.h). The first byte
// chooses whose token, if any, is added as a header. Nothing may crash, hang or leak: bad input
// gets a 4xx problem.

#include <cstdint>
#include <string>

#include "fuzz_server.h"
#include "server/http_server.h"

using namespace okno;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::Server server;
  if (size == 0) return 0;
  server::ServerOptions options;
  options.max_body_bytes = 64 * 1024;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  okno::Result<server::HttpRequest> request = server::ParseRequest(bytes, options);
  if (!request.ok()) return 0;
  size_t who = data[0] % (server.tokens.size() + 1);
  if (who < server.tokens.size()) {
    request->headers["authorization"] = "Bearer " + server.tokens[who];
  }
  server::HttpResponse response = server.router.Dispatch(*request);
  if (response.status < 200 || response.status >= 600 || response.status == 500) __builtin_trap();
  return 0;
}
