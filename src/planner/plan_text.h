#pragma once

#include <string>

#include "catalog/catalog.h"
#include "planner/plan.h"

namespace okno::planner {

// The plan for a terminal: needs, numbered steps with status marks, what waits for
// information, what is not due, documents to bring and those Okno fetches itself, the next
// questions, complexity and tier, visits. In the plan's language.
std::string PlanToText(const Plan& plan, const catalog::Catalog& catalog);

}  // namespace okno::planner
