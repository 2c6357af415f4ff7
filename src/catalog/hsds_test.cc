#include "catalog/hsds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "catalog/internal/test_catalog.h"

namespace okno::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const nlohmann::json* FindByName(const nlohmann::json& array, const std::string& name) {
  for (const nlohmann::json& item : array) {
    if (item.value("name", "") == name) return &item;
  }
  return nullptr;
}

TEST(HsdsTest, StableUuidsAreVersion5AndStable) {
  std::regex v5("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::string id = StableUuid("RU/service/sfr.benefit");
  EXPECT_TRUE(std::regex_match(id, v5)) << id;
  EXPECT_EQ(StableUuid("RU/service/sfr.benefit"), id);
  EXPECT_NE(StableUuid("RU/service/sfr.benefit2"), id);
}

TEST(HsdsTest, ExportsOrganizationsAndServices) {
  Diagnostics diagnostics;
  Catalog catalog = testing::TestCatalog().Load(diagnostics);
  ASSERT_TRUE(diagnostics.ok());
  HsdsExport hsds = ExportHsds(catalog);
  ASSERT_EQ(hsds.organizations.size(), 1u);
  const nlohmann::json& organization = hsds.organizations[0];
  EXPECT_EQ(organization["id"], StableUuid("RU/agency/sfr"));
  EXPECT_EQ(organization["name"], "Социальный фонд");
  EXPECT_EQ(organization["organization_identifiers"][0]["identifier"], "sfr");
  EXPECT_EQ(organization["programs"].size(), 2u);  // one per legal basis

  const nlohmann::json* benefit = FindByName(hsds.services, "Пособие");
  ASSERT_NE(benefit, nullptr);
  EXPECT_EQ((*benefit)["id"], StableUuid("RU/service/sfr.benefit"));
  EXPECT_EQ((*benefit)["organization_id"], organization["id"]);
  EXPECT_EQ((*benefit)["application_process"], "Способы обращения: МФЦ; онлайн (Госуслуги)");
  EXPECT_EQ((*benefit)["wait_time"], "Срок: 10 (рабочие дни)");
  // The version in force last.
  EXPECT_EQ((*benefit)["eligibility_description"],
            "Условия (правило CEL): household.income_per_capita <= region.subsistence_minimum "
            "&& applicant.citizenship == 'RU'.");
  ASSERT_EQ((*benefit)["required_documents"].size(), 1u);
  EXPECT_EQ((*benefit)["required_documents"][0]["document"], "Паспорт");

  const nlohmann::json* card = FindByName(hsds.services, "Карта ребёнка");
  ASSERT_NE(card, nullptr);
  EXPECT_FALSE(card->contains("minimum_age"));
  EXPECT_EQ((*card)["maximum_age"], 17);  // person.age < 18
  EXPECT_THAT((*card)["eligibility_description"].get<std::string>(),
              HasSubstr("Правило приблизительное"));
}

// A regional agency's services cover its regions: each a service area named in Russian, with
// its code.
TEST(HsdsTest, ARegionalAgencysServicesCoverItsRegions) {
  testing::TestCatalog files;
  std::string agency = testing::kTestAgency;
  agency.replace(agency.find("  level: federal"), 16, "  level: regional\n  regions: [RU-TVE]");
  files["agencies/sfr.yaml"] = agency;
  Diagnostics diagnostics;
  Catalog catalog = files.Load(diagnostics);
  ASSERT_TRUE(diagnostics.ok());
  HsdsExport hsds = ExportHsds(catalog);
  const nlohmann::json* benefit = FindByName(hsds.services, "Пособие");
  ASSERT_NE(benefit, nullptr);
  ASSERT_EQ((*benefit)["service_areas"].size(), 1u);
  EXPECT_EQ((*benefit)["service_areas"][0]["name"].get<std::string>(), "Тверская область");
  EXPECT_EQ((*benefit)["service_areas"][0]["description"].get<std::string>(), "RU-TVE");
}

TEST(HsdsTest, ExportImportExportIsStable) {
  Diagnostics diagnostics;
  Catalog catalog = testing::TestCatalog().Load(diagnostics);
  ASSERT_TRUE(diagnostics.ok());
  HsdsExport first = ExportHsds(catalog);
  std::string exported = ::testing::TempDir() + "okno_hsds_export";
  std::string skeleton = ::testing::TempDir() + "okno_hsds_skeleton";
  std::filesystem::remove_all(skeleton);
  ASSERT_TRUE(WriteHsds(first, exported).ok());
  Result<HsdsImportReport> report = ImportHsds(exported, skeleton, "RU");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->organizations, 1);
  EXPECT_EQ(report->services, 2);
  EXPECT_THAT(report->warnings, ElementsAre());

  Diagnostics reloaded;
  Catalog imported = LoadCatalog(skeleton, reloaded);
  for (const CatalogError& error : reloaded.errors()) ADD_FAILURE() << error.ToString();
  ASSERT_EQ(imported.services.size(), 2u);
  EXPECT_FALSE(imported.services[0].computable());
  HsdsExport second = ExportHsds(imported);
  EXPECT_EQ(second.organizations, first.organizations);
  EXPECT_EQ(second.services, first.services);
}

}  // namespace
}  // namespace okno::catalog
