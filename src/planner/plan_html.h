#pragma once

#include <string>

#include "catalog/catalog.h"
#include "planner/plan.h"

namespace okno::planner {

// A one-page printable памятка for the citizen to take home: what to do first, where and how
// (channels, the agency's site), by when, what to bring, what Okno fetches itself, what is
// still to be found out. Self-contained HTML (no external fonts or scripts), in the plan's
// language.
std::string PlanToHtml(const Plan& plan, const catalog::Catalog& catalog);

}  // namespace okno::planner
