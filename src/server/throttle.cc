#include "server/throttle.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace okno::server {
namespace {

// Buckets and failures kept before the stale ones are dropped: bounded memory under a flood of
// addresses or logins.
constexpr size_t kMaxEntries = 100'000;

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(seconds * 1000)));
}

}  // namespace

std::map<std::string, Rate> DefaultRateLimits() {
  return {{"plan", {10, 30}}, {"login", {0.5, 30}}, {"api", {50, 200}}};
}

Result<std::map<std::string, Rate>> ParseRateLimits(const std::string& text,
                                                    std::map<std::string, Rate> rates) {
  if (text == "off") return std::map<std::string, Rate>{};
  auto bad = [&](const std::string& item) {
    return InvalidArgumentError("'" + item +
                                "': a class, its rate and burst, as plan=10/s+30 or "
                                "login=30/min+30 (classes: plan, login, api), or off");
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (item.empty()) continue;
    size_t equals = item.find('=');
    size_t slash = item.find('/');
    size_t plus = item.find('+');
    if (equals == std::string::npos || slash == std::string::npos || slash < equals) {
      return bad(item);
    }
    std::string name = item.substr(0, equals);
    if (name != "plan" && name != "login" && name != "api") return bad(item);
    double count = 0, burst = 0;
    const char* begin = item.data() + equals + 1;
    auto [end, error] = std::from_chars(begin, item.data() + slash, count);
    if (error != std::errc() || end != item.data() + slash || count <= 0) return bad(item);
    std::string unit = item.substr(slash + 1, plus == std::string::npos ? plus : plus - slash - 1);
    if (unit != "s" && unit != "min") return bad(item);
    double per_second = unit == "s" ? count : count / 60;
    burst = std::max(1.0, count);
    if (plus != std::string::npos) {
      auto [stop, wrong] =
          std::from_chars(item.data() + plus + 1, item.data() + item.size(), burst);
      if (wrong != std::errc() || stop != item.data() + item.size() || burst < 1) return bad(item);
    }
    rates[name] = {per_second, burst};
  }
  return rates;
}

RateLimiter::RateLimiter(std::map<std::string, Rate> rates) : rates_(std::move(rates)) {}

std::chrono::milliseconds RateLimiter::Take(const std::string& client, const std::string& limit,
                                            Clock::time_point now) {
  auto rate = rates_.find(limit);
  if (rate == rates_.end() || rate->second.per_second <= 0) return std::chrono::milliseconds(0);
  std::lock_guard lock(mutex_);
  if (++takes_ % 4096 == 0 && buckets_.size() > kMaxEntries) {
    // A full bucket holds nothing worth keeping: its client starts full again anyway.
    std::erase_if(buckets_, [&](const auto& entry) {
      const Rate& of = rates_[entry.first.second];
      std::chrono::duration<double> idle = now - entry.second.last;
      return entry.second.tokens + idle.count() * of.per_second >= of.burst;
    });
  }
  auto [found, fresh] = buckets_.try_emplace({client, limit});
  Bucket& bucket = found->second;
  if (fresh) {
    bucket.tokens = rate->second.burst;
  } else {
    std::chrono::duration<double> idle = now - bucket.last;
    bucket.tokens =
        std::min(rate->second.burst, bucket.tokens + idle.count() * rate->second.per_second);
  }
  bucket.last = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::chrono::milliseconds(0);
  }
  return std::max(std::chrono::milliseconds(1),
                  Millis((1 - bucket.tokens) / rate->second.per_second));
}

LoginGuard::Verdict LoginGuard::Check(const std::string& login, const std::string& client,
                                      Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Verdict verdict;
  if (auto pair = by_login_and_client_.find({login, client});
      pair != by_login_and_client_.end() && pair->second.locked_until > now) {
    verdict.locked_for =
        std::chrono::duration_cast<std::chrono::milliseconds>(pair->second.locked_until - now);
    return verdict;
  }
  if (auto failures = by_login_.find(login); failures != by_login_.end() &&
                                             now - failures->second.last < options_.window &&
                                             failures->second.count >= options_.delay_after) {
    int doublings = std::min(failures->second.count - options_.delay_after, 30);
    verdict.delay = std::min(options_.max_delay, options_.first_delay * (int64_t{1} << doublings));
  }
  return verdict;
}

void LoginGuard::Record(const std::string& login, const std::string& client, bool succeeded,
                        Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (succeeded) {
    by_login_.erase(login);
    by_login_and_client_.erase({login, client});
    return;
  }
  Forget(now);
  Failures& of_login = by_login_[login];
  if (now - of_login.last >= options_.window) of_login.count = 0;
  ++of_login.count;
  of_login.last = now;
  Failures& of_pair = by_login_and_client_[{login, client}];
  if (now - of_pair.last >= options_.lock_for) of_pair.count = 0;
  ++of_pair.count;
  of_pair.last = now;
  if (of_pair.count >= options_.lock_after) of_pair.locked_until = now + options_.lock_for;
}

void LoginGuard::Forget(Clock::time_point now) {
  if (by_login_.size() + by_login_and_client_.size() < kMaxEntries) return;
  std::erase_if(by_login_,
                [&](const auto& entry) { return now - entry.second.last >= options_.window; });
  std::erase_if(by_login_and_client_, [&](const auto& entry) {
    return now - entry.second.last >= options_.lock_for && entry.second.locked_until <= now;
  });
}

std::string LoginOf(const HttpRequest& request) {
  if (request.body.size() > 4096) return "";
  Result<nlohmann::json> body = ParseJsonBody(request.body, 4);
  if (!body.ok() || !body->is_object() || !body->contains("login") ||
      !(*body)["login"].is_string()) {
    return "";
  }
  return (*body)["login"].get<std::string>();
}

Admission Admit(const HttpRequest& request, const RouteOptions& route, RateLimiter& rates,
                LoginGuard& logins) {
  Admission admission;
  Clock::time_point now = Clock::now();
  if (std::chrono::milliseconds wait = rates.Take(request.client, route.rate_limit, now);
      wait.count() > 0) {
    admission.refusal = RetryLater(429, "too_many_requests",
                                   "too many requests of this kind from your address; wait a "
                                   "little and try again",
                                   wait);
    return admission;
  }
  if (route.rate_limit != "login") return admission;
  std::string login = LoginOf(request);
  if (login.empty()) return admission;
  LoginGuard::Verdict verdict = logins.Check(login, request.client, now);
  if (verdict.locked_for.count() > 0) {
    admission.refusal = RetryLater(429, "login_locked",
                                   "too many failed logins for this name from your address; try "
                                   "again later, or ask an administrator to reset the password",
                                   verdict.locked_for);
  }
  admission.delay = verdict.delay;
  return admission;
}

}  // namespace okno::server
