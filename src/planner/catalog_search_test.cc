#include "planner/catalog_search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/internal/test_catalog.h"

namespace okno::planner {
namespace {

const catalog::Catalog& Catalog() { return catalog::testing::ShippedCatalog(); }

std::vector<std::string> Ids(const CatalogSearch& search, std::string_view query) {
  std::vector<std::string> ids;
  for (const catalog::Service* service : search.Find(query)) ids.push_back(service->id);
  return ids;
}

TEST(CatalogSearchTest, FindsByAnyWordFormInEitherLanguage) {
  CatalogSearch search(Catalog());
  const catalog::Service* capital = nullptr;
  for (const catalog::Service& service : Catalog().services) {
    if (service.title.ru.find("материнский") != std::string::npos) capital = &service;
  }
  ASSERT_NE(capital, nullptr);
  // Other word forms, ё or е, a word still being typed, English.
  for (std::string_view query : {"материнского капитала", "Материнск капит", "maternity capital"}) {
    std::vector<std::string> ids = Ids(search, query);
    ASSERT_FALSE(ids.empty()) << query;
    EXPECT_EQ(ids.front(), capital->id) << query;
  }
  std::vector<std::string> benefits = Ids(search, "пособие на ребенка");
  EXPECT_GE(benefits.size(), 2u);
  EXPECT_EQ(Ids(search, "пособие на ребёнка"), benefits);
  // Every word must match: a word no service has finds nothing.
  EXPECT_TRUE(Ids(search, "пособие зебра").empty());
  EXPECT_EQ(search.Find("").size(), Catalog().services.size());
}

// A word in the agency's or the need's name finds the service, after those with it in the title.
TEST(CatalogSearchTest, TitleMatchesComeFirst) {
  CatalogSearch search(Catalog());
  std::vector<const catalog::Service*> found = search.Find("Социальный фонд");
  ASSERT_FALSE(found.empty());
  bool sfr = std::any_of(found.begin(), found.end(),
                         [](const catalog::Service* service) { return service->agency == "sfr"; });
  EXPECT_TRUE(sfr);
}

}  // namespace
}  // namespace okno::planner
