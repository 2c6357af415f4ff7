#include "cel/rule_corpus.h"

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

void Bind(cel::Activation& activation, const cel::Program& program, const nlohmann::json& facts) {
  for (const std::string& path : program.attributes()) {
    const nlohmann::json* node = &facts;
    size_t start = 0;
    while (node != nullptr && start <= path.size()) {
      size_t dot = path.find('.', start);
      std::string key = path.substr(start, dot - start);
      node = node->contains(key) ? &(*node)[key] : nullptr;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (node == nullptr) continue;  // left unknown
    Result<cel::Value> value = cel::ValueFromJson(*node);
    if (value.ok()) activation.Set(path, std::move(*value));
  }
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
