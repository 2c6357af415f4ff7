#include "analytics/kpis.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "cases/case.h"

namespace okno::analytics {
namespace {

using nlohmann::json;

constexpr double kMsPerHour = 3'600'000.0;

Distribution Summarize(std::vector<double> hours) {
  Distribution distribution;
  distribution.count = static_cast<int64_t>(hours.size());
  if (hours.empty()) return distribution;
  std::sort(hours.begin(), hours.end());
  // Nearest rank: the smallest value with at least p of the values at or below it.
  auto rank = [&](double p) {
    size_t index = static_cast<size_t>(std::ceil(p * static_cast<double>(hours.size()))) - 1;
    return hours[std::min(index, hours.size() - 1)];
  };
  distribution.median_hours = rank(0.5);
  distribution.p90_hours = rank(0.9);
  return distribution;
}

json DistributionToJson(const Distribution& distribution) {
  return {{"count", distribution.count},
          {"median_hours", distribution.median_hours},
          {"p90_hours", distribution.p90_hours}};
}

double Ratio(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

struct TaskTrack {
  std::string due;  // YYYY-MM-DD
  std::string state = "open";
  std::optional<catalog::Date> decided_on;
};

}  // namespace

void KpiCollector::Add(const std::vector<store::StoredEvent>& events) {
  if (events.empty()) return;
  if (events.front().type != cases::event::kOpened) {
    ++kpis_.unreadable_cases;
    return;
  }
  int64_t opened_ms = events.front().recorded_at_ms;
  std::optional<int64_t> first_plan_ms;
  std::optional<int64_t> closed_ms;
  std::string outcome;
  std::string queue;
  int64_t contacts = 1;  // the opening, in person
  int64_t visits = 1;
  std::map<std::string, TaskTrack> tasks;
  for (const store::StoredEvent& event : events) {
    json data = json::parse(event.data, nullptr, /*allow_exceptions=*/false);
    if (!data.is_object()) {
      ++kpis_.unreadable_cases;
      return;
    }
    const std::string& type = event.type;
    if (type == cases::event::kPlanMade && !first_plan_ms) {
      first_plan_ms = event.recorded_at_ms;
    } else if (type == cases::event::kAssigned || type == cases::event::kReassigned ||
               type == cases::event::kEscalated) {
      queue = data.value("queue", queue);
    } else if (type == cases::event::kContactLogged) {
      ++contacts;
      if (data.value("channel", "") == "visit") ++visits;
    } else if (type == cases::event::kComplexRequestSubmitted) {
      for (const json& task : data.value("tasks", json::array())) {
        tasks[task.value("id", "")].due = task.value("due", "");
      }
    } else if (type == cases::event::kTaskDecided) {
      auto task = tasks.find(data.value("task", ""));
      if (task != tasks.end()) {
        task->second.state = data.value("decision", "");
        // data_requested leaves the task with the agency: its deadline still runs.
        if (task->second.state != "data_requested") {
          task->second.decided_on = catalog::Date::FromEpochSeconds(event.recorded_at_ms / 1000);
        }
      }
    } else if (type == cases::event::kClosed) {
      closed_ms = event.recorded_at_ms;
      outcome = data.value("outcome", "");
    }
  }

  ++kpis_.cases;
  if (first_plan_ms) first_plan_hours_.push_back((*first_plan_ms - opened_ms) / kMsPerHour);
  if (closed_ms) {
    ++kpis_.closed_by_outcome[outcome];
    if (outcome == "resolved") {
      resolution_hours_.push_back((*closed_ms - opened_ms) / kMsPerHour);
      resolved_contacts_ += contacts;
      resolved_visits_ += visits;
      if (contacts == 1) ++resolved_first_contact_;
    }
  } else {
    ++kpis_.open;
    if (!queue.empty()) ++kpis_.open_by_queue[queue];
  }
  if (!tasks.empty()) {
    ++cases_with_tasks_;
    agencies_with_tasks_ += static_cast<int64_t>(tasks.size());
  }
  for (const auto& [agency, task] : tasks) {
    ++kpis_.tasks;
    std::optional<catalog::Date> due = catalog::ParseDate(task.due);
    if (due && (task.decided_on ? *task.decided_on > *due : today_ > *due)) ++kpis_.tasks_breached;
    if (!task.decided_on && !closed_ms) ++kpis_.pending_by_agency[agency];
  }
}

Kpis KpiCollector::Finish() const {
  Kpis kpis = kpis_;
  kpis.time_to_first_plan = Summarize(first_plan_hours_);
  kpis.time_to_resolution = Summarize(resolution_hours_);
  int64_t resolved = static_cast<int64_t>(resolution_hours_.size());
  kpis.contacts_per_resolved = Ratio(resolved_contacts_, resolved);
  kpis.visits_per_resolved = Ratio(resolved_visits_, resolved);
  kpis.first_contact_resolution = Ratio(resolved_first_contact_, resolved);
  kpis.agencies_per_case = Ratio(agencies_with_tasks_, cases_with_tasks_);
  return kpis;
}

Result<Kpis> ComputeKpis(store::EventStore& store, catalog::Date today) {
  KpiCollector collector(today);
  OKNO_TRY(store.ForEachStream([&](const std::vector<store::StoredEvent>& events) {
    collector.Add(events);
    return Status::Ok();
  }));
  return collector.Finish();
}

json KpisToJson(const Kpis& kpis) {
  return {{"cases", kpis.cases},
          {"open", kpis.open},
          {"closed_by_outcome", kpis.closed_by_outcome},
          {"time_to_first_plan", DistributionToJson(kpis.time_to_first_plan)},
          {"time_to_resolution", DistributionToJson(kpis.time_to_resolution)},
          {"contacts_per_resolved", kpis.contacts_per_resolved},
          {"visits_per_resolved", kpis.visits_per_resolved},
          {"first_contact_resolution", kpis.first_contact_resolution},
          {"agencies_per_case", kpis.agencies_per_case},
          {"sla",
           {{"tasks", kpis.tasks},
            {"breached", kpis.tasks_breached},
            {"breached_share", Ratio(kpis.tasks_breached, kpis.tasks)}}},
          {"load",
           {{"open_by_queue", kpis.open_by_queue}, {"pending_by_agency", kpis.pending_by_agency}}},
          {"unreadable_cases", kpis.unreadable_cases}};
}

}  // namespace okno::analytics
