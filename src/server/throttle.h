#pragma once

// What keeps one client from taking the server for itself: a rate limit per client address and
// class of route, and the guard of logins (a growing delay per login, a lockout per login and
// address, so that nobody can lock a real operator out from elsewhere). Both are kept in memory:
// a restart forgets them, which costs an attacker little and a real user nothing.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "common/status.h"
#include "server/http.h"
#include "server/http_server.h"

namespace okno::server {

using Clock = std::chrono::steady_clock;

// Requests a client may make of a class of routes: `per_second` on average, `burst` at once.
struct Rate {
  double per_second = 0;
  double burst = 0;
};

// "plan=10/s+30,login=30/min+30,api=50/s+200" (a class, its rate per second or minute, and
// its burst), or "off" for none; a class not named keeps its default.
Result<std::map<std::string, Rate>> ParseRateLimits(const std::string& text,
                                                    std::map<std::string, Rate> defaults);
// The defaults: what a busy MFC office behind one address does in a minute, with room.
std::map<std::string, Rate> DefaultRateLimits();

// A token bucket per (client, class). Safe from many threads.
class RateLimiter {
 public:
  explicit RateLimiter(std::map<std::string, Rate> rates);

  // Takes one request of class `limit` for `client` at `now`: zero when it may go on, else how
  // long until it may. A class without a rate is not limited.
  std::chrono::milliseconds Take(const std::string& client, const std::string& limit,
                                 Clock::time_point now);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  std::map<std::string, Rate> rates_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Bucket> buckets_;
  uint64_t takes_ = 0;
};

// Failed logins, by login and by login and address.
class LoginGuard {
 public:
  struct Options {
    // From the delay_after-th failure on a login in `window`, each attempt on it waits
    // first_delay, doubling with each further failure, up to max_delay; a success clears it.
    int delay_after = 3;
    std::chrono::milliseconds first_delay{250};
    std::chrono::milliseconds max_delay{8000};
    std::chrono::seconds window{900};
    // lock_after failures in a row from one address lock that login from that address alone.
    int lock_after = 10;
    std::chrono::seconds lock_for{900};
  };
  LoginGuard() : LoginGuard(Options{}) {}
  explicit LoginGuard(Options options) : options_(options) {}

  struct Verdict {
    std::chrono::milliseconds locked_for{0};  // non-zero: refused (429) for this long
    std::chrono::milliseconds delay{0};       // how long the attempt waits before it is tried
  };
  Verdict Check(const std::string& login, const std::string& client, Clock::time_point now);
  void Record(const std::string& login, const std::string& client, bool succeeded,
              Clock::time_point now);

 private:
  struct Failures {
    int count = 0;
    Clock::time_point last;
    Clock::time_point locked_until;
  };
  void Forget(Clock::time_point now);  // entries past their window, when there are many

  const Options options_;
  std::mutex mutex_;
  std::map<std::string, Failures> by_login_;
  std::map<std::pair<std::string, std::string>, Failures> by_login_and_client_;
};

// okno serve's admission (ServerOptions::admit): the client's rate for the route's class (429
// with Retry-After past it), then, for a login, the guard's verdict on its name and client.
Admission Admit(const HttpRequest& request, const RouteOptions& route, RateLimiter& rates,
                LoginGuard& logins);

// The login a POST /api/v1/sessions body names, or "" (a body that is not one is the
// handler's to refuse).
std::string LoginOf(const HttpRequest& request);

}  // namespace okno::server
