#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/internal/test_catalog.h"
#include "words/corpus.h"
#include "words/lexicon.h"
#include "words/reader.h"
#include "words/text.h"

namespace okno::words {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

const catalog::Catalog& Russian() { return catalog::testing::ShippedCatalog(); }

std::vector<std::string> Ids(const std::vector<Mention>& mentions) {
  std::vector<std::string> ids;
  for (const Mention& mention : mentions) ids.push_back(mention.id);
  return ids;
}

TEST(TextTest, SplitsClausesAndLowerCases) {
  EXPECT_THAT(
      Clauses("Жить НЕГДЕ, денег нет! Ёлка"),
      ElementsAre(ElementsAre("жить", "негде"), ElementsAre("денег", "нет"), ElementsAre("елка")));
  EXPECT_THAT(
      Clauses("«Мама» — лежачая (после инсульта)"),
      ElementsAre(ElementsAre("мама"), ElementsAre("лежачая"), ElementsAre("после", "инсульта")));
  EXPECT_THAT(Clauses("I don’t have a job - help"),
              ElementsAre(ElementsAre("i", "don't", "have", "a", "job", "help")));
  EXPECT_EQ(NormalizedText("Жить негде,  денег НЕТ"), "жить негде , денег нет");
}

TEST(LexiconTest, FindsNeedsWithTheirWords) {
  Lexicon lexicon(Russian());
  LexiconReading reading = lexicon.Read("Молодая мама с больным ребёнком, жить негде, денег нет");
  // In the catalog's order of needs, by id.
  EXPECT_THAT(Ids(reading.needs), ElementsAre("family", "health_child", "income", "shelter"));
  ASSERT_EQ(reading.needs[3].id, "shelter");
  EXPECT_EQ(reading.needs[3].words, "жить негде");
  EXPECT_EQ(reading.needs[1].words, "больным ребёнком");
  // The longer phrase wins its words: "baby is ill" is the child's health, not the adult's
  // "ill" nor the family's "baby".
  EXPECT_THAT(Ids(lexicon.Read("I am homeless and my baby is ill").needs),
              ElementsAre("health_child", "shelter"));
}

TEST(LexiconTest, AStemMatchesItsOwnEndingsNotALookalike) {
  Stemmer stemmer;
  auto match = [&](const char* a, const char* b) {
    return StemsMatch(stemmer.Stem(a), stemmer.Stem(b));
  };
  EXPECT_TRUE(match("больница", "больницу"));
  EXPECT_TRUE(match("квартира", "квартиры"));
  EXPECT_FALSE(match("полис", "полиция"));
  EXPECT_FALSE(match("голод", "голова"));
  EXPECT_FALSE(match("course", "court"));
}

// Words two needs share raise both, unless a longer phrase of one holds them.
TEST(LexiconTest, PhrasesOfEqualLengthShareWords) {
  Lexicon lexicon(Russian());
  EXPECT_THAT(Ids(lexicon.Read("we were evicted").needs), ElementsAre("housing", "legal"));
}

TEST(LexiconTest, APhrasesWordsMayComeInAnyOrderNearEachOther) {
  Lexicon lexicon(Russian());
  EXPECT_THAT(Ids(lexicon.Read("денег совсем нет").needs), ElementsAre("income"));
  EXPECT_THAT(Ids(lexicon.Read("у ребёнка опять температура").needs), ElementsAre("health_child"));
}

// An adult's health said in a clause that names a child is the child's, and so in the clauses
// after it until one names someone else.
TEST(LexiconTest, HealthSaidOfAChildIsTheChilds) {
  Lexicon lexicon(Russian());
  EXPECT_THAT(Ids(lexicon.Read("мне нужна операция на сердце").needs), ElementsAre("health"));
  EXPECT_THAT(Ids(lexicon.Read("сыну нужна операция на сердце").needs),
              ElementsAre("health_child"));
  EXPECT_THAT(Ids(lexicon.Read("my daughter needs heart surgery").needs),
              ElementsAre("health_child"));
  LexiconReading two = lexicon.Read("сын в садике. мне нужна операция на сердце");
  EXPECT_THAT(Ids(two.needs), Not(Contains("health_child")));
  EXPECT_THAT(Ids(two.needs), Contains("health"));
  LexiconReading carried = lexicon.Read("сын упал с велосипеда, теперь нужна операция на сердце");
  EXPECT_THAT(Ids(carried.needs), Contains("health_child"));
  EXPECT_THAT(Ids(carried.needs), Not(Contains("health")));
  EXPECT_THAT(Ids(lexicon.Read("my son fell off a bike, now he needs surgery").needs),
              ElementsAre("health_child"));
  // The carry ends where a clause names someone else, and does not come back after it.
  LexiconReading ended = lexicon.Read("сын в садике, а я беременна, нужна операция на сердце");
  EXPECT_THAT(Ids(ended.needs), Contains("health"));
  EXPECT_THAT(Ids(ended.needs), Not(Contains("health_child")));
}

TEST(LexiconTest, NegationAndDenialKeepANeedOut) {
  Lexicon lexicon(Russian());
  LexiconReading reading = lexicon.Read("ребёнок не болеет");
  EXPECT_THAT(Ids(reading.needs), IsEmpty());
  EXPECT_THAT(Ids(reading.denied), ElementsAre("health_child"));
  EXPECT_THAT(Ids(lexicon.Read("ребёнок болеет").needs), ElementsAre("health_child"));
  EXPECT_THAT(Ids(lexicon.Read("the child is not a sick child").needs), IsEmpty());
  // A phrase that is itself a negation stays: «денег нет».
  EXPECT_THAT(Ids(lexicon.Read("денег нет").needs), ElementsAre("income"));
  LexiconReading housed = lexicon.Read("жильё есть, работы нет");
  EXPECT_THAT(Ids(housed.needs), ElementsAre("employment"));
  // A home of one's own denies both a roof tonight and long-term housing.
  EXPECT_THAT(Ids(housed.denied), ElementsAre("housing", "shelter"));
  // As people type: without the apostrophe, or with a typographic one.
  for (const char* text :
       {"we dont need housing", "we don’t need housing", "we don't need housing"}) {
    SCOPED_TRACE(text);
    LexiconReading typed = lexicon.Read(text);
    EXPECT_THAT(Ids(typed.needs), IsEmpty());
    EXPECT_THAT(Ids(typed.denied), Contains("housing"));
  }
}

// Denials of one need say the same thing, so they share words: which of two overlapping ones
// the catalog lists first must not leave a word free for the need's own trigger.
TEST(LexiconTest, OverlappingDenialsDenyInAnyOrder) {
  for (bool reversed : {false, true}) {
    catalog::Catalog catalog;
    catalog::Need& utilities = catalog.needs["utilities"];
    utilities.id = "utilities";
    utilities.triggers_ru = {"коммуналку"};
    utilities.denials_ru = {"платим исправно", "коммуналку платим"};
    if (reversed) std::swap(utilities.denials_ru[0], utilities.denials_ru[1]);
    SCOPED_TRACE(utilities.denials_ru[0]);
    LexiconReading reading = Lexicon(catalog).Read("коммуналку платим исправно");
    EXPECT_THAT(Ids(reading.needs), IsEmpty());
    EXPECT_THAT(Ids(reading.denied), ElementsAre("utilities"));
  }
  // Nor does a longer denial keep its words from a shorter one of the same need.
  catalog::Catalog catalog;
  catalog::Need& utilities = catalog.needs["utilities"];
  utilities.id = "utilities";
  utilities.triggers_ru = {"коммуналку"};
  utilities.denials_ru = {"платим всё исправно", "коммуналку платим"};
  LexiconReading reading = Lexicon(catalog).Read("коммуналку платим всё исправно");
  EXPECT_THAT(Ids(reading.needs), IsEmpty());
  EXPECT_THAT(Ids(reading.denied), ElementsAre("utilities"));
}

std::vector<std::string> Facts(const LexiconReading& reading) {
  std::vector<std::string> facts;
  for (const FactMention& mention : reading.facts) {
    const catalog::FactSuggestion& suggestion = *mention.suggestion;
    facts.push_back(suggestion.subject + "." + suggestion.field + "=" + suggestion.ValueText() +
                    " «" + mention.words + "»");
  }
  return facts;
}

TEST(LexiconTest, SuggestsFactsWithTheirWords) {
  Lexicon lexicon(Russian());
  EXPECT_THAT(Facts(lexicon.Read("Муж выгнал, оказались на улице, я беременна")),
              ElementsAre("household.housing=homeless «оказались на улице»",
                          "applicant.pregnant=true «я беременна»"));
  EXPECT_THAT(Facts(lexicon.Read("я не беременна")), IsEmpty());
  // Two values of one fact: neither is suggested.
  EXPECT_THAT(Facts(lexicon.Read("снимали комнату, теперь живём на улице")), IsEmpty());
}

TEST(LexiconTest, FindsLifeSituations) {
  Lexicon lexicon(Russian());
  EXPECT_THAT(Ids(lexicon.Read("Хотим развод и алименты").situations),
              ElementsAre("marriage_and_divorce"));
}

// The shipped corpus, read once for the corpus tests.
const Result<std::vector<Narrative>>& ShippedCorpus() {
  static const Result<std::vector<Narrative>> corpus = ReadCorpus(OKNO_CORPUS_DIR);
  return corpus;
}

TEST(CorpusTest, ReadsAndSplitsTheCorpus) {
  const Result<std::vector<Narrative>>& corpus = ShippedCorpus();
  ASSERT_TRUE(corpus.ok()) << corpus.status().message();
  const catalog::Catalog& catalog = Russian();
  std::set<std::string> situations;
  for (const catalog::LifeSituation& situation : catalog.life_situations) {
    situations.insert(situation.id);
  }
  for (const Narrative& narrative : *corpus) {
    for (const std::string& need : narrative.needs) {
      EXPECT_TRUE(catalog.needs.contains(need)) << narrative.id << ": no need " << need;
    }
    for (const std::string& need : narrative.negated) {
      EXPECT_TRUE(catalog.needs.contains(need)) << narrative.id << ": no need " << need;
    }
    for (const std::string& situation : narrative.situations) {
      EXPECT_TRUE(situations.contains(situation)) << narrative.id << ": no situation " << situation;
    }
  }
  std::vector<Split> splits = Splits(*corpus);
  ASSERT_EQ(splits.size(), corpus->size());
  // No test narrative shares four words in a row with a training one.
  std::set<std::string> trained;
  for (size_t i = 0; i < corpus->size(); ++i) {
    if (splits[i] != Split::kTrain) continue;
    for (const std::string& sequence : FourWordSequences((*corpus)[i].text)) {
      trained.insert(sequence);
    }
  }
  for (size_t i = 0; i < corpus->size(); ++i) {
    if (splits[i] != Split::kTest) continue;
    for (const std::string& sequence : FourWordSequences((*corpus)[i].text)) {
      EXPECT_FALSE(trained.contains(sequence))
          << (*corpus)[i].id << " shares «" << sequence << "» with the train split";
    }
  }
}

// Enough narratives for the test split's figures to mean something: every need labelled in at
// least 30 test narratives, 8 of them English; negations and both languages well represented.
TEST(CorpusTest, HoldsEnoughOfEveryNeedToMeasure) {
  const Result<std::vector<Narrative>>& corpus = ShippedCorpus();
  ASSERT_TRUE(corpus.ok()) << corpus.status().message();
  std::vector<Split> splits = Splits(*corpus);
  std::map<std::string, int> in_test, in_test_english;
  int russian = 0, english = 0, with_negation = 0;
  for (size_t i = 0; i < corpus->size(); ++i) {
    const Narrative& narrative = (*corpus)[i];
    (narrative.language == "ru" ? russian : english) += 1;
    if (!narrative.negated.empty()) ++with_negation;
    if (splits[i] != Split::kTest) continue;
    for (const std::string& need : narrative.needs) {
      ++in_test[need];
      if (narrative.language == "en") ++in_test_english[need];
    }
  }
  EXPECT_GE(russian, 1200);
  EXPECT_GE(english, 300);
  EXPECT_GE(with_negation, 150);
  for (const auto& [need, definition] : Russian().needs) {
    EXPECT_GE(in_test[need], 30) << need;
    EXPECT_GE(in_test_english[need], 8) << need;
  }
}

TEST(ReaderTest, NoNeedIsGuessedWhereOnlyDenialsAreSaid) {
  NarrativeReader reader(Russian(), /*use_classifier=*/true, /*threshold=*/0.01f);
  Reading denials = reader.Read("we don't need housing");
  EXPECT_THAT(denials.needs, IsEmpty());
  EXPECT_THAT(Ids(denials.denied), Contains("housing"));
  // Where the lexicon finds nothing at all, the classifier still speaks.
  ASSERT_THAT(reader.ReadWithLexicon("помогите пожалуйста").needs, IsEmpty());
  EXPECT_THAT(reader.Read("помогите пожалуйста").needs, Not(IsEmpty()));
}

TEST(ReaderTest, TheClassifierIsBuiltIn) {
  ASSERT_NE(Classifier::BuiltIn(), nullptr);
  std::vector<std::pair<std::string, float>> scores =
      Classifier::BuiltIn()->Scores("ночуем на вокзале с сыном");
  ASSERT_FALSE(scores.empty());
  for (size_t i = 1; i < scores.size(); ++i) EXPECT_GE(scores[i - 1].second, scores[i].second);
}

}  // namespace
}  // namespace okno::words
