// okno check-catalog on the shipped catalog and on a deliberately broken copy of it: one bad
// reference, one bad rule, one wrong type, one cycle and one duplicate key must give exactly
// those five errors, each with its file and line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "support/run_okno.h"

namespace okno {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using testing::Outcome;
using testing::RunOkno;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Replaces the first `from` in `path` by `to`; returns the line (from 1) it was on.
int Break(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = ReadText(path);
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "no '" << from << "' in " << path;
  if (at == std::string::npos) return 0;
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

TEST(CatalogEndToEndTest, TheShippedCatalogPasses) {
  Outcome outcome = RunOkno(std::string("check-catalog ") + OKNO_CATALOG_DIR);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_THAT(outcome.output, HasSubstr(" 0 failed"));
  EXPECT_THAT(outcome.output, HasSubstr("sha256:"));
}

TEST(CatalogEndToEndTest, ABrokenCopyGivesExactlyItsFiveErrors) {
  fs::path copy = fs::path(::testing::TempDir()) / "okno_broken_catalog";
  fs::remove_all(copy);
  fs::copy(OKNO_CATALOG_DIR, copy, fs::copy_options::recursive);
  fs::path sfr = copy / "agencies" / "sfr.yaml";
  std::string sfr_name = "agencies/sfr.yaml";
  std::set<std::string> expected;

  // The inserted line first: the lines of the later breakages are counted after it.
  int line = Break(sfr, "  - id: sfr.unified_benefit\n",
                   "  - id: sfr.unified_benefit\n    prerequisites: [sfr.unified_benefit]\n") +
             1;
  expected.insert(sfr_name + ":" + std::to_string(line) + ": prerequisites form a cycle");
  line = Break(sfr, "from: zags", "from: zagss");
  expected.insert(sfr_name + ":" + std::to_string(line) + ": unknown agency 'zagss'");
  line = Break(sfr, "household.property_within_limits &&", "household.property_within_limits &&&");
  expected.insert(sfr_name + ":" + std::to_string(line) + ": unexpected character '&'");
  line = Break(sfr, "processing: {days: 10,", "processing: {days: ten,");
  expected.insert(sfr_name + ":" + std::to_string(line) + ": expected a whole number");
  line = Break(copy / "catalog.yaml", "country: RU\n", "country: RU\ncountry: RU\n") + 1;
  expected.insert("catalog.yaml:" + std::to_string(line) + ": key given twice");

  Outcome outcome = RunOkno("check-catalog " + copy.string());
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.output, HasSubstr("Ошибок в каталоге (catalog errors): 5\n"));
  EXPECT_THAT(outcome.output, HasSubstr(" 0 failed"));
  // Every error line, as "file:line: message start", matched against what was broken.
  std::regex error_line(
      R"((?:^|\n)[^\n]*okno_broken_catalog/([^:\n]+):(\d+):\d+: [^:\n]+: ([^\n]*))");
  std::set<std::string> found;
  for (auto it = std::sregex_iterator(outcome.output.begin(), outcome.output.end(), error_line);
       it != std::sregex_iterator(); ++it) {
    std::string where = (*it)[1].str() + ":" + (*it)[2].str() + ": ";
    std::string message = (*it)[3].str();
    bool matched = false;
    for (const std::string& want : expected) {
      if (want.starts_with(where) && message.starts_with(want.substr(where.size()))) {
        found.insert(want);
        matched = true;
      }
    }
    EXPECT_TRUE(matched) << "unexpected error: " << it->str();
  }
  EXPECT_EQ(found, expected) << outcome.output;
}

}  // namespace
}  // namespace okno
