#pragma once

#include <map>
#include <string>

#include "catalog/catalog.h"
#include "planner/plan.h"

namespace okno::planner {

// A one-page printable памятка for the citizen to take home: what to do first, where and how
// (channels, the agency's site), by when, what to bring, what Okno fetches itself, what is
// still to be found out. Self-contained HTML (no external fonts or scripts), in the plan's
// language.
//
// For a case, `people` names the members (member id → full name, shown instead of the id) and
// `addressee` whom the памятка is for; both are personal data: print, never log.
struct MemoPeople {
  std::string addressee;
  std::string case_id;
  std::map<std::string, std::string> names;
};
std::string PlanToHtml(const Plan& plan, const catalog::Catalog& catalog,
                       const MemoPeople& people = {});

}  // namespace okno::planner
