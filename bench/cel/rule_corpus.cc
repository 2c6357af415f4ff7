#include "cel/rule_corpus.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cel/value_json.h"

namespace okno::bench {

using cel::CelType;
using K = CelType::Kind;

cel::Environment CorpusEnvironment() {
  cel::Environment env;
  CelType text = CelType::Of(K::kString);
  CelType texts = CelType::List(text);
  env.AddRecord("person", {{"id", text},
                           {"age", CelType::Of(K::kInt)},
                           {"sex", text},
                           {"citizenship", text},
                           {"registration", text},
                           {"employment", text},
                           {"monthly_income", CelType::Of(K::kDouble)},
                           {"pregnant", CelType::Of(K::kBool)},
                           {"disability_group", text},
                           {"documents", texts},
                           {"health", texts}});
  env.AddRecord("member", {{"age", CelType::Of(K::kInt)},
                           {"employment", text},
                           {"monthly_income", CelType::Of(K::kDouble)},
                           {"health", texts}});
  env.AddRecord("household", {{"housing", text},
                              {"size", CelType::Of(K::kInt)},
                              {"income_per_capita", CelType::Of(K::kDouble)},
                              {"members", CelType::List(CelType::Record("member"))}});
  env.AddRecord("region", {{"subsistence_minimum", CelType::Of(K::kDouble)},
                           {"subsistence_minimum_child", CelType::Of(K::kDouble)}});
  env.AddVariable("person", CelType::Record("person"));
  env.AddVariable("household", CelType::Record("household"));
  env.AddVariable("region", CelType::Record("region"));
  env.AddVariable("excluded", texts);
  return env;
}

namespace {

nlohmann::json ReadJson(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  return nlohmann::json::parse(in);
}

}  // namespace

nlohmann::json LoadBindings() { return ReadJson(OKNO_BENCH_DIR "/cel/bindings.json")["bindings"]; }

namespace {

// The value at a dotted path of a JSON binding set, or nullptr when absent (unknown).
const nlohmann::json* Lookup(const nlohmann::json& facts, const std::string& path) {
  const nlohmann::json* node = &facts;
  size_t start = 0;
  while (node != nullptr) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot - start);
    node = node->contains(key) ? &(*node)[key] : nullptr;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

}  // namespace

void Bind(cel::Activation& activation, const cel::Program& program, const nlohmann::json& facts) {
  for (const std::string& path : program.attributes()) {
    const nlohmann::json* node = Lookup(facts, path);
    if (node == nullptr) continue;  // left unknown
    Result<cel::Value> value = cel::ValueFromJson(*node);
    if (value.ok()) activation.Set(path, std::move(*value));
  }
}

cel::FactTable MakeFactTable(const std::vector<CorpusRule>& corpus, size_t rows) {
  std::vector<std::string> paths;
  for (const CorpusRule& rule : corpus) {
    for (const std::string& path : rule.program->attributes()) {
      if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
    }
  }
  nlohmann::json bindings = LoadBindings();
  // Each binding set's values are made once and shared by the rows that repeat it.
  std::vector<std::vector<cel::Value>> values(bindings.size());
  for (size_t set = 0; set < bindings.size(); ++set) {
    for (const std::string& path : paths) {
      const nlohmann::json* node = Lookup(bindings[set], path);
      Result<cel::Value> value =
          node ? cel::ValueFromJson(*node) : Result<cel::Value>(NotFoundError(path));
      values[set].push_back(value.ok() ? *value : cel::Value::Unknown({path}));
    }
  }
  cel::FactTable table(paths, rows);
  for (size_t row = 0; row < rows; ++row) {
    const std::vector<cel::Value>& set = values[row % values.size()];
    for (size_t c = 0; c < paths.size(); ++c) {
      // Each person's strings are their own objects, as in a real population (a shared string
      // would keep its hash from row to row); lists and parameters stay shared.
      const cel::Value& value = set[c];
      table.Set(static_cast<int>(c), row,
                value.is(cel::Kind::kString) ? cel::Value::String(value.string_value()) : value);
    }
  }
  return table;
}

std::vector<CorpusRule> LoadCorpus() {
  nlohmann::json rules = ReadJson(OKNO_BENCH_DIR "/cel/rules.json")["rules"];
  nlohmann::json bindings = LoadBindings();
  cel::Environment env = CorpusEnvironment();
  std::vector<CorpusRule> corpus;
  for (const nlohmann::json& rule : rules) {
    CorpusRule entry;
    entry.name = rule["name"].get<std::string>();
    entry.expression = rule["expr"].get<std::string>();
    cel::CompileResult compiled = cel::Compile(entry.expression, env);
    if (!compiled.program) {
      std::cerr << "rule " << entry.name << ": " << compiled.errors.front().message << "\n";
      std::exit(1);
    }
    entry.program = compiled.program;
    for (const nlohmann::json& facts : bindings) {
      entry.activations.emplace_back(*entry.program);
      Bind(entry.activations.back(), *entry.program, facts);
    }
    corpus.push_back(std::move(entry));
  }
  return corpus;
}

}  // namespace okno::bench
