// What error propagation costs: Result<T> with OKNO_TRY through a few call levels, against a
// plain return code (the floor) and against exceptions (the alternative we chose not to use
// across module boundaries), on the success path and on the failure path.

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "common/status.h"

namespace okno {
namespace {

// The value is opaque to the optimiser, so each level really runs.
int Opaque(int value) {
  benchmark::DoNotOptimize(value);
  return value;
}

Result<int> LeafResult(int value) {
  if (Opaque(value) < 0) return InvalidArgumentError("negative income: " + std::to_string(value));
  return value + 1;
}
Result<int> MiddleResult(int value) { return OKNO_TRY(LeafResult(value)) * 2; }
Result<int> TopResult(int value) { return OKNO_TRY(MiddleResult(value)) + 3; }

int LeafCode(int value, int* out) {
  if (Opaque(value) < 0) return -1;
  *out = value + 1;
  return 0;
}
int MiddleCode(int value, int* out) {
  int leaf;
  if (LeafCode(value, &leaf) != 0) return -1;
  *out = leaf * 2;
  return 0;
}
int TopCode(int value, int* out) {
  int middle;
  if (MiddleCode(value, &middle) != 0) return -1;
  *out = middle + 3;
  return 0;
}

int LeafThrow(int value) {
  if (Opaque(value) < 0) throw std::invalid_argument("negative income: " + std::to_string(value));
  return value + 1;
}
int MiddleThrow(int value) { return LeafThrow(value) * 2; }
int TopThrow(int value) { return MiddleThrow(value) + 3; }

void BM_ReturnCode(benchmark::State& state) {
  int input = static_cast<int>(state.range(0));
  for (auto _ : state) {
    int out = 0;
    benchmark::DoNotOptimize(TopCode(input, &out));
    benchmark::DoNotOptimize(out);
  }
}

void BM_ResultTry(benchmark::State& state) {
  int input = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Result<int> result = TopResult(input);
    benchmark::DoNotOptimize(result.ok());
  }
}

void BM_Exception(benchmark::State& state) {
  int input = static_cast<int>(state.range(0));
  for (auto _ : state) {
    try {
      benchmark::DoNotOptimize(TopThrow(input));
    } catch (const std::invalid_argument& error) {
      benchmark::DoNotOptimize(error.what());
    }
  }
}

// Argument 1: every call succeeds; -1: every call fails at the leaf.
BENCHMARK(BM_ReturnCode)->Arg(1)->Arg(-1);
BENCHMARK(BM_ResultTry)->Arg(1)->Arg(-1);
BENCHMARK(BM_Exception)->Arg(1)->Arg(-1);

}  // namespace
}  // namespace okno
