#include "cases/case.h"

#include <algorithm>
#include <functional>

#include "cases/visibility.h"

namespace okno::cases {
namespace {

using nlohmann::json;

// The object holding the fact at `path` and the fact's name in it; null when there is none.
json* Holder(json& situation, const std::string& path, std::string& field) {
  if (!situation.is_object() || !situation.contains("household")) return nullptr;
  json& household = situation["household"];
  if (path.starts_with("household.")) {
    field = path.substr(10);
    if (field.empty() || field == "members" || field.find('.') != std::string::npos) return nullptr;
    return &household;
  }
  if (!path.starts_with("members.")) return nullptr;
  size_t dot = path.find('.', 8);
  if (dot == std::string::npos) return nullptr;
  std::string member = path.substr(8, dot - 8);
  field = path.substr(dot + 1);
  if (field.empty() || field == "id" || field == "role" || field.find('.') != std::string::npos) {
    return nullptr;
  }
  if (!household.contains("members") || !household["members"].is_array()) return nullptr;
  for (json& entry : household["members"]) {
    if (entry.is_object() && entry.value("id", "") == member) return &entry;
  }
  return nullptr;
}

// Reading a stored event: its JSON, or why the stream does not read as a case.
class Reader {
 public:
  explicit Reader(const std::string& id) : id_(id) {}

  Result<json> Data(const store::StoredEvent& event) {
    json data = json::parse(event.data, nullptr, /*allow_exceptions=*/false);
    if (!data.is_object()) return Broken(event, "its data is not a JSON object");
    return data;
  }

  Status Broken(const store::StoredEvent& event, const std::string& what) const {
    return DataLossError("case " + id_ + ", event " + std::to_string(event.number) + " (" +
                         event.type + "): " + what);
  }

 private:
  const std::string& id_;
};

// Personal data given for members: each field replaces the one before; null removes it.
void MergePeople(CaseState& state, const json& people) {
  if (!people.is_object()) return;
  for (const auto& [member, fields] : people.items()) {
    if (!fields.is_object()) continue;
    json& data = state.people[member];
    if (!data.is_object()) data = json::object();
    for (const auto& [field, value] : fields.items()) {
      if (value.is_null()) {
        data.erase(field);
      } else {
        data[field] = value;
      }
    }
  }
}

void OpenReadyTasks(CaseState& state) {
  for (auto& [id, task] : state.tasks) {
    if (task.state != "waiting") continue;
    bool ready = std::all_of(task.after.begin(), task.after.end(), [&](const std::string& before) {
      auto it = state.tasks.find(before);
      return it != state.tasks.end() && it->second.state == "approved";
    });
    if (ready) task.state = "open";
  }
}

}  // namespace

Status SetFactAt(json& situation, const std::string& path, const json& value) {
  std::string field;
  json* holder = Holder(situation, path, field);
  if (holder == nullptr) return InvalidArgumentError(path + ": names no fact of this case");
  if (value.is_null()) {
    holder->erase(field);  // unknown again
  } else {
    (*holder)[field] = value;
  }
  return Status::Ok();
}

std::map<std::string, json> FactsOf(const json& situation) {
  std::map<std::string, json> facts;
  if (!situation.is_object() || !situation.contains("household")) return facts;
  const json& household = situation["household"];
  for (const auto& [name, value] : household.items()) {
    if (name != "members") facts["household." + name] = value;
  }
  if (household.contains("members") && household["members"].is_array()) {
    for (const json& member : household["members"]) {
      if (!member.is_object()) continue;
      std::string prefix = "members." + member.value("id", "") + ".";
      for (const auto& [name, value] : member.items()) {
        if (name != "id" && name != "role") facts[prefix + name] = value;
      }
    }
  }
  return facts;
}

std::string ApplicantOf(const json& situation) {
  const json* household = situation.contains("household") ? &situation["household"] : nullptr;
  if (household == nullptr || !household->contains("members")) return "";
  for (const json& member : (*household)["members"]) {
    if (member.is_object() && member.value("role", "") == "applicant") {
      return member.value("id", "");
    }
  }
  return "";
}

std::string MemberRole(const json& situation, const std::string& id) {
  const json* members = situation.contains("household") ? &situation["household"] : nullptr;
  if (members == nullptr || !members->contains("members")) return "";
  for (const json& member : (*members)["members"]) {
    if (member.is_object() && member.value("id", "") == id) return member.value("role", "");
  }
  return "";
}

bool ValidSnils(const std::string& snils) {
  std::string digits = store::SnilsDigits(snils);
  if (digits.empty()) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (9 - i);
  int check = sum < 100 ? sum : sum % 101;
  if (check == 100) check = 0;
  return check == std::stoi(digits.substr(9));
}

std::string SlaState(const std::string& due, const catalog::Date& today) {
  std::optional<catalog::Date> date = catalog::ParseDate(due);
  if (!date) return "none";
  if (*date < today) return "breached";
  if (date->DaysSinceEpoch() - today.DaysSinceEpoch() <= 1) return "at_risk";
  return "on_time";
}

std::string CaseState::MemberOf(const std::string& citizen) const {
  for (const auto& [member, login] : citizens) {
    if (login == citizen) return member;
  }
  return "";
}

json CaseToJson(const CaseState& state, const Viewer& viewer) {
  const Visibility visibility(state, viewer);
  const bool front_office = visibility.front_office();
  const bool agency = viewer.role == "agency_worker";

  json history = json::object();
  for (const auto& [path, records] : state.fact_history) {
    if (!visibility.MaySeeFact(path)) continue;
    json list = json::array();
    for (const FactRecord& record : records) {
      json entry = {{"value", record.value}, {"kind", record.kind}, {"event", record.event}};
      if (front_office) entry["actor"] = record.actor;
      if (!record.effective_from.empty()) entry["effective_from"] = record.effective_from;
      list.push_back(std::move(entry));
    }
    history[path] = std::move(list);
  }

  json tasks = json::array();
  for (const auto& [id, task] : state.tasks) {
    if (agency && id != viewer.agency) continue;
    json services = json::array();
    for (const std::string& label : task.services) {
      if (visibility.ShowsServiceLabel(label)) services.push_back(label);
    }
    json entry = {{"agency", task.id},
                  {"services", std::move(services)},
                  {"due", task.due},
                  {"after", task.after},
                  {"state", task.state}};
    if (!task.reason.empty()) entry["reason"] = task.reason;
    tasks.push_back(std::move(entry));
  }

  json plan = state.plan;
  if (!front_office && plan.contains("services")) {
    json services = json::array();
    for (const json& service : plan["services"]) {
      std::string label = service.value("id", "");
      if (service.contains("member")) label += ":" + service.value("member", "");
      if (visibility.ShowsServiceLabel(label)) services.push_back(service);
    }
    plan["services"] = std::move(services);
  }

  json result = {{"id", state.id},
                 {"version", state.version},
                 {"status", state.status},
                 {"situation", visibility.Situation()},
                 {"fact_history", std::move(history)},
                 {"consent", state.consent},
                 {"plan", std::move(plan)},
                 {"queue", state.queue},
                 {"tasks", std::move(tasks)},
                 {"opened_at_ms", state.opened_at_ms}};
  if (state.status == "closed") {
    result["outcome"] = state.outcome;
    result["closed_at_ms"] = state.closed_at_ms;
  }

  // Personal data: the front office sees every member's; an agency the name and SNILS of the
  // members its task concerns; a citizen their own.
  json people = json::object();
  for (const auto& [member, data] : state.people) {
    json visible = visibility.PersonalData(member);
    if (front_office || !visible.empty()) people[member] = std::move(visible);
  }
  result["people"] = std::move(people);

  if (front_office) {
    result["office"] = state.office;
    result["assignee"] = state.assignee;
    result["confidential"] = state.confidential;
    result["citizens"] = state.citizens;
    json contacts = json::array();
    for (const Contact& contact : state.contacts) {
      contacts.push_back({{"channel", contact.channel},
                          {"summary", contact.summary},
                          {"actor", contact.actor},
                          {"at_ms", contact.at_ms}});
    }
    result["contacts"] = std::move(contacts);
    result["notes"] = state.notes;
  }
  if (!agency) {
    json timeline = json::array();
    for (const TimelineEntry& entry : state.timeline) {
      json item = {
          {"number", entry.number}, {"type", entry.type}, {"recorded_at_ms", entry.recorded_at_ms}};
      if (front_office) item["actor"] = entry.actor;
      timeline.push_back(std::move(item));
    }
    result["timeline"] = std::move(timeline);
  }
  return result;
}

Result<CaseState> Project(const std::string& id, const std::vector<store::StoredEvent>& events) {
  CaseState state;
  state.id = id;
  for (const store::StoredEvent& event : events) OKNO_TRY(Apply(state, event));
  return state;
}

Status Apply(CaseState& state, const store::StoredEvent& event) {
  Reader reader(state.id);
  {
    if (event.number != state.version + 1) {
      return reader.Broken(event, "expected event " + std::to_string(state.version + 1));
    }
    if (state.version == 0 && event.type != event::kOpened) {
      return reader.Broken(event, "a case begins with 'opened'");
    }
    json data = OKNO_TRY(reader.Data(event));
    const std::string& type = event.type;
    if (type == event::kOpened) {
      if (state.version != 0) return reader.Broken(event, "opened twice");
      state.status = "open";
      state.situation = data.value("situation", json::object());
      state.consent = data.value("consent", json::object());
      state.office = data.value("office", "");
      state.opened_at_ms = event.recorded_at_ms;
      for (const auto& [path, value] : FactsOf(state.situation)) {
        state.fact_history[path].push_back({value, "given", "", event.number, event.actor});
      }
      for (const json& path : data.value("confidential", json::array())) {
        if (path.is_string()) state.confidential.insert(path.get<std::string>());
      }
      MergePeople(state, data.value("people", json::object()));
    } else if (type == event::kFactsRecorded) {
      for (const json& change : data.value("changes", json::array())) {
        std::string path = change.value("path", "");
        json value = change.value("value", json());
        Status set = SetFactAt(state.situation, path, value);
        if (!set.ok()) return reader.Broken(event, set.message());
        state.fact_history[path].push_back({value, change.value("kind", "correction"),
                                            change.value("effective_from", ""), event.number,
                                            event.actor});
        if (change.value("confidential", false)) state.confidential.insert(path);
      }
    } else if (type == event::kPlanMade) {
      state.plan = std::move(data);
    } else if (type == event::kAssigned || type == event::kReassigned ||
               type == event::kEscalated) {
      state.queue = data.value("queue", state.queue);
      state.assignee = data.value("assignee", "");
    } else if (type == event::kTransferred) {
      state.office = data.value("office", "");
      state.assignee.clear();
    } else if (type == event::kPeopleRecorded) {
      MergePeople(state, data.value("people", json::object()));
    } else if (type == event::kCitizenLinked) {
      state.citizens[data.value("member", "")] = data.value("citizen", "");
    } else if (type == event::kContactLogged) {
      state.contacts.push_back({data.value("channel", ""), data.value("summary", ""), event.actor,
                                event.recorded_at_ms});
    } else if (type == event::kComplexRequestSubmitted) {
      for (const json& entry : data.value("tasks", json::array())) {
        Task task;
        task.id = entry.value("id", "");
        task.services = entry.value("services", std::vector<std::string>{});
        task.due = entry.value("due", "");
        task.after = entry.value("after", std::vector<std::string>{});
        task.state = task.after.empty() ? "open" : "waiting";
        if (task.id.empty()) return reader.Broken(event, "a task without an id");
        state.tasks[task.id] = std::move(task);
      }
    } else if (type == event::kTaskDecided) {
      auto task = state.tasks.find(data.value("task", ""));
      if (task == state.tasks.end()) return reader.Broken(event, "no such task");
      task->second.state = data.value("decision", "");
      task->second.reason = data.value("reason", "");
      OpenReadyTasks(state);
    } else if (type == event::kNote) {
      state.notes.push_back(std::move(data));
    } else if (type == event::kClosed) {
      state.status = "closed";
      state.outcome = data.value("outcome", "");
      state.closed_at_ms = event.recorded_at_ms;
    } else {
      return reader.Broken(event, "an unknown kind of event");
    }
    state.version = event.number;
    state.timeline.push_back({event.number, event.type, event.actor, event.recorded_at_ms});
  }
  return Status::Ok();
}

}  // namespace okno::cases
