// Fuzzes the okno command line: the input, split at newlines, is the argument list. Whatever it
// is, parsing must not crash and must end in one of okno's exit codes. Commands are parsed but
// not run, so the fuzzer never starts a server or writes a file.

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> words = {"okno"};
  std::string word;
  for (size_t i = 0; i < size && words.size() < 64; ++i) {
    char c = static_cast<char>(data[i]);
    if (c == '\n') {
      words.push_back(word);
      word.clear();
    } else if (c != '\0') {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(word);

  std::vector<const char*> argv;
  for (const std::string& w : words) argv.push_back(w.c_str());
  std::ostringstream out, err;
  int code =
      okno::cli::Run(static_cast<int>(argv.size()), argv.data(), out, err, {.run_commands = false});
  if (code != okno::cli::kExitOk && code != okno::cli::kExitFailure &&
      code != okno::cli::kExitUsage) {
    std::abort();
  }
  return 0;
}
