#pragma once

// Performance management (DESIGN.md §3.7): the KPIs of the paper's "one-stop shop that solves
// problems", computed from the cases' event streams alone, so that they mean the same on any
// store and can be recomputed for any past day.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/date.h"
#include "common/status.h"
#include "store/event_store.h"

namespace okno::analytics {

// Median, 90th percentile and count of a set of durations, in hours.
struct Distribution {
  int64_t count = 0;
  double median_hours = 0;
  double p90_hours = 0;
};

struct Kpis {
  int64_t cases = 0;
  int64_t open = 0;
  std::map<std::string, int64_t> closed_by_outcome;  // resolved, referred, withdrawn, unreachable
  // From opening to the first plan; from opening to a resolved close.
  Distribution time_to_first_plan;
  Distribution time_to_resolution;
  // Per resolved case: contacts with the citizen (the opening visit counts as one) and, of
  // them, visits in person.
  double contacts_per_resolved = 0;
  double visits_per_resolved = 0;
  // Resolved at the first contact: nothing logged after the opening.
  double first_contact_resolution = 0;
  // Agencies with a task, per case that had its complex request.
  double agencies_per_case = 0;
  // Tasks past their due date: decided late, or still undecided after it.
  int64_t tasks = 0;
  int64_t tasks_breached = 0;
  // Open cases per queue (tier), and undecided tasks per agency.
  std::map<std::string, int64_t> open_by_queue;
  std::map<std::string, int64_t> pending_by_agency;
  int64_t unreadable_cases = 0;  // streams that did not read as a case (DataLoss): not counted
};

// Accumulates one case's events at a time.
class KpiCollector {
 public:
  // `today` decides whether an undecided task is past its due date.
  explicit KpiCollector(catalog::Date today) : today_(today) {}

  // One case's stream, oldest event first.
  void Add(const std::vector<store::StoredEvent>& events);

  Kpis Finish() const;

 private:
  catalog::Date today_;
  Kpis kpis_;
  std::vector<double> first_plan_hours_;
  std::vector<double> resolution_hours_;
  int64_t resolved_contacts_ = 0;
  int64_t resolved_visits_ = 0;
  int64_t resolved_first_contact_ = 0;
  int64_t cases_with_tasks_ = 0;
  int64_t agencies_with_tasks_ = 0;
};

// Every case of `store`.
Result<Kpis> ComputeKpis(store::EventStore& store, catalog::Date today);

// The KPIs as the API serves them (GET /api/v1/kpis).
nlohmann::json KpisToJson(const Kpis& kpis);

}  // namespace okno::analytics
