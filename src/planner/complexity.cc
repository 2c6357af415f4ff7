#include "planner/complexity.h"

#include <algorithm>
#include <map>
#include <set>

namespace okno::planner {
namespace {

int ScoreOf(const std::string& value, const std::vector<std::string>& scale) {
  auto it = std::find(scale.begin(), scale.end(), value);
  return it == scale.end() ? 1 : static_cast<int>(it - scale.begin()) + 1;
}

const std::vector<std::string> kFrequency = {"single", "episodic", "regular", "continuous"};
const std::vector<std::string> kNature = {"information", "transaction", "advice",
                                          "multi_specialist"};
const std::vector<std::string> kKnowledge = {"referral", "transactional", "cross_service",
                                             "expert"};

// The level of one factor: the highest score among the plan's services, except that one
// service alone cannot make it 4 (one specialised service does not make a case multi-agency).
struct Highest {
  std::map<int, int> services_at;    // score → how many services have it
  std::map<int, std::string> first;  // score → the first service with it
  void Add(int score, const std::string& service) {
    if (++services_at[score] == 1) first[score] = service;
  }
  int Score() const {
    if (services_at.empty()) return 1;
    int top = services_at.rbegin()->first;
    if (top == 4 && services_at.at(4) < 2) return 3;
    return top;
  }
  std::string Service() const {
    int score = Score();
    auto it = first.lower_bound(score);
    return it == first.end() ? "" : it->second;
  }
};

}  // namespace

Complexity AssessComplexity(const std::vector<PlannedNeed>& needs,
                            const std::vector<PlannedService>& services,
                            const std::string& language) {
  bool ru = language != "en";
  Complexity complexity;
  std::set<std::string> agencies;
  Highest frequency, nature, knowledge;
  // The services due make the case: those waiting for an answer may never be, and those open
  // to everyone (emergency care, a consultation) say nothing about this case.
  std::set<std::string> counted;
  for (const PlannedService& planned : services) {
    if (planned.status != "eligible" || planned.needs.empty()) continue;
    const catalog::Service& service = *planned.service;
    if (std::all_of(service.rules.begin(), service.rules.end(),
                    [](const catalog::RuleVersion& version) { return version.AlwaysTrue(); })) {
      continue;
    }
    agencies.insert(service.agency);
    if (!counted.insert(service.id).second) continue;  // once per service, not per member
    frequency.Add(ScoreOf(service.interaction.frequency, kFrequency), service.id);
    nature.Add(ScoreOf(service.interaction.nature, kNature), service.id);
    knowledge.Add(ScoreOf(service.interaction.knowledge, kKnowledge), service.id);
  }
  size_t count = needs.size();
  complexity.needs_range = count <= 1 ? 1 : count <= 3 ? 2 : count <= 5 ? 3 : 4;
  complexity.frequency = frequency.Score();
  complexity.nature = nature.Score();
  complexity.knowledge = knowledge.Score();
  // Several agencies at once take knowledge across services, whatever each one needs alone.
  bool across = agencies.size() >= 4 && complexity.knowledge < 3;
  if (across) complexity.knowledge = 3;
  int total =
      complexity.needs_range + complexity.frequency + complexity.nature + complexity.knowledge;
  complexity.level = total <= 6    ? "low"
                     : total <= 10 ? "medium"
                     : total <= 13 ? "high"
                                   : "very_high";

  std::string need_list;
  for (const PlannedNeed& need : needs) need_list += (need_list.empty() ? "" : ", ") + need.id;
  auto text = [&](const char* russian, const char* english) {
    return std::string(ru ? russian : english);
  };
  auto because = [&](const Highest& highest) {
    std::string service = highest.Service();
    if (service.empty()) return std::string();
    return text(" (услуга ", " (service ") + service + ")";
  };
  auto factor = [&](const char* russian, const char* english, int score,
                    const std::string& reason) {
    return text(russian, english) + ": " + std::to_string(score) + reason;
  };
  std::string listed = need_list.empty() ? "" : " (" + need_list + ")";
  std::string range = ru ? "широта потребностей: " + std::to_string(complexity.needs_range) +
                               " — потребностей " + std::to_string(count) + listed + ", ведомств " +
                               std::to_string(agencies.size())
                         : "range of needs: " + std::to_string(complexity.needs_range) + " — " +
                               std::to_string(count) + " needs" + listed + ", " +
                               std::to_string(agencies.size()) + " agencies";
  complexity.explanation = {
      range,
      factor("частота взаимодействия", "frequency of interaction", complexity.frequency,
             because(frequency)),
      factor("характер взаимодействия", "nature of interaction", complexity.nature,
             because(nature)),
      factor("уровень знаний", "level of knowledge", complexity.knowledge,
             across ? text(" (несколько ведомств сразу: нужны знания разных услуг)",
                           " (several agencies at once need knowledge across services)")
                    : because(knowledge)),
      text("сумма ", "total ") + std::to_string(total) +
          text(" из 16: сложность ", " of 16: complexity ") + complexity.level};
  return complexity;
}

}  // namespace okno::planner
