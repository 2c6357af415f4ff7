#pragma once

// A case (DESIGN.md §3.5): one household's problem carried to its solution across agencies.
// Every change is an event in the case's stream (src/store); the case as anyone sees it is a
// projection of those events, rebuilt by Project.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/event_store.h"

namespace okno::cases {

// The kinds of events, as stored.
namespace event {
inline constexpr const char* kOpened = "opened";
inline constexpr const char* kFactsRecorded = "facts_recorded";
inline constexpr const char* kPlanMade = "plan_made";
inline constexpr const char* kComplexRequestSubmitted = "complex_request_submitted";
inline constexpr const char* kTaskDecided = "task_decided";
inline constexpr const char* kAssigned = "assigned";
inline constexpr const char* kNote = "note";
inline constexpr const char* kClosed = "closed";
}  // namespace event

// A change to one fact. A correction replaces a wrong value (the fact was never so); a
// succession records a real change from a date (it was so until then). Both keep the history.
struct FactChange {
  std::string path;  // a fact path: household.housing, members.anna.monthly_income
  nlohmann::json value;
  std::string kind;            // correction | succession
  std::string effective_from;  // succession: YYYY-MM-DD
};

// One value a fact has had, and how it came.
struct FactRecord {
  nlohmann::json value;
  std::string kind;  // given (when the case was opened) | correction | succession
  std::string effective_from;
  int64_t event = 0;  // the number of the event that recorded it
  std::string actor;
};

// A task of a complex request (комплексный запрос): what one agency does for the case.
struct Task {
  std::string id;  // the agency's id: one task per agency
  std::vector<std::string> services;
  std::string due;                 // YYYY-MM-DD
  std::vector<std::string> after;  // tasks whose result it waits for
  std::string state;  // waiting (for `after`) | open | approved | refused | data_requested
  std::string reason;
};

struct TimelineEntry {
  int64_t number = 0;
  std::string type;
  std::string actor;
  int64_t recorded_at_ms = 0;
};

struct CaseState {
  std::string id;
  int64_t version = 0;
  std::string status;        // open | closed
  nlohmann::json situation;  // the facts now, as a situation file (DESIGN.md §4.1)
  std::map<std::string, std::vector<FactRecord>> fact_history;  // by fact path, oldest first
  nlohmann::json consent;  // purpose, given_on, recorded_by (152-FZ)
  nlohmann::json plan;     // the last plan's summary: needs, services, complexity, tier
  std::string queue;       // the tier's queue it is routed to
  std::string assignee;    // empty: in the queue, nobody's yet
  std::map<std::string, Task> tasks;
  std::vector<nlohmann::json> notes;
  std::vector<TimelineEntry> timeline;
};

// The state after `events`, which must be the case's stream from its first event. DataLoss
// when the stream does not read as a case (a gap, an unknown event, a malformed one).
Result<CaseState> Project(const std::string& id, const std::vector<store::StoredEvent>& events);

// The case as the API shows it (GET /api/v1/cases/{id}).
nlohmann::json CaseToJson(const CaseState& state);

// `situation` with the fact at `path` set to `value`; InvalidArgument for a path that names no
// fact of it (an unknown member, a malformed path).
Status SetFactAt(nlohmann::json& situation, const std::string& path, const nlohmann::json& value);

// The base facts given in `situation`, by fact path.
std::map<std::string, nlohmann::json> FactsOf(const nlohmann::json& situation);

}  // namespace okno::cases
