#pragma once

#include <ostream>

namespace okno::cli {

// Exit codes of every okno command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and failed (a test failed, an error)
inline constexpr int kExitUsage = 2;    // bad command line, bad input, or not implemented yet

struct RunOptions {
  // When false, the command line is parsed and checked but no command runs (for fuzzing).
  bool run_commands = true;
};

// Runs the okno command line `argv[0..argc)`: parses it, runs the chosen subcommand, and returns
// its exit code. What the command prints goes to `out`; help, diagnostics and errors go to `err`
// (help asked for with --help goes to `out`). Never throws.
int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        RunOptions options = {});

}  // namespace okno::cli
