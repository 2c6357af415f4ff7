#pragma once

#include <filesystem>
#include <optional>

namespace okno::testing {

// The project's read-only companion folder ../shared (conformance data, HSDS schemas), or the
// folder named by $OKNO_SHARED_DIR. nullopt when it is missing.
std::optional<std::filesystem::path> SharedDir();

// For a test program that needs ../shared: nullopt when the folder is there; otherwise, after
// saying so loudly on stderr, the exit code to end with: 1 under CI=true (CI must never pass
// without the data), 77 elsewhere, which ctest reports as skipped.
std::optional<int> MissingSharedDataExitCode(const char* program);

// The main() of a test program that needs ../shared. When the folder is missing it says so
// loudly and exits 1 under CI=true (CI must never pass without the data) and 77 elsewhere,
// which ctest reports as skipped. Otherwise it runs every GoogleTest test.
int RunTestsNeedingSharedData(int argc, char** argv);

}  // namespace okno::testing
