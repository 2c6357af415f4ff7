// Writes the expressions of CEL's conformance tests (../shared/cel-spec, JSON form) as a seed
// corpus for the CEL fuzz target, one file per expression, so the seeds come from the official
// data without copying it into the repository.
// Usage: cel_seed_corpus TESTDATA_JSON_DIR OUTPUT_DIR

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " TESTDATA_JSON_DIR OUTPUT_DIR\n";
    return 2;
  }
  std::filesystem::path input(argv[1]);
  std::filesystem::path output(argv[2]);
  std::filesystem::create_directories(output);
  std::error_code error;
  if (!std::filesystem::is_directory(input, error)) {
    // Without ../shared the fuzz target still runs from its own committed seeds.
    std::cerr << argv[0] << ": " << input << " is missing; no conformance seeds written\n";
    return 0;
  }
  int written = 0;
  for (const auto& entry : std::filesystem::directory_iterator(input)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    nlohmann::json file = nlohmann::json::parse(in, nullptr, false);
    if (file.is_discarded()) continue;
    for (const auto& section : file.value("section", nlohmann::json::array())) {
      for (const auto& test : section.value("test", nlohmann::json::array())) {
        if (!test.contains("expr")) continue;
        std::ofstream(output / (entry.path().stem().string() + "_" + std::to_string(written++)))
            << test["expr"].get<std::string>();
      }
    }
  }
  std::cout << "wrote " << written << " seed expressions to " << output << "\n";
  return 0;
}
