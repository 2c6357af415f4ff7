#pragma once

// A situation (DESIGN.md §4.1) checked against the catalog's fact schema, and the facts a rule
// sees for it: base facts as given, the schema's safe defaults, derived facts (age, household
// size, income per capita, ...) and the region's parameters at `as_of`. An absent fact is an
// unknown that names its fact path ("members.anna.monthly_income"); a derived fact whose inputs
// are unknown is an unknown naming those inputs, so a rule's missing facts are always facts a
// person can be asked for.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "cel/program.h"
#include "common/status.h"

namespace okno::catalog {

struct MemberFacts {
  std::string id;
  std::string role;
  std::map<std::string, cel::Value> facts;  // the base facts given for this member
};

// A fact path (DESIGN.md §4.1) in its parts: "members.anna.monthly_income" is record person,
// member anna, field monthly_income; "household.housing" and "region.subsistence_minimum" have
// no member.
struct FactPath {
  std::string record;  // person | household | region
  std::string member;
  std::string field;
};

// nullopt when `path` is none of members.<id>.<field>, household.<field>, region.<field>.
std::optional<FactPath> ParseFactPath(std::string_view path);

struct Situation {
  Date as_of;
  std::string region;
  std::string narrative;
  std::vector<std::string> needs;
  std::map<std::string, cel::Value> household;  // household base facts given, without members
  std::vector<MemberFacts> members;

  // The index of member `id`, or -1.
  int MemberIndex(std::string_view id) const;

  // The base facts given for the record a fact path names (the household's, or a member's),
  // or null when the path names no member of this situation or no base-fact record.
  std::map<std::string, cel::Value>* FactsOf(const FactPath& path);
  const std::map<std::string, cel::Value>* FactsOf(const FactPath& path) const;
};

// One thing wrong with a situation, at the JSON path of the offending field
// ("household.members[1].birth_date").
using SituationError = FieldError;

// How large a situation may be: a real household is well under 30 people, and each member
// costs the planner (its next questions) more than the one before; the public plan endpoint
// takes situations from anyone.
struct SituationLimits {
  size_t members = 30;
  size_t narrative_characters = 4000;
  size_t needs = 64;
};
inline constexpr SituationLimits kSituationLimits;

// Checks `json` against the catalog: known fields only, values of the declared type and inside
// closed lists, real dates, no birth date after as_of, no negative amounts, a known region,
// unique member ids. Every problem is appended to `errors`; the situation is usable only when
// none was. Past `limits`, a situation is refused (larger ones only for measuring the planner).
Situation ParseSituation(const nlohmann::json& json, const Catalog& catalog,
                         std::vector<SituationError>& errors,
                         const SituationLimits& limits = kSituationLimits);

// The derived facts this build can compute, by "record.field"; the loader rejects a schema that
// declares others.
bool IsComputedFact(std::string_view record, std::string_view field);

// The facts of one situation as CEL values, ready to bind to any rule of the catalog.
class FactSet {
 public:
  FactSet(const Catalog& catalog, const Situation& situation);
  // `base` for `changed`, a copy of base's situation with only the fact at `path` different:
  // recomputes what depends on that fact, keeps the rest (for trying answers quickly).
  // defaults_applied() is not kept. The household's record follows the change only when a
  // program first binds it (many answers are tried on rules of one person alone), so such a
  // FactSet is for one thread.
  FactSet(const FactSet& base, const Situation& changed, const std::string& path);

  // An activation for `program`, with `person` bound to member `member` (-1: none, for
  // household services).
  cel::Activation Bind(const cel::Program& program, int member,
                       cel::EvalCache* cache = nullptr) const;

  const Situation& situation() const { return *situation_; }
  // "members.misha.monthly_income = 0": each default of the fact schema applied.
  const std::vector<std::string>& defaults_applied() const { return defaults_applied_; }
  // The region parameters (fields of `region`) taken from the federal values, and those marked
  // approximate (or carried forward from an earlier year).
  const std::vector<std::string>& federal_parameters() const { return federal_parameters_; }
  const std::vector<std::string>& approximate_parameters() const { return approximate_parameters_; }

 private:
  cel::Value Person(const MemberFacts& member);
  cel::Value PersonField(const std::string& name, const MemberFacts& member);
  cel::Value Household();
  cel::Value HouseholdField(const std::string& name) const;
  // The household's record, brought up to the changed fact first if it is not yet.
  const cel::Value& CurrentHousehold() const;
  // `record` (a map) with the entries `fresh` gives a value for replaced.
  static cel::Value Replaced(
      const cel::Value& record,
      const std::function<std::optional<cel::Value>(const std::string&)>& fresh);
  cel::Value Region();

  const Catalog* catalog_;
  const Situation* situation_;
  std::vector<cel::Value> persons_;
  mutable cel::Value household_;
  // The member fact the household's record has yet to follow (a FactSet for a changed fact).
  mutable std::optional<FactPath> household_lags_;
  cel::Value region_;
  cel::Value as_of_;
  int applicant_ = -1;
  std::vector<std::string> defaults_applied_;
  std::vector<std::string> federal_parameters_;
  std::vector<std::string> approximate_parameters_;
};

// What a service's rule gives for one situation and member.
struct RuleOutcome {
  std::string status;                // eligible | ineligible | needs_info | not_applicable | error
  std::vector<std::string> missing;  // for needs_info: the fact paths it waits on, sorted
  std::string error;                 // for error: what went wrong
  const RuleVersion* version = nullptr;
};

// Evaluates `rule` (a version of `service`'s rule, or a variant of one) for member `member`
// (-1 for a household service), after the service's applies_to.
// `applies_to`, when given, stands in for the service's own (for mutation tests).
// With `reasons`, the rule's deciding sub-expressions are appended there (cel::Program::Explain).
RuleOutcome EvaluateRule(const Service& service, const cel::Program& rule, const FactSet& facts,
                         int member, const cel::Program* applies_to = nullptr,
                         std::vector<cel::Reason>* reasons = nullptr);
// Evaluates the version of `service`'s rule in force at the situation's as_of.
RuleOutcome EvaluateService(const Service& service, const FactSet& facts, int member,
                            std::vector<cel::Reason>* reasons = nullptr);
// The status alone of EvaluateService, without the missing facts listed (quicker). With
// `cache`, comprehensions over the household are kept for other members' evaluations over the
// same facts.
std::string ServiceStatus(const Service& service, const FactSet& facts, int member,
                          cel::EvalCache* cache = nullptr);

}  // namespace okno::catalog
