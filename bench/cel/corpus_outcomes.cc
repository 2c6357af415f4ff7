// Prints each corpus rule's result on each binding set as JSON ({"rule": ["true", ...]}), so
// bench/compare-cel-js can check that both engines compute the same thing before comparing
// their speed.

#include <iostream>
#include <nlohmann/json.hpp>

#include "cel/rule_corpus.h"

int main() {
  nlohmann::json outcomes = nlohmann::json::object();
  for (const okno::bench::CorpusRule& rule : okno::bench::LoadCorpus()) {
    nlohmann::json results = nlohmann::json::array();
    for (const okno::cel::Activation& facts : rule.activations) {
      okno::cel::Value result = rule.program->Evaluate(facts);
      results.push_back(result.is(okno::cel::Kind::kError) ? "error" : result.DebugString());
    }
    outcomes[rule.name] = results;
  }
  std::cout << outcomes.dump() << "\n";
}
