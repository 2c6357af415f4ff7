// Plan latency: Planner::Make for each example situation against catalog/ru (the catalog
// loaded and the planner built outside the timed loop), with p50 and p99 of single plans as
// counters (milliseconds), and the same without next-question ranking as the baseline that
// shows what ranking costs. bench/plan-process times `okno plan` as a whole process.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "catalog/catalog.h"
#include "catalog/facts.h"
#include "common/data_file.h"
#include "planner/plan.h"

namespace okno::bench {
namespace {

namespace fs = std::filesystem;

const catalog::Catalog& Catalog() {
  static const catalog::Catalog* catalog = [] {
    const char* from_environment = std::getenv("OKNO_BENCH_CATALOG");
    catalog::Diagnostics diagnostics;
    return new catalog::Catalog(catalog::LoadCatalog(
        from_environment != nullptr ? from_environment : OKNO_CATALOG_DIR, diagnostics));
  }();
  return *catalog;
}

const planner::Planner& Planner() {
  static const planner::Planner planner(Catalog());
  return planner;
}

catalog::Situation Example(const std::string& name) {
  Result<nlohmann::json> input = ReadDataFile(fs::path(OKNO_EXAMPLES_DIR) / name);
  std::vector<catalog::SituationError> errors;
  return catalog::ParseSituation(*input, Catalog(), errors);
}

void BM_Plan(benchmark::State& state, const std::string& example, bool questions) {
  catalog::Situation situation = Example(example);
  planner::PlanOptions options;
  options.questions = questions;
  std::vector<double> milliseconds;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    planner::Plan plan = Planner().Make(situation, options);
    benchmark::DoNotOptimize(plan.services.data());
    milliseconds.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(milliseconds.begin(), milliseconds.end());
  auto percentile = [&](double p) {
    return milliseconds[std::min(milliseconds.size() - 1,
                                 static_cast<size_t>(p * milliseconds.size()))];
  };
  state.counters["p50_ms"] = percentile(0.50);
  state.counters["p99_ms"] = percentile(0.99);
  state.counters["services"] = static_cast<double>(Catalog().services.size());
}

// A household of `members`: the homeless mother and her baby, then grown children and babies
// in turn, each with a birth date only, so that most facts are unknown and ranked as
// questions — the shape that made a public plan grow as n³ (the security review, finding 3).
catalog::Situation LargeHousehold(int members) {
  Result<nlohmann::json> input =
      ReadDataFile(fs::path(OKNO_EXAMPLES_DIR) / "homeless_mother_spb.yaml");
  nlohmann::json& list = (*input)["household"]["members"];
  for (int i = static_cast<int>(list.size()); i < members; ++i) {
    bool adult = i % 2 == 0;
    list.push_back({{"id", "m" + std::to_string(i)},
                    {"role", adult ? "other" : "child"},
                    {"birth_date", adult ? "1970-01-0" + std::to_string(1 + i % 9)
                                         : "2020-02-0" + std::to_string(1 + i % 9)}});
  }
  // Past the public endpoint's limit too: the 40/20 ratio measures how the planner grows.
  catalog::SituationLimits limits;
  limits.members = static_cast<size_t>(members);
  std::vector<catalog::SituationError> errors;
  catalog::Situation situation = catalog::ParseSituation(*input, Catalog(), errors, limits);
  if (!errors.empty()) {
    std::fprintf(stderr, "LargeHousehold: %s\n", errors.front().message.c_str());
    std::exit(1);  // a benchmark of a refused situation would time the refusal
  }
  return situation;
}

// The whole plan, questions ranked, for a household of state.range(0) members: the public
// endpoint's cost at its member limit, and its growth (the 40/20 ratio of the two rows).
void BM_PlanHousehold(benchmark::State& state, bool questions) {
  catalog::Situation situation = LargeHousehold(static_cast<int>(state.range(0)));
  planner::PlanOptions options;
  options.questions = questions;
  for (auto _ : state) {
    planner::Plan plan = Planner().Make(situation, options);
    benchmark::DoNotOptimize(plan.services.data());
  }
  state.counters["members"] = static_cast<double>(state.range(0));
}
BENCHMARK_CAPTURE(BM_PlanHousehold, questions, true)
    ->Arg(2)
    ->Arg(10)
    ->Arg(20)
    ->Arg(30)
    ->Arg(40)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PlanHousehold, no_questions, false)
    ->Arg(20)
    ->Arg(40)
    ->Unit(benchmark::kMillisecond);

// The plan as the server answers it: the JSON text written straight (PlanToJsonText) beside
// the nlohmann tree built and dumped (the same bytes), for the paper's case.
void BM_PlanJson(benchmark::State& state, bool text) {
  planner::Plan plan = Planner().Make(Example("homeless_mother_spb.yaml"), {});
  size_t bytes = 0;
  for (auto _ : state) {
    std::string json = text ? planner::PlanToJsonText(plan) : planner::PlanToJson(plan).dump();
    bytes = json.size();
    benchmark::DoNotOptimize(json.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK_CAPTURE(BM_PlanJson, text, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_PlanJson, tree_then_dump, false)->Unit(benchmark::kMicrosecond);

const bool kRegistered = [] {
  for (const auto& entry : fs::directory_iterator(OKNO_EXAMPLES_DIR)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".yaml") continue;
    benchmark::RegisterBenchmark(("BM_Plan/" + name).c_str(), BM_Plan, name, true)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_PlanWithoutQuestions/" + name).c_str(), BM_Plan, name, false)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace okno::bench
