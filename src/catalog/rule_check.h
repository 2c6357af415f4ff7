#pragma once

// Running the catalog's rule tests, and mutation testing of its rules: what `okno
// check-catalog` reports.

#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace okno::catalog {

struct TestFailure {
  std::string service;
  std::string test;
  Origin origin;
  std::string message;

  // "catalog/ru/agencies/sfr.yaml:120: sfr.unified_benefit: 'доход ровно ПМ': expected ..."
  std::string ToString() const;
};

struct TestReport {
  int passed = 0;
  int failed = 0;
  // Tests not run because their rule does not compile (an error the loader already reported).
  int not_run = 0;
  // Services without a rule yet (imported from HSDS): nothing to test.
  int not_computable = 0;
  std::vector<TestFailure> failures;
  // Services whose rule is always true (no fact can make it false): kept the exception.
  std::vector<std::string> trivially_true;
};

// Runs every rule test of the catalog. Also fails a service with fewer than two tests, or whose
// tests do not reach every status its rule can reach.
TestReport RunRuleTests(const Catalog& catalog);

// A rule with one comparison or one && / || flipped.
struct Mutant {
  std::string service;
  Origin origin;         // the rule version's
  std::string original;  // the sub-expression before ("a < b") ...
  std::string mutated;   // ... and after ("a <= b")
};

struct MutationReport {
  int mutants = 0;
  int killed = 0;
  std::vector<Mutant> survivors;  // mutants no test of their rule tells from the rule
};

// Flips each comparison (< and <=, > and >=, == and !=) and each && and || of each rule
// version in turn and runs the tests of that version against the mutant. `progress` is called
// after each service with (done, total).
MutationReport RunMutations(const Catalog& catalog,
                            const std::function<void(size_t, size_t)>& progress = {});

}  // namespace okno::catalog
