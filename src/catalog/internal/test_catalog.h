#pragma once

// A small catalog written to a temporary folder, for the catalog's unit tests: the smallest
// files that load cleanly, which a test then overrides one by one to break something.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "catalog/catalog.h"

namespace okno::catalog::testing {

inline const char* kTestFacts = R"(records:
  person:
    fields:
      id: {type: string, derived: true}
      role: {type: string, derived: true}
      birth_date: {type: timestamp, question: {ru: Дата рождения, en: Date of birth}}
      age: {type: int, derived: true}
      citizenship: {type: string, question: {ru: Гражданство, en: Citizenship}}
      sex: {type: string, values: [male, female], question: {ru: Пол, en: Sex}}
      pregnant:
        type: bool
        question: {ru: Беременность, en: Pregnant}
        defaults: {sex_male: "false", from_60: "false"}
      employment:
        type: string
        values: [employed, unemployed, student]
        question: {ru: Занятость, en: Occupation}
      monthly_income:
        type: double
        question: {ru: Доход, en: Income}
        defaults: {child: "0.0"}
      documents:
        type: list(string)
        values: [passport, snils]
        question: {ru: Документы, en: Documents}
  household:
    fields:
      housing:
        type: string
        values: [own, rent, homeless]
        question: {ru: Жильё, en: Housing}
      size: {type: int, derived: true}
      members: {type: list(person), derived: true}
      income_per_capita: {type: double, derived: true}
      children_under_18: {type: int, derived: true}
  region:
    fields:
      code: {type: string, derived: true}
      subsistence_minimum: {type: double, derived: true}
variables:
  household: household
  person: person
  applicant: person
  region: region
  as_of: timestamp
)";

inline std::string TestNeeds() {
  std::string text = "needs:\n";
  for (const std::string& need : NeedsTaxonomy()) {
    text += "  - {id: " + need + ", title: {ru: " + need + ", en: " + need + "}}\n";
  }
  return text;
}

inline const char* kTestAgency = R"(agency:
  id: sfr
  title: {ru: Социальный фонд, en: Social Fund}
  level: federal
  integration: shared_front_office
services:
  - id: sfr.benefit
    title: {ru: Пособие, en: Benefit}
    description: {ru: Выплата, en: A payment}
    needs: [income]
    subject: household
    legal_basis: {citation: "ФЗ-81 ст. 9", status: verified}
    interaction: {frequency: regular, nature: transaction, knowledge: transactional}
    processing: {days: 10, unit: working}
    channels: [mfc, online]
    documents:
      - {id: passport, source: citizen}
    rules:
      - valid_to: 2025-12-31
        when: household.income_per_capita <= region.subsistence_minimum
      - valid_from: 2026-01-01
        when: |
          household.income_per_capita <= region.subsistence_minimum &&
          applicant.citizenship == 'RU'
    tests:
      - name: at the minimum
        household:
          members: [{id: anna, role: applicant, citizenship: RU, monthly_income: 20644.0}]
        expect: eligible
      - name: a rouble above
        household:
          members: [{id: anna, role: applicant, citizenship: RU, monthly_income: 20645.0}]
        expect: ineligible
      - name: income unknown
        household:
          members: [{id: anna, role: applicant, citizenship: RU}]
        expect: needs_info
        missing: [members.anna.monthly_income]
      - name: foreign, 2026
        household:
          members: [{id: anna, role: applicant, citizenship: UZ, monthly_income: 100.0}]
        expect: ineligible
      - name: at the 2025 minimum
        as_of: 2025-06-01
        household:
          members: [{id: anna, role: applicant, citizenship: RU, monthly_income: 19329.0}]
        expect: eligible
      - name: foreign, 2025
        as_of: 2025-06-01
        household:
          members: [{id: anna, role: applicant, citizenship: UZ, monthly_income: 100.0}]
        expect: eligible
  - id: sfr.child_card
    title: {ru: Карта ребёнка, en: Child card}
    description: {ru: Карта, en: A card}
    needs: [family]
    subject: person
    applies_to: person.age < 18
    legal_basis: {citation: "программа", status: approximate}
    interaction: {frequency: single, nature: information, knowledge: referral}
    processing: {days: 1, unit: calendar}
    channels: [office]
    prerequisites: [sfr.benefit]
    rule: "'snils' in person.documents"
    approximate: true
    tests:
      - {name: has snils, household: {members: [{id: a, role: applicant, birth_date: 1990-01-01}, {id: k, role: child, birth_date: 2020-01-01, documents: [snils]}]}, member: k, expect: eligible}
      - {name: no snils, household: {members: [{id: a, role: applicant, birth_date: 1990-01-01}, {id: k, role: child, birth_date: 2020-01-01, documents: []}]}, member: k, expect: ineligible}
      - {name: unknown, household: {members: [{id: a, role: applicant, birth_date: 1990-01-01}, {id: k, role: child, birth_date: 2020-01-01}]}, member: k, expect: needs_info}
      - {name: adult, household: {members: [{id: a, role: applicant, birth_date: 1990-01-01, documents: [snils]}]}, member: a, expect: not_applicable}
      - {name: eighteen, household: {members: [{id: a, role: applicant, birth_date: 1990-01-01}, {id: k, role: child, birth_date: 2008-07-01, documents: [snils]}]}, member: k, expect: not_applicable}
)";

// The files of the test catalog by relative path; a test replaces one, then calls Write().
class TestCatalog {
 public:
  TestCatalog() {
    files_["catalog.yaml"] = R"(country: RU
routing:
  - {complexity: low, tier: self_service, integration_model: shared_back_office}
  - {complexity: medium, tier: generalist, integration_model: shared_front_office}
  - {complexity: high, tier: specialist, integration_model: network_partnership}
  - {complexity: very_high, tier: multi_agency_team, integration_model: organisational_integration}
test_defaults: {as_of: 2026-07-01, region: RU-SPE}
)";
    files_["facts.yaml"] = kTestFacts;
    files_["needs.yaml"] = TestNeeds();
    files_["documents.yaml"] = R"(documents:
  - {id: passport, title: {ru: Паспорт, en: Passport}, issued_by: sfr}
)";
    files_["regions.yaml"] = R"(federal:
  name: {ru: РФ, en: Russia}
  parameters:
    - {valid_from: 2026-01-01, source: ru-reference, values: {subsistence_minimum: 18939}}
regions:
  - code: RU-SPE
    name: {ru: Санкт-Петербург, en: Saint Petersburg}
    parameters:
      - {valid_from: 2025-01-01, source: ru-reference, values: {subsistence_minimum: 19329}}
      - {valid_from: 2026-01-01, source: ru-reference, values: {subsistence_minimum: 20644}}
  - code: RU-TVE
    name: {ru: Тверская область, en: Tver Oblast}
    parameters:
      - {valid_from: 2024-01-01, source: ru-reference, values: {subsistence_minimum: 14796}}
  - {code: RU-AD, name: {ru: Адыгея, en: Adygea}}
)";
    files_["life_situations.yaml"] = R"(life_situations:
  - id: birth
    title: {ru: Рождение ребёнка, en: Birth of a child}
    needs: [family, income]
    services: [sfr.benefit, sfr.child_card]
    triggers: {ru: [родила], en: [gave birth]}
)";
    files_["agencies/sfr.yaml"] = kTestAgency;
  }

  std::string& operator[](const std::string& file) { return files_[file]; }

  // Writes the files into a fresh folder and returns its path.
  std::string Write() const {
    std::string folder = ::testing::TempDir() + "okno_catalog_" +
                         ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(folder);
    for (const auto& [name, text] : files_) {
      std::filesystem::path path = std::filesystem::path(folder) / name;
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path) << text;
    }
    return folder;
  }

  Catalog Load(Diagnostics& diagnostics) const { return LoadCatalog(Write(), diagnostics); }

 private:
  std::map<std::string, std::string> files_;
};

#ifdef OKNO_CATALOG_DIR
// The shipped catalog (catalog/ru), loaded once per test program; a test fails if it does not
// load cleanly.
inline const Catalog& ShippedCatalog() {
  static const Catalog* catalog = [] {
    Diagnostics diagnostics;
    auto* loaded = new Catalog(LoadCatalog(OKNO_CATALOG_DIR, diagnostics));
    EXPECT_TRUE(diagnostics.ok());
    return loaded;
  }();
  return *catalog;
}
#endif

}  // namespace okno::catalog::testing
