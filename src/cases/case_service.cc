#include "cases/case_service.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "catalog/facts.h"

namespace okno::cases {

using nlohmann::json;

namespace {

size_t Characters(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::set<std::string> MemberIds(const json& situation) {
  std::set<std::string> ids;
  if (!situation.is_object()) return ids;
  const json& household = situation.value("household", json::object());
  if (!household.is_object()) return ids;
  for (const json& member : household.value("members", json::array())) {
    if (member.is_object()) ids.insert(member.value("id", ""));
  }
  return ids;
}

}  // namespace

CaseService::CaseService(store::EventStore& store, planner::CatalogSource& catalogs,
                         CaseLimits limits)
    : store_(store), catalogs_(catalogs), limits_(limits) {}

Status CaseService::CheckText(const std::string& field, const std::string& text) const {
  if (Characters(text) <= limits_.text_characters) return Status::Ok();
  std::string most = std::to_string(limits_.text_characters);
  return InvalidArgumentError(field + ": at most " + most + " characters (не длиннее " + most +
                              " символов)");
}

Result<planner::Plan> CaseService::PlanFor(const Loaded& loaded, const json& situation) const {
  std::vector<catalog::SituationError> errors;
  catalog::Situation parsed = catalog::ParseSituation(situation, loaded.catalog(), errors);
  if (!errors.empty()) return InvalidFieldsError(std::move(errors));
  planner::PlanOptions options;
  options.questions = false;  // a case keeps what the plan says, not what to ask next
  return loaded.planner().Make(parsed, options);
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

store::NewEvent CaseService::Event(const Loaded& loaded, const char* type, const json& data,
                                   const Command& command) const {
  return {type, data.dump(), command.actor, loaded.catalog().version};
}

Result<CaseState> CaseService::Append(const Loaded& loaded, const CaseState& before,
                                      int64_t expected_version, std::vector<store::NewEvent> events,
                                      const Command& command, const std::string& fingerprint) {
  if (before.version + static_cast<int64_t>(events.size()) > limits_.events) {
    return FailedPreconditionError("case " + before.id + " holds " +
                                   std::to_string(before.version) + " events, the most one case " +
                                   "keeps; close it and open a new one for what follows");
  }
  // The case as it will be, for its summary; should it have moved on meanwhile, the store
  // refuses the append (a Conflict) and the summary with it.
  CaseState after = before;
  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (const store::NewEvent& event : events) {
    OKNO_TRY(Apply(after, {before.id, after.version + 1, event.type, event.data, event.actor,
                           event.catalog_version, now_ms}));
  }
  // A key names one request: this command on this case with this body. Only an open, whose
  // case id each attempt draws anew, leaves the case out.
  std::string scoped =
      events.front().type + "\n" + (expected_version == 0 ? "" : before.id) + "\n" + fingerprint;
  store::AppendRequest request{before.id,
                               expected_version,
                               std::move(events),
                               command.idempotency_key,
                               std::move(scoped),
                               SummaryOf(loaded, after),
                               {}};
  if (!command.action.empty()) {
    request.audit.push_back(
        {command.actor, command.action, before.id, command.audit_reason, command.client});
  }
  store::AppendOutcome outcome = OKNO_TRY(store_.Append(std::move(request)));
  return Get(outcome.stream);  // a retried open names the case the first attempt opened
}

Result<std::pair<planner::Plan, std::shared_ptr<const planner::LoadedCatalog>>>
CaseService::PlanNow(const json& situation, const std::string& id,
                     const std::string& language) const {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  std::vector<catalog::SituationError> errors;
  catalog::Situation parsed = catalog::ParseSituation(situation, loaded->catalog(), errors);
  if (!errors.empty()) {
    return DataLossError("case " + id + ": its facts no longer read: " + errors.front().path +
                         ": " + errors.front().message);
  }
  planner::PlanOptions options;
  options.language = language;
  return std::make_pair(loaded->planner().Make(parsed, options), loaded);
}

Result<CaseState> CaseService::Get(const std::string& id) {
  std::vector<store::StoredEvent> events = OKNO_TRY(store_.Read(id));
  if (events.empty()) return NotFoundError("no case " + id);
  return Project(id, events);
}

Result<CaseState> CaseService::GetOpen(const std::string& id) {
  CaseState state = OKNO_TRY(Get(id));
  if (state.status == "closed") return FailedPreconditionError("case " + id + " is closed");
  return state;
}

store::CaseSummary CaseService::SummaryOf(const CaseState& state) const {
  return SummaryOf(*catalogs_.Current(), state);
}

store::CaseSummary CaseService::SummaryOf(const Loaded& loaded, const CaseState& state) const {
  const catalog::Catalog& catalog = loaded.catalog();
  store::CaseSummary summary;
  summary.id = state.id;
  summary.version = state.version;
  summary.status = state.status;
  summary.queue = state.queue;
  summary.assignee = state.assignee;
  summary.office = state.office;
  summary.complexity = state.plan.value("complexity", "");
  summary.opened_at_ms = state.opened_at_ms;
  summary.updated_at_ms = state.timeline.empty() ? 0 : state.timeline.back().recorded_at_ms;
  for (const auto& [agency, task] : state.tasks) {
    summary.tasks.push_back({agency, task.state, task.due});
    bool pending =
        task.state == "open" || task.state == "waiting" || task.state == "data_requested";
    if (pending && !task.due.empty() && (summary.due.empty() || task.due < summary.due)) {
      summary.due = task.due;
    }
  }
  if (state.status == "closed") {
    summary.due.clear();
  } else if (state.tasks.empty()) {
    // Before the complex request: the queue's time to first action.
    for (const catalog::Route& route : catalog.routing) {
      if (route.tier == state.queue && route.first_action_days) {
        catalog::Date opened = catalog::Date::FromEpochSeconds(state.opened_at_ms / 1000);
        summary.due = catalog.calendar.AddWorkingDays(opened, *route.first_action_days).ToString();
      }
    }
  }
  std::set<std::string> members;
  for (const auto& [member, data] : state.people) members.insert(member);
  for (const auto& [member, login] : state.citizens) members.insert(member);
  for (const std::string& member : members) {
    store::CasePersonKey key{member, "", "", ""};
    if (auto data = state.people.find(member); data != state.people.end()) {
      key.name = store::SearchForm(data->second.value("full_name", ""));
      key.snils = store::SnilsDigits(data->second.value("snils", ""));
    }
    if (auto login = state.citizens.find(member); login != state.citizens.end()) {
      key.citizen = login->second;
    }
    summary.people.push_back(std::move(key));
  }
  return summary;
}

Result<int> CaseService::IndexMissing() {
  std::vector<std::string> missing = OKNO_TRY(store_.StreamsWithoutSummary());
  for (const std::string& id : missing) {
    CaseState state = OKNO_TRY(Get(id));
    OKNO_TRY(store_.WriteSummary(SummaryOf(state)));
  }
  return static_cast<int>(missing.size());
}

std::set<std::string> CaseService::FactsReadBy(const CaseState& state,
                                               const std::string& agency) const {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  const catalog::Catalog& catalog = loaded->catalog();
  std::set<std::string> read;
  auto task = state.tasks.find(agency);
  if (task == state.tasks.end()) return read;
  // The household's members as they are, every fact of theirs unknown.
  json skeleton = {{"household", {{"members", json::array()}}}};
  for (const char* key : {"as_of", "region"}) {
    if (state.situation.contains(key)) skeleton[key] = state.situation[key];
  }
  const json& household = state.situation.value("household", json::object());
  for (const json& member : household.value("members", json::array())) {
    if (member.is_object()) {
      skeleton["household"]["members"].push_back(
          {{"id", member.value("id", "")}, {"role", member.value("role", "")}});
    }
  }
  std::vector<catalog::SituationError> errors;
  catalog::Situation parsed = catalog::ParseSituation(skeleton, catalog, errors);
  if (!errors.empty()) return read;
  catalog::FactSet facts(catalog, parsed);
  for (const std::string& label : task->second.services) {
    size_t colon = label.find(':');
    const catalog::Service* service = catalog.FindService(label.substr(0, colon));
    if (service == nullptr) continue;
    int member = colon == std::string::npos ? -1 : parsed.MemberIndex(label.substr(colon + 1));
    catalog::RuleOutcome outcome = catalog::EvaluateService(*service, facts, member);
    read.insert(outcome.missing.begin(), outcome.missing.end());
  }
  return read;
}

Status CaseService::CheckFactPath(const Loaded& loaded, const json& situation,
                                  const std::string& path) const {
  const catalog::Catalog& catalog = loaded.catalog();
  std::optional<catalog::FactPath> parsed = catalog::ParseFactPath(path);
  if (!parsed || parsed->record == "region") return InvalidArgumentError("names no fact of a case");
  auto record = catalog.facts.records.find(parsed->record);
  if (record == catalog.facts.records.end() || !record->second.fields.contains(parsed->field)) {
    return InvalidArgumentError("the fact schema has no " + parsed->record + "." + parsed->field);
  }
  if (parsed->record == "person" && MemberIds(situation).count(parsed->member) == 0) {
    return InvalidArgumentError("no member " + parsed->member + " in this case");
  }
  return Status::Ok();
}

Result<CaseState> CaseService::Open(const std::string& id, const Opening& opening,
                                    const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  const Consent& consent = opening.consent;
  if (consent.purpose.empty() || consent.given_on.empty()) {
    return FailedPreconditionError(
        "no case is opened without the citizen's consent to the processing of personal data "
        "(152-FZ), with its purpose and date");
  }
  if (!catalog::ParseDate(consent.given_on)) {
    return InvalidArgumentError("consent.given_on: a date, YYYY-MM-DD");
  }
  planner::Plan plan = OKNO_TRY(PlanFor(*loaded, opening.situation));
  OKNO_TRY(CheckPeople(opening.people, opening.situation));
  for (size_t i = 0; i < opening.confidential.size(); ++i) {
    if (Status checked = CheckFactPath(*loaded, opening.situation, opening.confidential[i]);
        !checked.ok()) {
      return InvalidArgumentError("confidential[" + std::to_string(i) + "]: " + checked.message());
    }
  }
  json opened = {{"situation", opening.situation},
                 {"consent",
                  {{"purpose", consent.purpose},
                   {"given_on", consent.given_on},
                   {"recorded_by", command.actor}}}};
  if (!opening.people.empty()) opened["people"] = opening.people;
  if (!opening.confidential.empty()) opened["confidential"] = opening.confidential;
  if (!opening.office.empty()) opened["office"] = opening.office;
  std::vector<store::NewEvent> events = {
      Event(*loaded, event::kOpened, opened, command),
      Event(*loaded, event::kPlanMade, PlanSummary(plan), command),
      Event(*loaded, event::kAssigned, {{"queue", plan.tier}}, command)};
  CaseState none;
  none.id = id;
  return Append(*loaded, none, 0, std::move(events), command, opened.dump());
}

Status CaseService::CheckPeople(const json& people, const json& situation) const {
  if (!people.is_object()) return InvalidArgumentError("people: an object by member id");
  std::set<std::string> members = MemberIds(situation);
  const std::vector<std::string>& fields = PersonalDataFields();
  for (const auto& [member, data] : people.items()) {
    std::string where = "people." + member;
    if (!members.contains(member)) return InvalidArgumentError(where + ": no such member");
    if (!data.is_object()) return InvalidArgumentError(where + ": an object");
    for (const auto& [field, value] : data.items()) {
      if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
        return InvalidArgumentError(where + "." + field +
                                    ": unknown field (full_name, snils, phone, address)");
      }
      if (!value.is_string() && !value.is_null()) {
        return InvalidArgumentError(where + "." + field + ": text, or null to remove it");
      }
      if (value.is_string() && Characters(value.get<std::string>()) > 500) {
        return InvalidArgumentError(where + "." + field + ": at most 500 characters");
      }
      if (field == "snils" && value.is_string() && !ValidSnils(value.get<std::string>())) {
        return InvalidArgumentError(where +
                                    ".snils: not a valid СНИЛС (11 digits, the last "
                                    "two its check number)");
      }
    }
  }
  return Status::Ok();
}

Result<CaseState> CaseService::RecordPeople(const std::string& id, int64_t expected_version,
                                            const json& people, const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  CaseState state = OKNO_TRY(GetOpen(id));
  OKNO_TRY(CheckPeople(people, state.situation));
  if (people.empty()) return InvalidArgumentError("people: at least one member");
  json data = {{"people", people}};
  return Append(*loaded, state, expected_version,
                {Event(*loaded, event::kPeopleRecorded, data, command)}, command, data.dump());
}

Result<CaseState> CaseService::LinkCitizen(const std::string& id, int64_t expected_version,
                                           const std::string& member, const std::string& citizen,
                                           const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  CaseState state = OKNO_TRY(GetOpen(id));
  if (!MemberIds(state.situation).contains(member)) {
    return InvalidArgumentError("member: no member " + member + " in case " + id);
  }
  if (citizen.empty()) return InvalidArgumentError("citizen: the login of a citizen account");
  json data = {{"member", member}, {"citizen", citizen}};
  return Append(*loaded, state, expected_version,
                {Event(*loaded, event::kCitizenLinked, data, command)}, command, data.dump());
}

Result<CaseState> CaseService::Assign(const std::string& id, int64_t expected_version,
                                      const std::string& assignee, const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  CaseState state = OKNO_TRY(GetOpen(id));
  if (assignee == state.assignee) {
    return FailedPreconditionError("case " + id + " is assigned to " +
                                   (assignee.empty() ? "its queue" : assignee) + " already");
  }
  bool reassigned = !state.assignee.empty() && !assignee.empty();
  json data = {{"queue", state.queue}, {"assignee", assignee}};
  if (!state.assignee.empty()) data["from"] = state.assignee;
  return Append(*loaded, state, expected_version,
                {Event(*loaded, reassigned ? event::kReassigned : event::kAssigned, data, command)},
                command, data.dump());
}

Result<CaseState> CaseService::Transfer(const std::string& id, int64_t expected_version,
                                        const std::string& office, const std::string& reason,
                                        const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  if (reason.empty()) return InvalidArgumentError("reason: a transfer says why");
  OKNO_TRY(CheckText("reason", reason));
  CaseState state = OKNO_TRY(GetOpen(id));
  if (office == state.office) {
    return FailedPreconditionError("case " + id + " is with office " +
                                   (office.empty() ? "(none)" : office) + " already");
  }
  json data = {{"office", office}, {"from", state.office}, {"reason", reason}};
  Command audited = command;
  audited.audit_reason = "from office " + (state.office.empty() ? "(none)" : state.office) +
                         " to " + office + ": " + reason;
  return Append(*loaded, state, expected_version,
                {Event(*loaded, event::kTransferred, data, audited)}, audited, data.dump());
}

Result<CaseState> CaseService::Escalate(const std::string& id, int64_t expected_version,
                                        const std::string& queue, const std::string& reason,
                                        const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  if (reason.empty()) return InvalidArgumentError("reason: an escalation says why");
  OKNO_TRY(CheckText("reason", reason));
  CaseState state = OKNO_TRY(GetOpen(id));
  // Tiers in the routing table's order, from the simplest.
  std::vector<std::string> tiers;
  for (const catalog::Route& route : loaded->catalog().routing) tiers.push_back(route.tier);
  auto current = std::find(tiers.begin(), tiers.end(), state.queue);
  std::string to = queue;
  if (to.empty()) {
    if (current == tiers.end() || current + 1 == tiers.end()) {
      return FailedPreconditionError("case " + id + " is in the highest tier's queue already");
    }
    to = *(current + 1);
  }
  auto target = std::find(tiers.begin(), tiers.end(), to);
  if (target == tiers.end()) return InvalidArgumentError("queue: no tier " + to);
  if (current != tiers.end() && target <= current) {
    return InvalidArgumentError("queue: " + to + " is not above " + state.queue);
  }
  json data = {{"queue", to}, {"from", state.queue}, {"reason", reason}};
  return Append(*loaded, state, expected_version,
                {Event(*loaded, event::kEscalated, data, command)}, command, data.dump());
}

Result<CaseState> CaseService::LogContact(const std::string& id, int64_t expected_version,
                                          const std::string& channel, const std::string& summary,
                                          const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  static const std::set<std::string> kChannels = {"visit", "phone", "online", "letter"};
  if (!kChannels.contains(channel)) {
    return InvalidArgumentError("channel: '" + channel + "' is not visit, phone, online or letter");
  }
  OKNO_TRY(CheckText("summary", summary));
  CaseState state = OKNO_TRY(GetOpen(id));
  json data = {{"channel", channel}, {"summary", summary}};
  return Append(*loaded, state, expected_version,
                {Event(*loaded, event::kContactLogged, data, command)}, command, data.dump());
}

Result<CaseState> CaseService::Close(const std::string& id, int64_t expected_version,
                                     const std::string& outcome, const std::string& reason,
                                     const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  static const std::set<std::string> kOutcomes = {"resolved", "referred", "withdrawn",
                                                  "unreachable"};
  if (!kOutcomes.contains(outcome)) {
    return InvalidArgumentError("outcome: '" + outcome +
                                "' is not resolved, referred, withdrawn or unreachable");
  }
  if (outcome != "resolved" && reason.empty()) {
    return InvalidArgumentError("reason: a case closed unresolved says why");
  }
  OKNO_TRY(CheckText("reason", reason));
  CaseState state = OKNO_TRY(GetOpen(id));
  json data = {{"outcome", outcome}};
  if (!reason.empty()) data["reason"] = reason;
  return Append(*loaded, state, expected_version, {Event(*loaded, event::kClosed, data, command)},
                command, data.dump());
}

Result<CaseState> CaseService::RecordFacts(const std::string& id, int64_t expected_version,
                                           const std::vector<FactChange>& changes,
                                           const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  if (changes.empty()) return InvalidArgumentError("changes: at least one fact change");
  CaseState state = OKNO_TRY(GetOpen(id));
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
    if (Status checked = CheckFactPath(*loaded, situation, change.path); !checked.ok()) {
      return InvalidArgumentError(where + ".path: " + checked.message());
    }
    json entry = {{"path", change.path}, {"value", change.value}, {"kind", change.kind}};
    if (change.kind == "succession") entry["effective_from"] = change.effective_from;
    if (change.confidential) entry["confidential"] = true;
    recorded.push_back(std::move(entry));
  }
  planner::Plan plan = OKNO_TRY(PlanFor(*loaded, situation));
  json data = {{"changes", recorded}};
  std::vector<store::NewEvent> events = {
      Event(*loaded, event::kFactsRecorded, data, command),
      Event(*loaded, event::kPlanMade, PlanSummary(plan), command)};
  if (plan.tier != state.queue) {
    events.push_back(Event(*loaded, event::kAssigned, {{"queue", plan.tier}}, command));
  }
  return Append(*loaded, state, expected_version, std::move(events), command, data.dump());
}

Result<CaseState> CaseService::SubmitComplexRequest(const std::string& id, int64_t expected_version,
                                                    const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  CaseState state = OKNO_TRY(GetOpen(id));
  if (!state.tasks.empty()) {
    return FailedPreconditionError("case " + id + ": the complex request was submitted already");
  }
  // The agencies decide on the facts as they stand the day the request reaches them, and their
  // deadlines run from that day: the situation's as_of (the day its facts were given) gives
  // way to today.
  json today_situation = state.situation;
  today_situation.erase("as_of");
  planner::Plan plan = OKNO_TRY(PlanFor(*loaded, today_situation));
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
  return Append(*loaded, state, expected_version,
                {Event(*loaded, event::kComplexRequestSubmitted, data, command)}, command,
                data.dump());
}

Result<CaseState> CaseService::DecideTask(const std::string& id, int64_t expected_version,
                                          const std::string& task, const std::string& decision,
                                          const std::string& reason, const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  static const std::set<std::string> kDecisions = {"approved", "refused", "data_requested"};
  if (!kDecisions.contains(decision)) {
    return InvalidArgumentError("decision: '" + decision +
                                "' is not approved, refused or data_requested");
  }
  OKNO_TRY(CheckText("reason", reason));
  if (decision != "approved" && reason.empty()) {
    return InvalidArgumentError("reason: a refusal or a request for data says why");
  }
  CaseState state = OKNO_TRY(GetOpen(id));
  auto found = state.tasks.find(task);
  if (found == state.tasks.end()) return NotFoundError("case " + id + " has no task " + task);
  if (found->second.state != "open" && found->second.state != "data_requested") {
    return FailedPreconditionError("task " + task + " is " + found->second.state +
                                   ", not open for a decision");
  }
  json data = {{"task", task}, {"decision", decision}};
  if (!reason.empty()) data["reason"] = reason;
  return Append(*loaded, state, expected_version,
                {Event(*loaded, event::kTaskDecided, data, command)}, command, data.dump());
}

Result<CaseState> CaseService::AddNote(const std::string& id, int64_t expected_version,
                                       const std::string& text, const Command& command) {
  std::shared_ptr<const Loaded> loaded = catalogs_.Current();
  if (text.empty()) return InvalidArgumentError("text: a note says something");
  OKNO_TRY(CheckText("text", text));
  CaseState state = OKNO_TRY(Get(id));
  json data = {{"text", text}};
  return Append(*loaded, state, expected_version, {Event(*loaded, event::kNote, data, command)},
                command, data.dump());
}

}  // namespace okno::cases
