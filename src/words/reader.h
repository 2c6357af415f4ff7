#pragma once

// What Okno reads in a narrative: the lexicon's needs and life situations with the words that
// named them, or where the lexicon found no need, the classifier's, with the words its score
// rests on; a need denied in the narrative is never raised from it.

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "words/classifier.h"
#include "words/lexicon.h"

namespace okno::words {

struct NeedReading {
  std::string id;
  std::string words;   // what led to it
  std::string source;  // "lexicon" or "classifier"
};

struct Reading {
  std::vector<NeedReading> needs;   // in the catalog's order
  std::vector<Mention> situations;  // in the catalog's order
  std::vector<Mention> denied;      // needs the narrative says are met
  std::vector<FactMention> facts;   // facts it suggests, in the catalog's order
};

class NarrativeReader {
 public:
  // Where the lexicon found no need, the classifier's needs at this probability or above:
  // where the classifier alone reads the dev split best (bench/narrative-quality --tune),
  // never tuned on the test split.
  static constexpr float kThreshold = 0.2f;

  // Without `use_classifier`, the lexicon alone; the built-in classifier is loaded on the first
  // narrative read.
  explicit NarrativeReader(const catalog::Catalog& catalog, bool use_classifier = true,
                           float threshold = kThreshold);
  // With another classifier than the built-in one (bench/narrative-quality --model).
  NarrativeReader(const catalog::Catalog& catalog, const Classifier& classifier,
                  float threshold = kThreshold);

  Reading Read(std::string_view narrative) const;
  // Only the lexicon, or only the classifier (for measuring each: bench/narrative-quality).
  Reading ReadWithLexicon(std::string_view narrative) const;
  Reading ReadWithClassifier(std::string_view narrative) const;

 private:
  const Classifier* classifier() const;
  void AddClassified(std::string_view narrative, Reading& reading) const;

  const catalog::Catalog* catalog_;
  Lexicon lexicon_;
  bool use_classifier_;
  const Classifier* own_classifier_ = nullptr;
  float threshold_;
};

}  // namespace okno::words
