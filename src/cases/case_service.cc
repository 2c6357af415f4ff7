#include "cases/case_service.h"

#include <set>

#include "catalog/facts.h"

namespace okno::cases {

using nlohmann::json;

CaseService::CaseService(store::EventStore& store, const catalog::Catalog& catalog,
                         const planner::Planner& planner)
    : store_(store), catalog_(catalog), planner_(planner) {}

Result<planner::Plan> CaseService::PlanFor(const json& situation) const {
  std::vector<catalog::SituationError> errors;
  catalog::Situation parsed = catalog::ParseSituation(situation, catalog_, errors);
  if (!errors.empty()) {
    std::string message;
    for (const catalog::SituationError& error : errors) {
      message += (message.empty() ? "" : "; ") + error.path + ": " + error.message;
    }
    return InvalidArgumentError(message);
  }
  planner::PlanOptions options;
  options.questions = false;  // a case keeps what the plan says, not what to ask next
  return planner_.Make(parsed, options);
}

json CaseService::PlanSummary(const planner::Plan& plan) const {
  json services = json::array();
  for (const planner::PlannedService& service : plan.services) {
    json entry = {{"id", service.service->id}, {"status", service.status}};
    if (!service.member_id.empty()) entry["member"] = service.member_id;
    services.push_back(std::move(entry));
  }
  json needs = json::array();
  for (const planner::PlannedNeed& need : plan.needs) {
    needs.push_back({{"id", need.id}, {"urgency", need.urgency}});
  }
  return {{"catalog_version", plan.catalog_version},
          {"needs", std::move(needs)},
          {"services", std::move(services)},
          {"complexity", plan.complexity.level},
          {"tier", plan.tier},
          {"integration_model", plan.integration_model}};
}

store::NewEvent CaseService::Event(const char* type, const json& data,
                                   const Command& command) const {
  return {type, data.dump(), command.actor, catalog_.version};
}

Result<CaseState> CaseService::Append(const std::string& id, int64_t expected_version,
                                      std::vector<store::NewEvent> events, const Command& command,
                                      const std::string& fingerprint) {
  store::AppendRequest request{id, expected_version, std::move(events), command.idempotency_key,
                               fingerprint};
  store::AppendOutcome outcome = OKNO_TRY(store_.Append(std::move(request)));
  return Get(outcome.stream);  // a retried open names the case the first attempt opened
}

Result<CaseState> CaseService::Get(const std::string& id) {
  std::vector<store::StoredEvent> events = OKNO_TRY(store_.Read(id));
  if (events.empty()) return NotFoundError("no case " + id);
  return Project(id, events);
}

Result<CaseState> CaseService::Open(const std::string& id, const json& situation,
                                    const Consent& consent, const Command& command) {
  if (consent.purpose.empty() || consent.given_on.empty()) {
    return FailedPreconditionError(
        "no case is opened without the citizen's consent to the processing of personal data "
        "(152-FZ), with its purpose and date");
  }
  planner::Plan plan = OKNO_TRY(PlanFor(situation));
  json opened = {{"situation", situation},
                 {"consent",
                  {{"purpose", consent.purpose},
                   {"given_on", consent.given_on},
                   {"recorded_by", command.actor}}}};
  std::vector<store::NewEvent> events = {Event(event::kOpened, opened, command),
                                         Event(event::kPlanMade, PlanSummary(plan), command),
                                         Event(event::kAssigned, {{"queue", plan.tier}}, command)};
  return Append(id, 0, std::move(events), command, opened.dump());
}

Result<CaseState> CaseService::RecordFacts(const std::string& id, int64_t expected_version,
                                           const std::vector<FactChange>& changes,
                                           const Command& command) {
  if (changes.empty()) return InvalidArgumentError("changes: at least one fact change");
  CaseState state = OKNO_TRY(Get(id));
  json situation = state.situation;
  json recorded = json::array();
  for (size_t i = 0; i < changes.size(); ++i) {
    const FactChange& change = changes[i];
    std::string where = "changes[" + std::to_string(i) + "]";
    if (change.kind != "correction" && change.kind != "succession") {
      return InvalidArgumentError(where + ".kind: '" + change.kind +
                                  "' is not correction or succession");
    }
    if (change.kind == "succession" && !catalog::ParseDate(change.effective_from)) {
      return InvalidArgumentError(where +
                                  ".effective_from: a succession needs the date "
                                  "(YYYY-MM-DD) it took effect");
    }
    Status set = SetFactAt(situation, change.path, change.value);
    if (!set.ok()) return InvalidArgumentError(where + ".path: " + set.message());
    json entry = {{"path", change.path}, {"value", change.value}, {"kind", change.kind}};
    if (change.kind == "succession") entry["effective_from"] = change.effective_from;
    recorded.push_back(std::move(entry));
  }
  planner::Plan plan = OKNO_TRY(PlanFor(situation));
  json data = {{"changes", recorded}};
  std::vector<store::NewEvent> events = {Event(event::kFactsRecorded, data, command),
                                         Event(event::kPlanMade, PlanSummary(plan), command)};
  if (plan.tier != state.queue) {
    events.push_back(Event(event::kAssigned, {{"queue", plan.tier}}, command));
  }
  return Append(id, expected_version, std::move(events), command, data.dump());
}

Result<CaseState> CaseService::SubmitComplexRequest(const std::string& id, int64_t expected_version,
                                                    const Command& command) {
  CaseState state = OKNO_TRY(Get(id));
  if (!state.tasks.empty()) {
    return FailedPreconditionError("case " + id + ": the complex request was submitted already");
  }
  planner::Plan plan = OKNO_TRY(PlanFor(state.situation));
  // One task per agency: its eligible steps, due with the last of them, after the agencies
  // whose services they wait for.
  std::map<std::string, json> tasks;
  std::map<std::string, std::string> agency_of;  // service id → agency
  for (const planner::PlannedService& service : plan.services) {
    agency_of[service.service->id] = service.service->agency;
  }
  for (const planner::PlannedService& service : plan.services) {
    if (service.status != "eligible" || service.step == 0) continue;
    const std::string& agency = service.service->agency;
    json& task = tasks[agency];
    if (task.is_null()) {
      task = {{"id", agency}, {"services", json::array()}, {"after", json::array()}, {"due", ""}};
    }
    std::string label =
        service.service->id + (service.member_id.empty() ? "" : ":" + service.member_id);
    if (std::find(task["services"].begin(), task["services"].end(), label) ==
        task["services"].end()) {
      task["services"].push_back(label);
    }
    if (service.due && service.due->ToString() > task["due"].get<std::string>()) {
      task["due"] = service.due->ToString();
    }
    for (const std::string& before : service.after) {
      auto it = agency_of.find(before);
      if (it == agency_of.end() || it->second == agency) continue;
      if (std::find(task["after"].begin(), task["after"].end(), it->second) ==
          task["after"].end()) {
        task["after"].push_back(it->second);
      }
    }
  }
  if (tasks.empty()) {
    return FailedPreconditionError("case " + id + ": the plan has no eligible step to request");
  }
  json list = json::array();
  for (auto& [agency, task] : tasks) {
    // A task waits only for agencies that have a task too.
    json after = json::array();
    for (const json& before : task["after"]) {
      if (tasks.contains(before.get<std::string>())) after.push_back(before);
    }
    task["after"] = std::move(after);
    list.push_back(task);
  }
  json data = {{"tasks", list}};
  return Append(id, expected_version, {Event(event::kComplexRequestSubmitted, data, command)},
                command, data.dump());
}

Result<CaseState> CaseService::DecideTask(const std::string& id, int64_t expected_version,
                                          const std::string& task, const std::string& decision,
                                          const std::string& reason, const Command& command) {
  static const std::set<std::string> kDecisions = {"approved", "refused", "data_requested"};
  if (!kDecisions.contains(decision)) {
    return InvalidArgumentError("decision: '" + decision +
                                "' is not approved, refused or data_requested");
  }
  if (decision != "approved" && reason.empty()) {
    return InvalidArgumentError("reason: a refusal or a request for data says why");
  }
  CaseState state = OKNO_TRY(Get(id));
  auto found = state.tasks.find(task);
  if (found == state.tasks.end()) return NotFoundError("case " + id + " has no task " + task);
  if (found->second.state != "open" && found->second.state != "data_requested") {
    return FailedPreconditionError("task " + task + " is " + found->second.state +
                                   ", not open for a decision");
  }
  json data = {{"task", task}, {"decision", decision}};
  if (!reason.empty()) data["reason"] = reason;
  return Append(id, expected_version, {Event(event::kTaskDecided, data, command)}, command,
                data.dump());
}

Result<CaseState> CaseService::AddNote(const std::string& id, int64_t expected_version,
                                       const std::string& text, const Command& command) {
  if (text.empty()) return InvalidArgumentError("text: a note says something");
  json data = {{"text", text}};
  return Append(id, expected_version, {Event(event::kNote, data, command)}, command, data.dump());
}

}  // namespace okno::cases
