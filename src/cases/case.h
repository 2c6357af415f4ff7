#pragma once

// A case (DESIGN.md §3.5): one household's problem carried to its solution across agencies.
// Every change is an event in the case's stream (src/store); the case as anyone sees it is a
// projection of those events, rebuilt by Project.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "catalog/date.h"
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
inline constexpr const char* kAssigned = "assigned";  // routed to a queue, or to a worker
inline constexpr const char* kReassigned = "reassigned";
inline constexpr const char* kEscalated = "escalated";
inline constexpr const char* kTransferred = "transferred";  // to another MFC office
inline constexpr const char* kPeopleRecorded = "people_recorded";
inline constexpr const char* kCitizenLinked = "citizen_linked";
inline constexpr const char* kContactLogged = "contact_logged";
inline constexpr const char* kNote = "note";
inline constexpr const char* kClosed = "closed";
}  // namespace event

// The personal data of a member that identifies them (kept apart from the rule facts, which
// are what the law reads): shown only to those who need it, never logged.
inline const std::vector<std::string>& PersonalDataFields() {
  static const std::vector<std::string> fields = {"full_name", "snils", "phone", "address"};
  return fields;
}

// A change to one fact. A correction replaces a wrong value (the fact was never so); a
// succession records a real change from a date (it was so until then). Both keep the history.
struct FactChange {
  std::string path;  // a fact path: household.housing, members.anna.monthly_income
  nlohmann::json value;
  std::string kind;            // correction | succession
  std::string effective_from;  // succession: YYYY-MM-DD
  // Marks the fact confidential (a domestic-violence victim's whereabouts): from then on shown
  // to no other household member and to no agency whose task does not read it.
  bool confidential = false;
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

// A contact with the citizen: a visit, a call, a message.
struct Contact {
  std::string channel;  // visit | phone | online | letter
  std::string summary;
  std::string actor;
  int64_t at_ms = 0;
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
  std::set<std::string> confidential;                           // fact paths
  nlohmann::json consent;  // purpose, given_on, recorded_by (152-FZ)
  // Personal data by member id: full_name, snils, phone, address (PersonalDataFields).
  std::map<std::string, nlohmann::json> people;
  std::map<std::string, std::string> citizens;  // member id → the citizen account's login
  nlohmann::json plan;  // the last plan's summary: needs, services, complexity, tier
  // The MFC office whose front office works the case (empty: a deployment of one office);
  // another office's staff see it only after a transfer.
  std::string office;
  std::string queue;     // the tier's queue it is routed to
  std::string assignee;  // empty: in the queue, nobody's yet
  std::map<std::string, Task> tasks;
  std::vector<Contact> contacts;
  std::vector<nlohmann::json> notes;
  std::vector<TimelineEntry> timeline;
  int64_t opened_at_ms = 0;
  int64_t closed_at_ms = 0;
  std::string outcome;  // when closed: resolved | referred | withdrawn | unreachable

  // The member a citizen account is linked to, or empty.
  std::string MemberOf(const std::string& citizen) const;
};

// The id of the household's applicant in `situation` (whoever asked for help), or empty.
std::string ApplicantOf(const nlohmann::json& situation);

// The role of member `id` in `situation`, or empty.
std::string MemberRole(const nlohmann::json& situation, const std::string& id);

// Whether `snils` (any punctuation) is an СНИЛС: 11 digits, the last two the check number of
// the first nine (weights 9..1, the sum modulo 101, 100 and 101 giving 00).
bool ValidSnils(const std::string& snils);

// A deadline's state on `today`: breached (past it), at_risk (due today or tomorrow), on_time,
// or none (no deadline).
std::string SlaState(const std::string& due, const catalog::Date& today);

// Who is looking at a case, and so what of it they see.
struct Viewer {
  std::string role;
  std::string agency;  // an agency worker's
  std::string login;
  // An agency worker's: the fact paths its tasks' rules read (CaseService::FactsReadBy).
  std::set<std::string> readable_facts;
};

// The state after `events`, which must be the case's stream from its first event. DataLoss
// when the stream does not read as a case (a gap, an unknown event, a malformed one).
Result<CaseState> Project(const std::string& id, const std::vector<store::StoredEvent>& events);

// `state` after one more event, which must be numbered state.version + 1; DataLoss as Project.
Status Apply(CaseState& state, const store::StoredEvent& event);

// The case as the API shows it (GET /api/v1/cases/{id}) to `viewer`, as the visibility policy
// (visibility.h) allows: the front office sees it whole; an agency worker its own task, the
// facts that task's rules read and the identity of the members it concerns; a citizen the
// case's progress, their own personal data and the facts that are not another member's
// confidential ones.
nlohmann::json CaseToJson(const CaseState& state, const Viewer& viewer);

// `situation` with the fact at `path` set to `value`; InvalidArgument for a path that names no
// fact of it (an unknown member, a malformed path).
Status SetFactAt(nlohmann::json& situation, const std::string& path, const nlohmann::json& value);

// The base facts given in `situation`, by fact path.
std::map<std::string, nlohmann::json> FactsOf(const nlohmann::json& situation);

}  // namespace okno::cases
