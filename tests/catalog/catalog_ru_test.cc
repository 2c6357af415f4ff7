// What issue-level promises the shipped Russian catalog keeps: its size, every need served by
// at least three services, every service citing its legal basis with its interaction profile
// and titles in both languages, agencies of every level, and sourced parameters for the
// regions the catalog names.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "catalog/catalog.h"

namespace okno::catalog {
namespace {

class CatalogRuTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new Catalog(LoadCatalog(OKNO_CATALOG_DIR, *diagnostics_));
  }
  static void TearDownTestSuite() { delete catalog_; }

  static inline Diagnostics* diagnostics_ = new Diagnostics;
  static inline Catalog* catalog_ = nullptr;
};

TEST_F(CatalogRuTest, LoadsWithoutErrors) {
  for (const CatalogError& error : diagnostics_->errors()) ADD_FAILURE() << error.ToString();
}

TEST_F(CatalogRuTest, IsAsLargeAsPromised) {
  EXPECT_GE(catalog_->agencies.size(), 30u);
  EXPECT_GE(catalog_->services.size(), 150u);
  EXPECT_GE(catalog_->life_situations.size(), 20u);
  size_t tests = 0;
  for (const Service& service : catalog_->services) tests += service.tests.size();
  EXPECT_GE(tests, 300u);
}

TEST_F(CatalogRuTest, EveryNeedIsServedByThreeServices) {
  std::map<std::string, int> services_by_need;
  for (const Service& service : catalog_->services) {
    for (const std::string& need : service.needs) ++services_by_need[need];
  }
  for (const std::string& need : NeedsTaxonomy()) {
    EXPECT_GE(services_by_need[need], 3) << need;
  }
}

TEST_F(CatalogRuTest, AgenciesOfEveryLevel) {
  std::map<std::string, int> by_level;
  for (const auto& [id, agency] : catalog_->agencies) ++by_level[agency.level];
  for (const char* level : {"federal", "regional", "municipal", "ngo"}) {
    EXPECT_GE(by_level[level], 3) << level;
  }
}

TEST_F(CatalogRuTest, EveryServiceIsDescribedInFull) {
  for (const Service& service : catalog_->services) {
    SCOPED_TRACE(service.id);
    EXPECT_FALSE(service.title.ru.empty() || service.title.en.empty());
    EXPECT_FALSE(service.description.ru.empty() || service.description.en.empty());
    EXPECT_FALSE(service.legal_basis.citation.empty());
    EXPECT_FALSE(service.interaction.frequency.empty() || service.interaction.nature.empty() ||
                 service.interaction.knowledge.empty());
    EXPECT_FALSE(service.channels.empty());
    EXPECT_TRUE(service.computable());
    // A verified legal basis for an approximate rule is fine (the law is known, the rule
    // simplifies it); an NGO's programme is never "verified" law.
    if (catalog_->agencies.at(service.agency).level == "ngo") {
      EXPECT_EQ(service.legal_basis.status, "approximate");
    }
    for (const DocumentRequirement& document : service.documents) {
      if (document.source == "interagency") {
        EXPECT_FALSE(document.from_agency.empty());
      }
    }
  }
}

TEST_F(CatalogRuTest, NamedRegionsHaveTheirOwnParameters) {
  EXPECT_EQ(catalog_->regions.size(), 83u);  // the subjects of ISO 3166-2:RU
  Date july_2026{2026, 7, 1};
  for (const char* code :
       {"RU-MOW", "RU-SPE", "RU-NVS", "RU-SVE", "RU-TA", "RU-BA", "RU-KDA", "RU-TVE"}) {
    for (const char* field : {"subsistence_minimum", "subsistence_minimum_working_age",
                              "subsistence_minimum_pensioner", "subsistence_minimum_child"}) {
      std::optional<ParameterValue> value = catalog_->Parameter(code, field, july_2026);
      ASSERT_TRUE(value) << code << " " << field;
      EXPECT_FALSE(value->federal) << code << " " << field;
      EXPECT_FALSE(value->source.empty());
    }
  }
  // ru-reference.md has Tver only for 2024: carried forward, and so approximate.
  EXPECT_TRUE(catalog_->Parameter("RU-TVE", "subsistence_minimum", july_2026)->approximate);
  EXPECT_FALSE(catalog_->Parameter("RU-SPE", "subsistence_minimum", july_2026)->approximate);
  EXPECT_EQ(catalog_->Parameter("RU-SPE", "subsistence_minimum", july_2026)->value, 20644);
  // A region without values of its own uses the federal ones.
  std::optional<ParameterValue> adygea =
      catalog_->Parameter("RU-AD", "subsistence_minimum", july_2026);
  ASSERT_TRUE(adygea);
  EXPECT_TRUE(adygea->federal);
  EXPECT_EQ(adygea->value, 18939);
}

}  // namespace
}  // namespace okno::catalog
