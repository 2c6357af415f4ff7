#include "catalog/rule_check.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "catalog/facts.h"
#include "cel/parser.h"
#include "cel/unparser.h"

namespace okno::catalog {

std::string TestFailure::ToString() const {
  std::string where = origin.file + ":" + std::to_string(origin.line) + ": " + service;
  if (!test.empty()) where += ": '" + test + "'";
  return where + ": " + message;
}

namespace {

// A test's situation, parsed once: what every rule variant is evaluated against.
struct PreparedTest {
  const RuleTest* test;
  std::unique_ptr<Situation> situation;
  std::unique_ptr<FactSet> facts;
  int member = -1;
  std::string problem;  // why the test cannot run: a bad situation or an unknown member
};

PreparedTest Prepare(const Catalog& catalog, const RuleTest& test) {
  PreparedTest prepared{&test, nullptr, nullptr, -1, ""};
  std::vector<SituationError> errors;
  auto situation = std::make_unique<Situation>(ParseSituation(test.situation, catalog, errors));
  if (!errors.empty()) {
    for (const SituationError& error : errors) {
      prepared.problem +=
          (prepared.problem.empty() ? "" : "; ") + error.path + ": " + error.message;
    }
    prepared.problem = "bad situation: " + prepared.problem;
    return prepared;
  }
  if (!test.member.empty()) {
    prepared.member = situation->MemberIndex(test.member);
    if (prepared.member < 0) {
      prepared.problem = "no member '" + test.member + "' in the household";
      return prepared;
    }
  }
  prepared.facts = std::make_unique<FactSet>(catalog, *situation);
  prepared.situation = std::move(situation);
  return prepared;
}

// Whether `outcome` is what `test` expects; if not, why.
std::optional<std::string> Mismatch(const RuleTest& test, const RuleOutcome& outcome) {
  if (outcome.status == "error") return "the rule failed: " + outcome.error;
  if (outcome.status != test.expect) {
    std::string message = "expected " + test.expect + ", got " + outcome.status;
    if (!outcome.missing.empty()) {
      message += " (missing:";
      for (const std::string& path : outcome.missing) message += " " + path;
      message += ")";
    }
    return message;
  }
  if (test.expect == "needs_info" && !test.expect_missing.empty()) {
    std::vector<std::string> expected = test.expect_missing;
    std::sort(expected.begin(), expected.end());
    if (expected != outcome.missing) {
      std::string message = "missing facts differ: expected";
      for (const std::string& path : expected) message += " " + path;
      message += "; got";
      for (const std::string& path : outcome.missing) message += " " + path;
      return message;
    }
  }
  return std::nullopt;
}

// The statuses a rule can reach: always-true rules only eligible (or not applicable); any other
// reads facts, which may be false or unknown.
std::set<std::string> ReachableStatuses(const Service& service) {
  std::set<std::string> statuses;
  for (const RuleVersion& version : service.rules) {
    if (version.AlwaysTrue()) {
      statuses.insert("eligible");
    } else {
      statuses.insert({"eligible", "ineligible", "needs_info"});
    }
  }
  if (service.applies_to_program) statuses.insert("not_applicable");
  return statuses;
}

}  // namespace

TestReport RunRuleTests(const Catalog& catalog) {
  TestReport report;
  for (const Service& service : catalog.services) {
    if (!service.computable()) {
      ++report.not_computable;
      continue;
    }
    std::set<std::string> reached;
    bool compiled =
        std::all_of(service.rules.begin(), service.rules.end(),
                    [](const RuleVersion& version) { return version.program != nullptr; });
    if (!compiled || (!service.applies_to.empty() && !service.applies_to_program)) {
      report.not_run += static_cast<int>(service.tests.size());
      continue;
    }
    for (const RuleTest& test : service.tests) {
      PreparedTest prepared = Prepare(catalog, test);
      std::optional<std::string> failure;
      if (!prepared.problem.empty()) {
        failure = prepared.problem;
      } else {
        failure = Mismatch(test, EvaluateService(service, *prepared.facts, prepared.member));
      }
      if (failure) {
        ++report.failed;
        report.failures.push_back({service.id, test.name, test.origin, *failure});
      } else {
        ++report.passed;
        reached.insert(test.expect);
      }
    }
    if (service.tests.size() < 2) {
      ++report.failed;
      report.failures.push_back(
          {service.id, "", service.origin,
           "needs at least two rule tests, has " + std::to_string(service.tests.size())});
    }
    for (const std::string& status : ReachableStatuses(service)) {
      if (!reached.contains(status)) {
        ++report.failed;
        report.failures.push_back(
            {service.id, "", service.origin, "no passing test expects " + status});
      }
    }
    if (std::all_of(service.rules.begin(), service.rules.end(),
                    [](const RuleVersion& version) { return version.AlwaysTrue(); }) &&
        !service.rules.empty()) {
      report.trivially_true.push_back(service.id);
    }
  }
  return report;
}

namespace {

const std::map<std::string, std::string>& Flips() {
  static const std::map<std::string, std::string> flips = {
      {cel::op::kLess, cel::op::kLessEqual},
      {cel::op::kLessEqual, cel::op::kLess},
      {cel::op::kGreater, cel::op::kGreaterEqual},
      {cel::op::kGreaterEqual, cel::op::kGreater},
      {cel::op::kEqual, cel::op::kNotEqual},
      {cel::op::kNotEqual, cel::op::kEqual},
      {cel::op::kAnd, cel::op::kOr},
      {cel::op::kOr, cel::op::kAnd}};
  return flips;
}

// The calls a person wrote that a mutant may flip. A macro's expansion has && and || of its
// own, not written by anyone: only its range and the predicate or transform are visited.
void CollectMutable(cel::Expr& expr, std::vector<cel::Expr*>& out) {
  using cel::ExprKind;
  if (expr.kind == ExprKind::kComprehension && !expr.macro.empty()) {
    CollectMutable(*expr.args[cel::kComprehensionRange], out);
    cel::Expr& step = *expr.args[cel::kComprehensionStep];
    if (expr.macro == "all" || expr.macro == "exists") {
      CollectMutable(*step.args[1], out);
    } else if (expr.macro == "exists_one" || expr.macro == "filter") {
      CollectMutable(*step.args[0], out);
    } else if (step.name == cel::op::kConditional) {  // map with a filter
      CollectMutable(*step.args[0], out);
      CollectMutable(*step.args[1]->args[1]->args[0], out);
    } else {
      CollectMutable(*step.args[1]->args[0], out);
    }
    return;
  }
  if (expr.kind == ExprKind::kCall && Flips().contains(expr.name)) out.push_back(&expr);
  for (auto& arg : expr.args) {
    if (arg) CollectMutable(*arg, out);
  }
}

// The end of a long sub-expression, where the flipped operator and its right side are: a
// chain of && reads "… && household.property_within_limits".
std::string Shortened(const std::string& text) {
  constexpr size_t kKeep = 90;
  if (text.size() <= kKeep) return text;
  size_t start = text.size() - kKeep;
  while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  return "…" + text.substr(start);
}

}  // namespace

namespace {

// Calls `visit(before, after, mutant)` for each one-flip mutant of `expression`; `mutant` is
// null when the mutant does not compile (the checker itself tells it apart).
template <typename Visit>
void ForEachMutant(const std::string& expression, const cel::Environment& environment,
                   Visit visit) {
  cel::Source source(expression);
  cel::ParseResult parsed = cel::Parse(source);
  if (!parsed.root) return;
  std::vector<cel::Expr*> sites;
  CollectMutable(*parsed.root, sites);
  for (cel::Expr* site : sites) {
    std::string original_name = site->name;
    std::string before = Shortened(cel::Unparse(*site));
    site->name = Flips().at(original_name);
    std::string after = Shortened(cel::Unparse(*site));
    std::string text = cel::Unparse(*parsed.root);
    site->name = original_name;
    cel::CompileResult mutant = cel::Compile(text, environment);
    visit(before, after, mutant.program.get());
  }
}

}  // namespace

MutationReport RunMutations(const Catalog& catalog,
                            const std::function<void(size_t, size_t)>& progress) {
  MutationReport report;
  size_t done = 0;
  for (const Service& service : catalog.services) {
    std::vector<PreparedTest> tests;
    for (const RuleTest& test : service.tests) tests.push_back(Prepare(catalog, test));
    auto record = [&](bool killed, const Origin& origin, const std::string& before,
                      const std::string& after) {
      ++report.mutants;
      if (killed) {
        ++report.killed;
      } else {
        report.survivors.push_back({service.id, origin, before, after});
      }
    };
    for (const RuleVersion& version : service.rules) {
      if (!version.program) continue;
      ForEachMutant(
          version.expression, catalog.environment,
          [&](const std::string& before, const std::string& after, const cel::Program* mutant) {
            bool killed = mutant == nullptr;
            for (const PreparedTest& test : tests) {
              if (killed) break;
              if (!test.problem.empty() || !version.InForce(test.situation->as_of)) {
                continue;
              }
              RuleOutcome outcome = EvaluateRule(service, *mutant, *test.facts, test.member);
              killed = Mismatch(*test.test, outcome).has_value();
            }
            record(killed, version.origin, before, after);
          });
    }
    // Whom a person service is for is part of its rule: its conditions are flipped too.
    if (service.applies_to_program) {
      ForEachMutant(
          service.applies_to, catalog.environment,
          [&](const std::string& before, const std::string& after, const cel::Program* mutant) {
            bool killed = mutant == nullptr;
            for (const PreparedTest& test : tests) {
              if (killed) break;
              if (!test.problem.empty()) continue;
              const RuleVersion* version = service.RuleAt(test.situation->as_of);
              if (version == nullptr || !version->program) continue;
              RuleOutcome outcome =
                  EvaluateRule(service, *version->program, *test.facts, test.member, mutant);
              killed = Mismatch(*test.test, outcome).has_value();
            }
            record(killed, service.origin, before, after);
          });
    }
    if (progress) progress(++done, catalog.services.size());
  }
  return report;
}

}  // namespace okno::catalog
