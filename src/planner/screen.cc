#include "planner/screen.h"

#include <algorithm>
#include <map>

#include "cel/value_json.h"
#include "planner/questions.h"

namespace okno::planner {

std::optional<Question> NextQuestion(const catalog::Catalog& catalog, const Plan& plan,
                                     const std::set<std::string>& skipped) {
  for (const Question& question : plan.questions) {
    if (!skipped.contains(question.fact)) return question;
  }
  std::map<std::string, int> waiting;
  for (const PlannedService& service : plan.services) {
    if (service.status != "needs_info") continue;
    for (const std::string& path : service.missing_facts) {
      if (!skipped.contains(path)) ++waiting[path];
    }
  }
  for (const auto& [need, facts] : plan.possible_needs) {
    for (const std::string& path : facts) {
      if (!skipped.contains(path)) ++waiting[path];
    }
  }
  std::optional<Question> best;
  for (const auto& [path, count] : waiting) {
    const catalog::FactField* field = AskableFact(catalog, path);
    if (field == nullptr || field->question.In(plan.language).empty()) continue;
    if (!best || count > best->decides)
      best = Question{path, field->question.In(plan.language), count};
  }
  return best;
}

catalog::Situation ScreeningStart(const catalog::Situation& full) {
  catalog::Situation start;
  start.as_of = full.as_of;
  start.region = full.region;
  start.narrative = full.narrative;
  start.needs = full.needs;
  for (const catalog::MemberFacts& member : full.members) {
    start.members.push_back({member.id, member.role, {}});
  }
  return start;
}

std::optional<cel::Value> FactValue(const catalog::Situation& situation, const std::string& path) {
  std::optional<catalog::FactPath> parts = catalog::ParseFactPath(path);
  const auto* facts = parts ? situation.FactsOf(*parts) : nullptr;
  if (facts == nullptr) return std::nullopt;
  auto it = facts->find(parts->field);
  if (it == facts->end()) return std::nullopt;
  return it->second;
}

Replay ReplayScreening(const Planner& planner, const catalog::Catalog& catalog,
                       const catalog::Situation& full, const PlanOptions& options) {
  Replay replay;
  replay.situation = ScreeningStart(full);
  std::set<std::string> skipped;
  // Each answer fixes one fact for good; the bound only guards against a catalog that asks
  // in circles.
  size_t limit = 1000;
  while (limit-- > 0) {
    replay.plan = planner.Make(replay.situation, options);
    std::optional<Question> next = NextQuestion(catalog, replay.plan, skipped);
    if (!next) break;
    replay.asked.push_back(*next);
    if (std::optional<cel::Value> answer = FactValue(full, next->fact)) {
      SetFact(replay.situation, next->fact, *answer);
    } else {
      skipped.insert(next->fact);
    }
  }
  return replay;
}

std::vector<std::string> DecidingFacts(const Planner& planner, const catalog::Situation& full,
                                       const PlanOptions& options) {
  PlanOptions without_questions = options;
  without_questions.questions = false;
  Plan whole = planner.Make(full, without_questions);
  std::vector<std::string> given;
  for (const auto& [name, value] : full.household) given.push_back("household." + name);
  for (const catalog::MemberFacts& member : full.members) {
    for (const auto& [name, value] : member.facts) {
      given.push_back("members." + member.id + "." + name);
    }
  }
  std::vector<std::string> deciding;
  for (const std::string& path : given) {
    catalog::Situation without = full;
    ClearFact(without, path);
    if (!SameOutcome(planner.Make(without, without_questions), whole)) deciding.push_back(path);
  }
  return deciding;
}

std::vector<std::string> OutcomeDifferences(const Plan& a, const Plan& b) {
  auto items = [](const Plan& plan) {
    std::set<std::string> set;
    for (const PlannedNeed& need : plan.needs) set.insert("need " + need.id);
    for (const PlannedService& service : plan.services) {
      set.insert(service.service->id + (service.member_id.empty() ? "" : " " + service.member_id) +
                 ": " + service.status);
    }
    return set;
  };
  std::set<std::string> left = items(a);
  std::set<std::string> right = items(b);
  std::vector<std::string> differences;
  for (const std::string& item : left) {
    if (!right.contains(item)) differences.push_back("- " + item);
  }
  for (const std::string& item : right) {
    if (!left.contains(item)) differences.push_back("+ " + item);
  }
  return differences;
}

bool SameOutcome(const Plan& a, const Plan& b) { return OutcomeDifferences(a, b).empty(); }

nlohmann::json SituationToJson(const catalog::Situation& situation) {
  auto value = [](const cel::Value& fact) -> nlohmann::json {
    if (fact.is(cel::Kind::kTimestamp)) {
      return catalog::Date::FromEpochSeconds(fact.seconds()).ToString();
    }
    return cel::ValueToJson(fact);
  };
  nlohmann::json out = {{"as_of", situation.as_of.ToString()}, {"region", situation.region}};
  if (!situation.narrative.empty()) out["narrative"] = situation.narrative;
  if (!situation.needs.empty()) out["needs"] = situation.needs;
  nlohmann::json household = nlohmann::json::object();
  for (const auto& [name, fact] : situation.household) household[name] = value(fact);
  nlohmann::json members = nlohmann::json::array();
  for (const catalog::MemberFacts& member : situation.members) {
    nlohmann::json entry = {{"id", member.id}, {"role", member.role}};
    for (const auto& [name, fact] : member.facts) entry[name] = value(fact);
    members.push_back(std::move(entry));
  }
  household["members"] = std::move(members);
  out["household"] = std::move(household);
  return out;
}

}  // namespace okno::planner
