#include "cases/visibility.h"

#include <algorithm>

namespace okno::cases {

using nlohmann::json;

Visibility::Visibility(const CaseState& state, const Viewer& viewer)
    : state_(state),
      viewer_(viewer),
      front_office_(viewer.role == "operator" || viewer.role == "case_manager"),
      agency_(viewer.role == "agency_worker"),
      self_(viewer.role == "citizen" ? state.MemberOf(viewer.login) : "") {
  if (!agency_) return;
  if (auto task = state.tasks.find(viewer.agency); task != state.tasks.end()) {
    task_services_.insert(task->second.services.begin(), task->second.services.end());
  }
  for (const std::string& label : task_services_) {
    size_t colon = label.find(':');
    concerned_.insert(colon == std::string::npos ? ApplicantOf(state.situation)
                                                 : label.substr(colon + 1));
  }
}

bool Visibility::MaySeeFact(const std::string& path) const {
  if (front_office_) return true;
  if (agency_) return viewer_.readable_facts.contains(path);
  if (viewer_.role != "citizen") return false;
  if (!state_.confidential.contains(path)) return true;
  if (self_.empty()) return false;
  if (path.starts_with("members." + self_ + ".")) return true;
  // A confidential household fact is the applicant's to see: whoever asked for help.
  return path.starts_with("household.") && MemberRole(state_.situation, self_) == "applicant";
}

bool Visibility::ShowsService(const std::string& id, const std::string& member) const {
  return ShowsServiceLabel(member.empty() ? id : id + ":" + member);
}

bool Visibility::ShowsServiceLabel(const std::string& label) const {
  if (front_office_) return true;
  if (agency_) return task_services_.contains(label);
  if (self_.empty()) return false;
  size_t colon = label.find(':');
  return colon == std::string::npos || label.substr(colon + 1) == self_;
}

json Visibility::PersonalData(const std::string& member) const {
  auto found = state_.people.find(member);
  if (found == state_.people.end()) return json::object();
  if (front_office_ || (!self_.empty() && member == self_)) return found->second;
  json identity = json::object();
  if (agency_ && concerned_.contains(member)) {
    for (const char* field : {"full_name", "snils"}) {
      if (found->second.contains(field)) identity[field] = found->second[field];
    }
  }
  return identity;
}

json Visibility::Situation() const {
  if (front_office_) return state_.situation;
  json visible = {{"household", {{"members", json::array()}}}};
  for (const char* key : {"as_of", "region"}) {
    if (state_.situation.contains(key)) visible[key] = state_.situation[key];
  }
  const json& household = state_.situation.value("household", json::object());
  for (const json& member : household.value("members", json::array())) {
    if (!member.is_object()) continue;
    visible["household"]["members"].push_back(
        {{"id", member.value("id", "")}, {"role", member.value("role", "")}});
  }
  for (const auto& [path, value] : FactsOf(state_.situation)) {
    if (MaySeeFact(path)) (void)SetFactAt(visible, path, value);
  }
  return visible;
}

planner::Plan Visibility::Plan(planner::Plan plan) const {
  if (front_office_) return plan;
  std::erase_if(plan.services, [&](const planner::PlannedService& service) {
    return !ShowsService(service.service->id, service.member_id);
  });
  // A document stays when a service shown needs it: the member's own, or the household's.
  std::erase_if(plan.documents, [&](const planner::PlannedDocument& document) {
    return std::none_of(
        plan.services.begin(), plan.services.end(), [&](const planner::PlannedService& service) {
          return (service.member_id.empty() || service.member_id == document.member) &&
                 std::find(document.for_services.begin(), document.for_services.end(),
                           service.service->id) != document.for_services.end();
        });
  });
  std::erase_if(plan.questions, [&](const planner::Question& question) {
    return !question.fact.starts_with("household.") &&
           (self_.empty() || !question.fact.starts_with("members." + self_ + "."));
  });
  std::erase_if(plan.possible_needs, [](const auto&) { return true; });
  return plan;
}

}  // namespace okno::cases
