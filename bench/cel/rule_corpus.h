#pragma once

// The benchmark corpus of eligibility-style rules (bench/cel/rules.json) and binding sets
// (bench/cel/bindings.json), compiled against the environment the catalog will declare.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cel/batch.h"
#include "cel/program.h"

namespace okno::bench {

struct CorpusRule {
  std::string name;
  std::string expression;
  std::shared_ptr<const cel::Program> program;
  std::vector<cel::Activation> activations;  // one per binding set, built once
};

// The environment of the corpus: records person, household (with members) and region.
cel::Environment CorpusEnvironment();

// Loads, compiles and binds the corpus; aborts with a message if any rule fails to compile
// (the corpus is ours, so that is a bug to fix, not input to tolerate).
std::vector<CorpusRule> LoadCorpus();

// The binding sets as JSON, for tools that bind them another way.
nlohmann::json LoadBindings();

// Sets each attribute the program reads from a JSON binding set, by path
// ("household.income_per_capita" is binding["household"]["income_per_capita"]).
void Bind(cel::Activation& activation, const cel::Program& program, const nlohmann::json& facts);

// A fact table of `rows` persons for the corpus' programs: the binding sets repeated in turn.
cel::FactTable MakeFactTable(const std::vector<CorpusRule>& corpus, size_t rows);

}  // namespace okno::bench
