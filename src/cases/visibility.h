#pragma once

// What a viewer may see of a case: the one policy behind every view of it — the JSON of the
// API, the памятка, lists and exports ask it rather than deciding for themselves.
//
// The front office (operator, case manager) sees the case whole. An agency worker sees its own
// task, the facts that task's rules read and the identity of the members it concerns. A
// citizen sees the household's services and their own, their own personal data, and every
// fact but another member's confidential one (152-FZ art. 10: health, disability, release
// from prison are special categories).

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cases/case.h"
#include "planner/plan.h"

namespace okno::cases {

class Visibility {
 public:
  // Both must outlive the policy.
  Visibility(const CaseState& state, const Viewer& viewer);

  bool front_office() const { return front_office_; }
  // The member the viewer is (a citizen linked to one), or empty.
  const std::string& self() const { return self_; }

  // Whether the fact at `path` (household.housing, members.anna.health) is the viewer's to see.
  bool MaySeeFact(const std::string& path) const;
  // Whether the viewer sees the service `id` for `member` (empty: the household's).
  bool ShowsService(const std::string& id, const std::string& member) const;
  // The same for a task's or a plan summary's label: "id" or "id:member".
  bool ShowsServiceLabel(const std::string& label) const;
  // The personal data of `member` the viewer may see (an empty object: none).
  nlohmann::json PersonalData(const std::string& member) const;

  // The case's situation with only the facts the viewer may see; members keep their id and
  // role. The narrative is the front office's alone: it may tell of anyone.
  nlohmann::json Situation() const;
  // `plan` (made from Situation()) with only what the viewer may see: services, the documents
  // for them, and questions about the household or the viewer.
  planner::Plan Plan(planner::Plan plan) const;

 private:
  const CaseState& state_;
  const Viewer& viewer_;
  bool front_office_ = false;
  bool agency_ = false;
  std::string self_;
  std::set<std::string> task_services_;  // an agency worker's task's labels
  std::set<std::string> concerned_;      // the members an agency's task concerns
};

}  // namespace okno::cases
