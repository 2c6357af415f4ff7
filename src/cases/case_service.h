#pragma once

// What can be done to a case, each as events appended to its stream: opening it (only with the
// citizen's consent), recording facts (the plan and the complexity are then made again),
// submitting the complex request (one task per agency), an agency's decision, a note. Every
// command names the version it was made against (optimistic concurrency: a stale one is a
// Conflict, never a lost update) and may carry an idempotency key (a retry changes nothing).

#include <string>
#include <vector>

#include "cases/case.h"
#include "catalog/catalog.h"
#include "planner/plan.h"
#include "store/event_store.h"

namespace okno::cases {

// The citizen's consent to the processing of personal data (152-FZ ст. 9), with its purpose.
struct Consent {
  std::string purpose;
  std::string given_on;  // YYYY-MM-DD
};

// Who is acting, and the idempotency key of the request, if any.
struct Command {
  std::string actor;
  std::string idempotency_key;
};

class CaseService {
 public:
  // All three must outlive the service.
  CaseService(store::EventStore& store, const catalog::Catalog& catalog,
              const planner::Planner& planner);

  // Opens case `id` from a situation (DESIGN.md §4.1): the facts as given, the consent, the
  // first plan, and the case routed to its tier's queue. FailedPrecondition without consent;
  // InvalidArgument naming every bad field of the situation; Conflict when `id` exists.
  Result<CaseState> Open(const std::string& id, const nlohmann::json& situation,
                         const Consent& consent, const Command& command);

  // Records fact changes (each a correction or a succession) and the plan made again.
  Result<CaseState> RecordFacts(const std::string& id, int64_t expected_version,
                                const std::vector<FactChange>& changes, const Command& command);

  // The complex request: one task per agency with an eligible step of the plan, due when its
  // last service is, after the agencies whose results its services wait for.
  // FailedPrecondition when one was submitted already or the plan has no eligible step.
  Result<CaseState> SubmitComplexRequest(const std::string& id, int64_t expected_version,
                                         const Command& command);

  // An agency's decision on its task: approved, refused (a reason required) or data_requested.
  Result<CaseState> DecideTask(const std::string& id, int64_t expected_version,
                               const std::string& task, const std::string& decision,
                               const std::string& reason, const Command& command);

  Result<CaseState> AddNote(const std::string& id, int64_t expected_version,
                            const std::string& text, const Command& command);

  // NotFound for an unknown case.
  Result<CaseState> Get(const std::string& id);

 private:
  // The situation checked against the catalog and its plan; InvalidArgument listing every
  // bad field.
  Result<planner::Plan> PlanFor(const nlohmann::json& situation) const;
  // Appends `events` made against `expected_version` and returns the state after them.
  Result<CaseState> Append(const std::string& id, int64_t expected_version,
                           std::vector<store::NewEvent> events, const Command& command,
                           const std::string& fingerprint);
  store::NewEvent Event(const char* type, const nlohmann::json& data, const Command& command) const;
  nlohmann::json PlanSummary(const planner::Plan& plan) const;

  store::EventStore& store_;
  const catalog::Catalog& catalog_;
  const planner::Planner& planner_;
};

}  // namespace okno::cases
