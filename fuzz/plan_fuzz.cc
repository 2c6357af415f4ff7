// Fuzzes the public plan, the one route anyone may call that does real work: the bytes after
// the first are the body of POST /api/v1/plan, the first chooses ?all and ?lang. Besides not
// crashing, each request must stay within a CPU budget: work that grows past it with the input
// (the review found a plan growing as n³ in household size) is a finding, reported with the
// time it took, before the server's deadline would have hidden it.

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "fuzz_server.h"

using namespace okno;

namespace {

// Seconds of this thread's CPU.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// A plan at the public limits (30 members) takes about 0.04 s in the release build and a few
// times that under the sanitizers; a request past this is work out of proportion.
constexpr double kCpuBudgetSeconds = 1.0;

server::HttpRequest PlanRequest(std::string body) {
  server::HttpRequest request;
  request.method = "POST";
  request.path = "/api/v1/plan";
  request.headers["content-type"] = "application/json";
  request.client = "192.0.2.1";
  request.body = std::move(body);
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::Server server;
  // The first plan builds what later ones reuse (the catalog's indexes): not the input's cost.
  static const bool warmed = [] {
    return server.router
               .Dispatch(PlanRequest(R"({"as_of": "2026-12-01", "region": "RU-SPE",
                     "household": {"members": [{"id": "a", "role": "applicant"}]}})"))
               .status == 200;
  }();
  if (!warmed) __builtin_trap();
  if (size == 0) return 0;
  server::HttpRequest request =
      PlanRequest(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (data[0] & 1) request.query["all"] = "true";
  request.query["lang"] = (data[0] & 2) ? "en" : "ru";
  double started = ThreadCpuSeconds();
  server::HttpResponse response = server.router.Dispatch(request);
  double spent = ThreadCpuSeconds() - started;
  if (response.status < 200 || response.status >= 600 || response.status == 500) __builtin_trap();
  if (spent > kCpuBudgetSeconds) {
    std::fprintf(stderr, "plan_fuzz: a plan took %.2f s of CPU (the budget is %.2f s), status %d\n",
                 spent, kCpuBudgetSeconds, response.status);
    __builtin_trap();
  }
  return 0;
}
