#pragma once

// What can be done to a case, each as events appended to its stream: opening it (only with the
// citizen's consent), recording facts (the plan and the complexity are then made again),
// submitting the complex request (one task per agency), an agency's decision, a note. Every
// command names the version it was made against (optimistic concurrency: a stale one is a
// Conflict, never a lost update) and may carry an idempotency key (a retry changes nothing).

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cases/case.h"
#include "catalog/catalog.h"
#include "planner/catalog_source.h"
#include "planner/plan.h"
#include "store/event_store.h"

namespace okno::cases {

// The citizen's consent to the processing of personal data (152-FZ ст. 9), with its purpose.
struct Consent {
  std::string purpose;
  std::string given_on;  // YYYY-MM-DD
};

// What a case is opened with.
struct Opening {
  nlohmann::json situation;  // DESIGN.md §4.1
  Consent consent;
  // Personal data by member id: {full_name, snils, phone, address}, apart from the facts.
  nlohmann::json people = nlohmann::json::object();
  std::vector<std::string> confidential;  // fact paths to keep confidential from the start
  std::string office;                     // the MFC office opening it (the user's)
};

// Who is acting, and the idempotency key of the request, if any. With `action`, the change is
// audited under that name (case.note, task.decide, ...) in the transaction that makes it,
// with the client's address.
struct Command {
  Command(std::string actor = "", std::string idempotency_key = "", std::string action = "",
          std::string client = "")
      : actor(std::move(actor)),
        idempotency_key(std::move(idempotency_key)),
        action(std::move(action)),
        client(std::move(client)) {}
  std::string actor;
  std::string idempotency_key;
  std::string action;
  std::string client;
  std::string audit_reason{};  // the audit record's why, where the change itself says it
};

// How much one case holds: a note, a contact's summary or a reason is a few paragraphs, and a
// case's events are replayed at every read (the review's finding 14: 30 notes of 900 KB made an
// operator's read 0.85 s and 27 MB). Past `events`, a case takes nothing more: it is closed and
// a new one opened.
struct CaseLimits {
  size_t text_characters = 4000;
  int64_t events = 2000;
};

class CaseService {
 public:
  // Both must outlive the service. Each command works with the catalog in force when it
  // starts; its events carry that catalog's version.
  CaseService(store::EventStore& store, planner::CatalogSource& catalogs, CaseLimits limits = {});

  // Opens case `id` from a situation (DESIGN.md §4.1): the facts as given, the consent, the
  // first plan, and the case routed to its tier's queue. FailedPrecondition without consent;
  // InvalidArgument naming every bad field of the situation; Conflict when `id` exists.
  Result<CaseState> Open(const std::string& id, const Opening& opening, const Command& command);

  // Personal data of members (fields replace those before; null removes one).
  Result<CaseState> RecordPeople(const std::string& id, int64_t expected_version,
                                 const nlohmann::json& people, const Command& command);

  // Links a citizen's account to a member: the citizen then sees the case.
  Result<CaseState> LinkCitizen(const std::string& id, int64_t expected_version,
                                const std::string& member, const std::string& citizen,
                                const Command& command);

  // Assigns the case to a worker (or, with an empty assignee, back to its queue).
  Result<CaseState> Assign(const std::string& id, int64_t expected_version,
                           const std::string& assignee, const Command& command);

  // Moves the case to a higher tier's queue (the next one when `queue` is empty), unassigned.
  Result<CaseState> Escalate(const std::string& id, int64_t expected_version,
                             const std::string& queue, const std::string& reason,
                             const Command& command);

  // Hands the case to another MFC office's front office, which alone sees it from then on,
  // unassigned in the same queue; `reason` says why.
  Result<CaseState> Transfer(const std::string& id, int64_t expected_version,
                             const std::string& office, const std::string& reason,
                             const Command& command);

  // A contact with the citizen: visit, phone, online or letter.
  Result<CaseState> LogContact(const std::string& id, int64_t expected_version,
                               const std::string& channel, const std::string& summary,
                               const Command& command);

  // Closes the case: resolved, referred, withdrawn or unreachable (all but resolved say why).
  Result<CaseState> Close(const std::string& id, int64_t expected_version,
                          const std::string& outcome, const std::string& reason,
                          const Command& command);

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

  // The plan of case `id`'s facts now — `situation`, the case's or the part of it a viewer may
  // see (Visibility::Situation) — in `language` (ru, en), with the catalog in force, and that
  // catalog: for the памятка.
  Result<std::pair<planner::Plan, std::shared_ptr<const planner::LoadedCatalog>>> PlanNow(
      const nlohmann::json& situation, const std::string& id, const std::string& language) const;

  // The store itself, for what reads every case at once (the KPIs).
  store::EventStore& events() { return store_; }

  // A page of case summaries (store::CaseQuery).
  Result<store::CasePage> List(const store::CaseQuery& query) { return store_.ListCases(query); }

  // The fact paths the rules of `agency`'s task in `state` read: what its worker may see. Found
  // by the engine: each service evaluated for the household's members with every fact
  // unknown, so that each fact the rule could read is reported as missing.
  std::set<std::string> FactsReadBy(const CaseState& state, const std::string& agency) const;

  // What lists and queues know of the case (store::CaseSummary).
  store::CaseSummary SummaryOf(const CaseState& state) const;

  // Writes the summary of every case recorded before the index had it; their number.
  Result<int> IndexMissing();

 private:
  using Loaded = planner::LoadedCatalog;
  // The situation checked against the catalog and its plan; InvalidArgument listing every
  // bad field.
  Result<planner::Plan> PlanFor(const Loaded& loaded, const nlohmann::json& situation) const;
  // Appends `events` made against `before` (an empty state for a new case), with the case's
  // summary after them, and returns the state as stored.
  Result<CaseState> Append(const Loaded& loaded, const CaseState& before, int64_t expected_version,
                           std::vector<store::NewEvent> events, const Command& command,
                           const std::string& fingerprint);
  store::CaseSummary SummaryOf(const Loaded& loaded, const CaseState& state) const;
  // InvalidArgument unless `people` is personal data of members of `situation`.
  Status CheckPeople(const nlohmann::json& people, const nlohmann::json& situation) const;
  // InvalidArgument unless `path` names a fact of the schema for a member of `situation`.
  Status CheckFactPath(const Loaded& loaded, const nlohmann::json& situation,
                       const std::string& path) const;
  // The case, FailedPrecondition when it is closed.
  Result<CaseState> GetOpen(const std::string& id);
  store::NewEvent Event(const Loaded& loaded, const char* type, const nlohmann::json& data,
                        const Command& command) const;
  nlohmann::json PlanSummary(const planner::Plan& plan) const;

  // InvalidArgument naming `field` when `text` is longer than a case keeps.
  Status CheckText(const std::string& field, const std::string& text) const;

  store::EventStore& store_;
  planner::CatalogSource& catalogs_;
  const CaseLimits limits_;
};

}  // namespace okno::cases
