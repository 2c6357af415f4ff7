// Durable event appends on the embedded SQLite store (DESIGN.md §6: ≥ 5,000 appends/s with
// group commit). Each writer thread appends one event at a time to its own case and waits
// until it is durable, as a request handler does. One writer pays one fsync per append: that
// is the baseline the many-writer runs, which share fsyncs, are read against.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite_event_store.h"

namespace okno::bench {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<store::SqliteEventStore> shared_store;
std::string directory;

void BM_DurableAppend(benchmark::State& state) {
  if (state.thread_index() == 0) {
    directory =
        (fs::temp_directory_path() / ("okno_store_bench_" + std::to_string(::getpid()))).string();
    fs::remove_all(directory);
    fs::create_directories(directory);
    shared_store = std::move(store::SqliteEventStore::Open(directory + "/cases.db")).value();
  }
  // The other threads start once thread 0 has opened the store: Google Benchmark starts the
  // timed loop of all threads together, and the store is used only inside it.
  std::string stream = "case-" + std::to_string(state.thread_index());
  int64_t version = 0;
  for (auto _ : state) {
    store::AppendRequest request{stream, version, {}, "", "", std::nullopt, {}};
    request.events.push_back(
        {"note", R"({"text":"called the citizen back"})", "user-1", "sha256:bench"});
    Result<store::AppendOutcome> outcome = shared_store->Append(std::move(request));
    if (!outcome.ok()) {
      state.SkipWithError(outcome.status().ToString().c_str());
      break;
    }
    version = outcome->version;
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    shared_store.reset();
    fs::remove_all(directory);
  }
}
BENCHMARK(BM_DurableAppend)->Threads(1)->Threads(8)->Threads(64)->UseRealTime()->MinTime(2);

}  // namespace
}  // namespace okno::bench
