#pragma once

// Runs the built okno binary (OKNO_BINARY, set by CMake) as a user would, for end-to-end tests.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace okno::testing {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// `input` is its standard input (a password, say); none by default.
inline Outcome RunOkno(const std::string& args, const std::string& input = "") {
  std::string command =
      input.empty() ? std::string(OKNO_BINARY) + " " + args + " 2>&1 </dev/null"
                    : "printf '%s\\n' '" + input + "' | " + OKNO_BINARY + " " + args + " 2>&1";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  std::array<char, 4096> chunk;
  while (size_t n = fread(chunk.data(), 1, chunk.size(), pipe)) {
    outcome.output.append(chunk.data(), n);
  }
  int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

}  // namespace okno::testing
