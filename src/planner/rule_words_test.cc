#include "planner/rule_words.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace okno::planner {
namespace {

using nlohmann::json;

const catalog::FactSchema& Schema() {
  static const catalog::Catalog* catalog = [] {
    catalog::Diagnostics diagnostics;
    auto* loaded = new catalog::Catalog(catalog::LoadCatalog(OKNO_CATALOG_DIR, diagnostics));
    EXPECT_TRUE(diagnostics.ok());
    return loaded;
  }();
  return catalog->facts;
}

json Words(const std::string& rule, const std::string& language = "ru") {
  return RuleInWords(rule, Schema(), language);
}

// Numbers are followed by their unit after a no-break space (\u00a0), as explanations write them.

// The КЦСОН's urgent social services (442-FZ art. 15, as the catalog simplifies it).
TEST(RuleInWordsTest, AnyOfWithAMemberMacroAndClosedValuesInWords) {
  EXPECT_EQ(Words("household.housing == 'homeless' || "
                  "household.members.exists(m, m.victim_of_violence) || "
                  "household.income_per_capita == 0.0"),
            json::parse(R"json({"any": [
              {"text": "жильё: нет жилья"},
              {"some_member": {"text": "насилие или угроза насилия: да"}},
              {"text": "доход на члена семьи: 0\u00a0₽"}]})json"));
}

TEST(RuleInWordsTest, ListsNegationAndComparisonsWithFacts) {
  EXPECT_EQ(Words("person.disability_group in ['1', '2', '3'] && "
                  "person.receives_pension == false && "
                  "!(person.employment in ['employed', 'self_employed']) && "
                  "person.pension_amount < region.subsistence_minimum_pensioner && "
                  "!person.needs_constant_care"),
            json::parse(R"json({"all": [
              {"text": "группа инвалидности: I группа или II группа или III группа"},
              {"text": "получает пенсию: нет"},
              {"not": {"text": "занятость: работаю по найму или самозанятый или ИП"}},
              {"text": "пенсия и выплаты в месяц ниже, чем прожиточный минимум пенсионера"},
              {"text": "нужен постоянный уход: нет"}]})json"));
}

TEST(RuleInWordsTest, DatesDocumentsAndWhatHasNoWords) {
  EXPECT_EQ(Words("household.members.all(c, c.birth_date >= timestamp('2020-01-01T00:00:00Z')) "
                  "&& 'residence_permit' in applicant.documents && "
                  "as_of.getDate() == applicant.birth_date.getDate()"),
            json::parse(R"json({"all": [
              {"every_member": {"text": "дата рождения не раньше, чем 2020-01-01"}},
              {"text": "документы на руках заявителя: есть Вид на жительство"},
              {"code": "as_of.getDate() == applicant.birth_date.getDate()"}]
})json"));
  // «не нет жилья» would say the opposite; a factor has no unit; a sum is bracketed; a date
  // on the right still compares as a date.
  EXPECT_EQ(Words("household.housing != 'homeless'"),
            json::parse(R"json({"text": "жильё: любое, кроме «нет жилья»"})json"));
  EXPECT_EQ(Words("household.housing != 'homeless'", "en"),
            json::parse(R"json({"text": "housing: other than \"homeless\""})json"));
  EXPECT_EQ(Words("household.income_per_capita <= 1.5 * (region.subsistence_minimum + 1000.0)"),
            json({{"text",
                   "доход на члена семьи не выше, чем 1,5 × (прожиточный минимум на душу + "
                   "1\u00a0000)"}}));
  EXPECT_EQ(Words("timestamp('2020-01-01T00:00:00Z') <= person.birth_date"),
            json::parse(R"json({"text": "2020-01-01 не позже, чем дата рождения"})json"));
  EXPECT_EQ(Words("person.age >= 18", "en"),
            json::parse(R"json({"text": "age at least 18\u00a0years"})json"));
  EXPECT_EQ(Words("person.age >= ("), json::parse(R"json({"code": "person.age >= ("})json"));
}

}  // namespace
}  // namespace okno::planner
