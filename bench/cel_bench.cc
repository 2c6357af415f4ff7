// The CEL engine on a corpus of 32 eligibility-style rules (bench/cel): parse, parse+check+
// compile, and evaluation of each rule over 8 binding sets (built outside the timed loop;
// absent facts are unknowns, tracked as always). items_per_second is rules parsed or compiled,
// or evaluations, per second. bench/compare-cel-js runs the same rules and bindings in
// @marcbachmann/cel-js and prints the ratio.

#include <benchmark/benchmark.h>

#include "cel/parser.h"
#include "cel/rule_corpus.h"

namespace okno::bench {
namespace {

const std::vector<CorpusRule>& Corpus() {
  static const std::vector<CorpusRule> corpus = LoadCorpus();
  return corpus;
}

void BM_Parse(benchmark::State& state) {
  std::vector<cel::Source> sources;
  for (const CorpusRule& rule : Corpus()) sources.emplace_back(rule.expression);
  for (auto _ : state) {
    for (const cel::Source& source : sources) {
      cel::ParseResult parsed = cel::Parse(source);
      benchmark::DoNotOptimize(parsed.root.get());
    }
  }
  state.SetItemsProcessed(state.iterations() * sources.size());
}
BENCHMARK(BM_Parse);

void BM_Compile(benchmark::State& state) {
  cel::Environment env = CorpusEnvironment();
  for (auto _ : state) {
    for (const CorpusRule& rule : Corpus()) {
      cel::CompileResult compiled = cel::Compile(rule.expression, env);
      benchmark::DoNotOptimize(compiled.program.get());
    }
  }
  state.SetItemsProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_Compile);

// One rule over the binding sets in turn.
void BM_Evaluate(benchmark::State& state, const CorpusRule* rule) {
  size_t next = 0;
  size_t count = rule->activations.size();
  for (auto _ : state) {
    cel::Value result = rule->program->Evaluate(rule->activations[next]);
    benchmark::DoNotOptimize(result);
    next = next + 1 == count ? 0 : next + 1;
  }
  state.SetItemsProcessed(state.iterations());
}

// Every rule over one binding set: the work of planning one household.
void BM_EvaluateAll(benchmark::State& state) {
  size_t set = 0;
  for (auto _ : state) {
    for (const CorpusRule& rule : Corpus()) {
      benchmark::DoNotOptimize(rule.program->Evaluate(rule.activations[set]));
    }
    set = (set + 1) % Corpus().front().activations.size();
  }
  state.SetItemsProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_EvaluateAll);

void BM_ExplainHeadline(benchmark::State& state) {
  const CorpusRule& rule = Corpus().front();
  size_t next = 0;
  for (auto _ : state) {
    std::vector<cel::Reason> reasons;
    benchmark::DoNotOptimize(rule.program->Explain(rule.activations[next], reasons));
    next = (next + 1) % rule.activations.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExplainHeadline);

constexpr size_t kBatchRows = 65'536;

// The corpus over a population in batch mode: items are person-rule checks.
void BM_BatchCorpus(benchmark::State& state) {
  static const cel::FactTable table = MakeFactTable(Corpus(), kBatchRows);
  std::vector<const cel::Program*> programs;
  for (const CorpusRule& rule : Corpus()) programs.push_back(rule.program.get());
  for (auto _ : state) {
    auto outcomes = cel::ScreenBatch(programs, table);
    benchmark::DoNotOptimize(outcomes.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatchRows * programs.size());
}
BENCHMARK(BM_BatchCorpus)->Unit(benchmark::kMillisecond);

// The headline rule alone in batch mode: items are persons.
void BM_BatchHeadline(benchmark::State& state) {
  std::vector<CorpusRule> headline(Corpus().begin(), Corpus().begin() + 1);
  static const cel::FactTable table = MakeFactTable(headline, kBatchRows);
  const cel::Program* program = headline.front().program.get();
  for (auto _ : state) {
    auto outcomes = cel::ScreenBatch({&program, 1}, table);
    benchmark::DoNotOptimize(outcomes.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatchRows);
}
BENCHMARK(BM_BatchHeadline)->Unit(benchmark::kMillisecond);

// The same on a table no run has seen: nothing cached in its values (string hashes) from an
// earlier iteration, as when a population is screened once.
void BM_BatchHeadlineFresh(benchmark::State& state) {
  std::vector<CorpusRule> headline(Corpus().begin(), Corpus().begin() + 1);
  const cel::Program* program = headline.front().program.get();
  for (auto _ : state) {
    state.PauseTiming();
    cel::FactTable table = MakeFactTable(headline, kBatchRows);
    state.ResumeTiming();
    auto outcomes = cel::ScreenBatch({&program, 1}, table);
    benchmark::DoNotOptimize(outcomes.data());
    state.PauseTiming();
    table = cel::FactTable({}, 0);  // freed outside the timed part
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kBatchRows);
}
BENCHMARK(BM_BatchHeadlineFresh)->Unit(benchmark::kMillisecond);

const bool registered = [] {
  for (const CorpusRule& rule : Corpus()) {
    benchmark::RegisterBenchmark(("BM_Evaluate/" + rule.name).c_str(), BM_Evaluate, &rule);
  }
  return true;
}();

}  // namespace
}  // namespace okno::bench
