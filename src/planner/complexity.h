#pragma once

// The complexity of a case (the paper's four factors, docs/complexity.md): range of needs,
// frequency, nature of interaction and level of knowledge, each scored 1–4 from the detected
// needs and the interaction profiles of the services in the plan, combined into a level.

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "planner/plan.h"

namespace okno::planner {

Complexity AssessComplexity(const std::vector<PlannedNeed>& needs,
                            const std::vector<PlannedService>& services,
                            const std::string& language);

}  // namespace okno::planner
