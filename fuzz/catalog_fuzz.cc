// Fuzzes what methodologists and operators write: the first byte chooses the kind of input.
// Even: a situation (YAML or JSON), checked against the shipped catalog and, when valid,
// every service evaluated for it. Odd: an agency file, loaded into a copy of the shipped
// catalog's shared files, with its rule tests and mutants run. Nothing may crash, hang or
// leak: bad input gets errors.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "catalog/catalog.h"
#include "catalog/facts.h"
#include "catalog/rule_check.h"
#include "common/data_file.h"

namespace {

namespace fs = std::filesystem;
using namespace okno::catalog;

const Catalog& Shipped() {
  static const Catalog catalog = [] {
    Diagnostics diagnostics;
    return LoadCatalog(OKNO_CATALOG_DIR, diagnostics);
  }();
  return catalog;
}

// A catalog folder with the shipped catalog's shared files and no agencies.
const fs::path& Scratch() {
  static const fs::path folder = [] {
    fs::path path = fs::temp_directory_path() / ("okno_catalog_fuzz_" + std::to_string(getpid()));
    fs::remove_all(path);
    fs::create_directories(path / "agencies");
    for (const char* name :
         {"catalog.yaml", "facts.yaml", "needs.yaml", "documents.yaml", "regions.yaml"}) {
      fs::copy_file(fs::path(OKNO_CATALOG_DIR) / name, path / name);
    }
    std::ofstream(path / "life_situations.yaml") << "life_situations: []\n";
    return path;
  }();
  return folder;
}

void FuzzSituation(const std::string& text) {
  okno::Result<nlohmann::json> json = okno::ParseYaml(text, "situation");
  if (!json.ok()) return;
  std::vector<SituationError> errors;
  Situation situation = ParseSituation(*json, Shipped(), errors);
  if (!errors.empty()) return;
  FactSet facts(Shipped(), situation);
  for (const Service& service : Shipped().services) {
    if (service.subject == "household") {
      EvaluateService(service, facts, -1);
    } else {
      for (size_t member = 0; member < situation.members.size(); ++member) {
        EvaluateService(service, facts, static_cast<int>(member));
      }
    }
  }
}

void FuzzAgencyFile(const std::string& text) {
  std::ofstream(Scratch() / "agencies" / "fuzz.yaml", std::ios::binary | std::ios::trunc) << text;
  Diagnostics diagnostics;
  Catalog catalog = LoadCatalog(Scratch().string(), diagnostics);
  RunRuleTests(catalog);
  RunMutations(catalog);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 20'000) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    FuzzSituation(text);
  } else {
    FuzzAgencyFile(text);
  }
  return 0;
}
