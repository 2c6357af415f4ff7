#include "planner/needs.h"

#include <algorithm>
#include <set>

namespace okno::planner {

int UrgencyRank(const std::string& urgency) {
  if (urgency == "immediate") return 0;
  if (urgency == "soon") return 1;
  return 2;
}

DetectedNeeds DetectNeeds(const catalog::Catalog& catalog, const catalog::FactSet& facts,
                          const std::vector<words::NeedReading>& from_narrative) {
  const catalog::Situation& situation = facts.situation();
  DetectedNeeds detected;
  for (const auto& [id, need] : catalog.needs) {
    PlannedNeed planned{id, {}, "", ""};
    int urgency = 3;
    std::set<std::string> waiting;
    for (const catalog::NeedDetector& detector : need.detect) {
      if (!detector.program) continue;
      cel::Value value = detector.program->Evaluate(facts.Bind(*detector.program, -1));
      if (value.is(cel::Kind::kBool) && value.bool_value()) {
        urgency = std::min(urgency, UrgencyRank(detector.urgency));
        if (planned.sources.empty()) planned.sources.push_back("facts");
      } else if (value.is(cel::Kind::kUnknown)) {
        waiting.insert(value.unknown_paths().begin(), value.unknown_paths().end());
      }
    }
    if (std::find(situation.needs.begin(), situation.needs.end(), id) != situation.needs.end()) {
      planned.sources.push_back("stated");
      urgency = std::min(urgency, UrgencyRank(need.urgency));
    }
    auto said = std::find_if(from_narrative.begin(), from_narrative.end(),
                             [&](const words::NeedReading& read) { return read.id == id; });
    if (said != from_narrative.end()) {
      planned.sources.push_back("narrative");
      planned.words = said->words;
      urgency = std::min(urgency, UrgencyRank(need.urgency));
    }
    if (planned.sources.empty()) {
      if (!waiting.empty()) detected.possible[id].assign(waiting.begin(), waiting.end());
      continue;
    }
    static const char* kUrgencies[] = {"immediate", "soon", "routine"};
    planned.urgency = kUrgencies[std::min(urgency, 2)];
    detected.needs.push_back(std::move(planned));
  }
  // Most urgent first; the catalog's order within an urgency.
  std::stable_sort(detected.needs.begin(), detected.needs.end(),
                   [](const PlannedNeed& a, const PlannedNeed& b) {
                     return UrgencyRank(a.urgency) < UrgencyRank(b.urgency);
                   });
  return detected;
}

}  // namespace okno::planner
