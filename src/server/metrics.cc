#include "server/metrics.h"

#include <chrono>
#include <sstream>

namespace okno::server {
namespace {

// A label value with \, " and line breaks escaped, as the text format requires.
std::string Escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

void Histogram::Observe(double seconds) {
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++buckets_[i];
  }
  ++count_;
  sum_ += seconds;
}

std::string Histogram::Render(const std::string& name, const std::string& labels) const {
  std::string out;
  std::string separator = labels.empty() ? "" : ",";
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    out += name + "_bucket{" + labels + separator + "le=\"" + Number(kLatencyBuckets[i]) + "\"} " +
           std::to_string(buckets_[i]) + "\n";
  }
  out += name + "_bucket{" + labels + separator + "le=\"+Inf\"} " + std::to_string(count_) + "\n";
  std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += name + "_sum" + braces + " " + Number(sum_) + "\n";
  out += name + "_count" + braces + " " + std::to_string(count_) + "\n";
  return out;
}

void Metrics::ObserveRequest(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  latency_[route].Observe(seconds);
}

void Metrics::ObserveAppend(double seconds, bool ok) {
  std::lock_guard lock(mutex_);
  append_latency_.Observe(seconds);
  if (!ok) ++append_failures_;
}

std::string Metrics::Render(const std::map<std::string, double>& gauges) const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP okno_http_requests_total Requests answered, by route pattern and status.\n"
      "# TYPE okno_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += "okno_http_requests_total{route=\"" + Escaped(key.first) + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  }
  out +=
      "# HELP okno_http_request_duration_seconds Time in the handler, by route pattern.\n"
      "# TYPE okno_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    out +=
        histogram.Render("okno_http_request_duration_seconds", "route=\"" + Escaped(route) + "\"");
  }
  out +=
      "# HELP okno_store_append_duration_seconds Durable appends to the case store, until "
      "committed.\n"
      "# TYPE okno_store_append_duration_seconds histogram\n";
  out += append_latency_.Render("okno_store_append_duration_seconds", "");
  out +=
      "# HELP okno_store_append_failures_total Appends refused or failed (conflicts included).\n"
      "# TYPE okno_store_append_failures_total counter\n"
      "okno_store_append_failures_total " +
      std::to_string(append_failures_) + "\n";
  for (const auto& [name, value] : gauges) {
    out += "# TYPE " + name + " gauge\n" + name + " " + Number(value) + "\n";
  }
  return out;
}

Result<store::AppendOutcome> ObservedEventStore::Append(store::AppendRequest request) {
  auto started = std::chrono::steady_clock::now();
  Result<store::AppendOutcome> outcome = inner_.Append(std::move(request));
  std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
  metrics_.ObserveAppend(seconds.count(), outcome.ok());
  return outcome;
}

}  // namespace okno::server
