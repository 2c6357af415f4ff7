#include "planner/complexity.h"

#include <algorithm>
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

// The highest score among the plan's services on one factor, and the service that gives it.
struct Highest {
  int score = 1;
  std::string service;
};

}  // namespace

Complexity AssessComplexity(const std::vector<PlannedNeed>& needs,
                            const std::vector<PlannedService>& services,
                            const std::string& language) {
  bool ru = language != "en";
  Complexity complexity;
  std::set<std::string> agencies;
  Highest frequency, nature, knowledge;
  for (const PlannedService& planned : services) {
    if (planned.status == "ineligible") continue;
    const catalog::Service& service = *planned.service;
    agencies.insert(service.agency);
    auto raise = [&](Highest& highest, int score) {
      if (score > highest.score) highest = {score, service.id};
    };
    raise(frequency, ScoreOf(service.interaction.frequency, kFrequency));
    raise(nature, ScoreOf(service.interaction.nature, kNature));
    raise(knowledge, ScoreOf(service.interaction.knowledge, kKnowledge));
  }
  size_t count = needs.size();
  complexity.needs_range = count <= 1 ? 1 : count <= 3 ? 2 : count <= 5 ? 3 : 4;
  complexity.frequency = frequency.score;
  complexity.nature = nature.score;
  complexity.knowledge = knowledge.score;
  // Several agencies at once take knowledge across services, whatever each one needs alone.
  if (agencies.size() >= 4 && complexity.knowledge < 3) {
    complexity.knowledge = 3;
    knowledge.service.clear();
  }
  int total =
      complexity.needs_range + complexity.frequency + complexity.nature + complexity.knowledge;
  complexity.level = total <= 6    ? "low"
                     : total <= 9  ? "medium"
                     : total <= 12 ? "high"
                                   : "very_high";

  std::string need_list;
  for (const PlannedNeed& need : needs) need_list += (need_list.empty() ? "" : ", ") + need.id;
  auto because = [&](const Highest& highest) {
    if (highest.service.empty()) return std::string();
    return std::string(ru ? " (услуга " : " (service ") + highest.service + ")";
  };
  if (ru) {
    complexity.explanation = {
        "широта потребностей: " + std::to_string(complexity.needs_range) + " — потребностей " +
            std::to_string(count) + (need_list.empty() ? "" : " (" + need_list + ")") +
            ", ведомств " + std::to_string(agencies.size()),
        "частота взаимодействия: " + std::to_string(complexity.frequency) + because(frequency),
        "характер взаимодействия: " + std::to_string(complexity.nature) + because(nature),
        "уровень знаний: " + std::to_string(complexity.knowledge) +
            (knowledge.service.empty() && agencies.size() >= 4
                 ? " (несколько ведомств сразу: нужны знания разных услуг)"
                 : because(knowledge)),
        "сумма " + std::to_string(total) + " из 16: сложность " + complexity.level};
  } else {
    complexity.explanation = {
        "range of needs: " + std::to_string(complexity.needs_range) + " — " +
            std::to_string(count) + " needs" + (need_list.empty() ? "" : " (" + need_list + ")") +
            ", " + std::to_string(agencies.size()) + " agencies",
        "frequency of interaction: " + std::to_string(complexity.frequency) + because(frequency),
        "nature of interaction: " + std::to_string(complexity.nature) + because(nature),
        "level of knowledge: " + std::to_string(complexity.knowledge) +
            (knowledge.service.empty() && agencies.size() >= 4
                 ? " (several agencies at once need knowledge across services)"
                 : because(knowledge)),
        "total " + std::to_string(total) + " of 16: complexity " + complexity.level};
  }
  return complexity;
}

}  // namespace okno::planner
