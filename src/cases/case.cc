#include "cases/case.h"

#include <algorithm>

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

json CaseToJson(const CaseState& state) {
  json history = json::object();
  for (const auto& [path, records] : state.fact_history) {
    json list = json::array();
    for (const FactRecord& record : records) {
      json entry = {{"value", record.value},
                    {"kind", record.kind},
                    {"event", record.event},
                    {"actor", record.actor}};
      if (!record.effective_from.empty()) entry["effective_from"] = record.effective_from;
      list.push_back(std::move(entry));
    }
    history[path] = std::move(list);
  }
  json tasks = json::array();
  for (const auto& [id, task] : state.tasks) {
    json entry = {{"agency", task.id},
                  {"services", task.services},
                  {"due", task.due},
                  {"after", task.after},
                  {"state", task.state}};
    if (!task.reason.empty()) entry["reason"] = task.reason;
    tasks.push_back(std::move(entry));
  }
  json timeline = json::array();
  for (const TimelineEntry& entry : state.timeline) {
    timeline.push_back({{"number", entry.number},
                        {"type", entry.type},
                        {"actor", entry.actor},
                        {"recorded_at_ms", entry.recorded_at_ms}});
  }
  return {{"id", state.id},
          {"version", state.version},
          {"status", state.status},
          {"situation", state.situation},
          {"fact_history", std::move(history)},
          {"consent", state.consent},
          {"plan", state.plan},
          {"queue", state.queue},
          {"assignee", state.assignee},
          {"tasks", std::move(tasks)},
          {"notes", state.notes},
          {"timeline", std::move(timeline)}};
}

Result<CaseState> Project(const std::string& id, const std::vector<store::StoredEvent>& events) {
  CaseState state;
  state.id = id;
  Reader reader(id);
  for (const store::StoredEvent& event : events) {
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
      for (const auto& [path, value] : FactsOf(state.situation)) {
        state.fact_history[path].push_back({value, "given", "", event.number, event.actor});
      }
    } else if (type == event::kFactsRecorded) {
      for (const json& change : data.value("changes", json::array())) {
        std::string path = change.value("path", "");
        json value = change.value("value", json());
        Status set = SetFactAt(state.situation, path, value);
        if (!set.ok()) return reader.Broken(event, set.message());
        state.fact_history[path].push_back({value, change.value("kind", "correction"),
                                            change.value("effective_from", ""), event.number,
                                            event.actor});
      }
    } else if (type == event::kPlanMade) {
      state.plan = std::move(data);
    } else if (type == event::kAssigned) {
      state.queue = data.value("queue", state.queue);
      state.assignee = data.value("assignee", "");
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
    } else {
      return reader.Broken(event, "an unknown kind of event");
    }
    state.version = event.number;
    state.timeline.push_back({event.number, event.type, event.actor, event.recorded_at_ms});
  }
  return state;
}

}  // namespace okno::cases
