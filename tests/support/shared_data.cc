#include "support/shared_data.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace okno::testing {

std::optional<std::filesystem::path> SharedDir() {
  const char* from_env = std::getenv("OKNO_SHARED_DIR");
  std::filesystem::path dir = from_env != nullptr && *from_env != '\0' ? from_env : OKNO_SHARED_DIR;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return std::nullopt;
  return std::filesystem::canonical(dir, error);
}

std::optional<int> MissingSharedDataExitCode(const char* program) {
  if (!SharedDir()) {
    const char* ci = std::getenv("CI");
    bool in_ci = ci != nullptr && std::string_view(ci) == "true";
    std::cerr << "\n********************************************************************\n"
              << "* " << program << ": the shared data folder is missing:\n"
              << "*   " << OKNO_SHARED_DIR << " (or $OKNO_SHARED_DIR)\n"
              << "* These tests need ../shared beside the repository.\n"
              << (in_ci ? "* CI=true: FAILING, CI must not pass without them.\n"
                        : "* SKIPPED: nothing here was tested.\n")
              << "********************************************************************\n\n";
    return in_ci ? 1 : 77;
  }
  return std::nullopt;
}

int RunTestsNeedingSharedData(int argc, char** argv) {
  if (std::optional<int> code = MissingSharedDataExitCode(argv[0])) return *code;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

}  // namespace okno::testing
