#pragma once

// Operations' view of the server (DESIGN.md §3.7): Prometheus text format at /metrics —
// requests and their latency per route, the store's append latency, cases open. Routes are
// named by their pattern, never by the values in a path, so no personal data gets in.

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "store/event_store.h"

namespace okno::server {

// Latency buckets in seconds, as Prometheus histograms count them (cumulative).
inline constexpr std::array<double, 12> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

class Histogram {
 public:
  void Observe(double seconds);
  // The histogram's lines for metric `name` with `labels` ("route=\"GET /healthz\"" or "").
  std::string Render(const std::string& name, const std::string& labels) const;

 private:
  std::array<uint64_t, kLatencyBuckets.size()> buckets_{};
  uint64_t count_ = 0;
  double sum_ = 0;
};

class Metrics {
 public:
  void ObserveRequest(const std::string& route, int status, double seconds);
  void ObserveAppend(double seconds, bool ok);

  // The whole exposition; `gauges` adds name → value lines (cases open, ...).
  std::string Render(const std::map<std::string, double>& gauges) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status) → count
  std::map<std::string, Histogram> latency_;                  // by route
  Histogram append_latency_;
  uint64_t append_failures_ = 0;
};

// An event store that reports each append's latency to `metrics`, forwarding everything.
class ObservedEventStore final : public store::EventStore {
 public:
  ObservedEventStore(store::EventStore& inner, Metrics& metrics)
      : inner_(inner), metrics_(metrics) {}

  Result<store::AppendOutcome> Append(store::AppendRequest request) override;
  Result<std::vector<store::StoredEvent>> Read(const std::string& stream, int64_t after) override {
    return inner_.Read(stream, after);
  }
  Result<int64_t> Version(const std::string& stream) override { return inner_.Version(stream); }
  Result<store::CasePage> ListCases(const store::CaseQuery& query) override {
    return inner_.ListCases(query);
  }
  Status WriteSummary(const store::CaseSummary& summary) override {
    return inner_.WriteSummary(summary);
  }
  Result<std::vector<std::string>> StreamsWithoutSummary() override {
    return inner_.StreamsWithoutSummary();
  }
  Status ForEachStream(
      const std::function<Status(const std::vector<store::StoredEvent>&)>& visit) override {
    return inner_.ForEachStream(visit);
  }
  Result<int64_t> CountCases(const std::string& status) override {
    return inner_.CountCases(status);
  }

 private:
  store::EventStore& inner_;
  Metrics& metrics_;
};

}  // namespace okno::server
