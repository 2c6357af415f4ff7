#pragma once

// Needs, life situations and suggested facts from the catalog's words (needs.yaml,
// life_situations.yaml and narrative_facts.yaml `triggers`, needs' `denials`), matched against a
// narrative after Snowball stemming: a phrase's words in any order within a few words of each other
// in one clause, a word's ending free within what the stemmer leaves, a negation just before a
// phrase («не болеет», "not sick") cancelling it, and a denial («жильё есть») marking its need as
// not wanted.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "words/stemmer.h"

namespace okno::words {

// What led to a need or a life situation: the narrative's words, as they were written
// (lower-case), several mentions joined by ", ".
struct Mention {
  std::string id;
  std::string words;
};

// A fact the narrative suggests: the catalog's suggestion and the words that said it.
struct FactMention {
  const catalog::FactSuggestion* suggestion = nullptr;
  std::string words;
};

struct LexiconReading {
  std::vector<Mention> needs;       // in the catalog's order, each once
  std::vector<Mention> situations;  // in the catalog's order, each once
  // In the catalog's order; none for a fact the narrative gives two values of («я работаю, муж
  // без работы» names two people's work, not one's).
  std::vector<FactMention> facts;
  // Needs mentioned only negated or denied («ребёнок не болеет», «жильё есть»): never to be
  // raised from this narrative, by the lexicon or the classifier.
  std::vector<Mention> denied;
};

class Lexicon {
 public:
  explicit Lexicon(const catalog::Catalog& catalog);

  LexiconReading Read(std::string_view narrative) const;
  const Stemmer& stemmer() const { return stemmer_; }

 private:
  // kSaidOf: a need's `said_of` words, which mark a clause as about whom the need concerns
  // and match nothing else; kSaidOfUntil: its `said_of_until` words, which name someone else.
  enum class Kind { kNeed, kSituation, kDenial, kFact, kSaidOf, kSaidOfUntil };
  struct Phrase {
    std::vector<std::string> stems;
    std::string id;
    Kind kind = Kind::kNeed;
    bool negative = false;  // the phrase itself is a negation ("нет денег"): never negated
    std::vector<uint32_t> prefixes;  // of its stems, sorted, each once
  };
  struct Clause {
    std::vector<std::string> words;
    std::vector<std::string> as_written;  // the words as the narrative spells them
    std::vector<std::string> stems;
  };
  struct Found {
    const Phrase* phrase;
    size_t first;  // positions in the clause, first ≤ last
    size_t last;
    std::vector<size_t> positions;
  };
  void Add(const std::vector<std::string>& texts, const std::string& id, Kind kind);
  // The phrase's stems at unused positions of `clause` around `at` (which matches one of
  // them), the span no wider than the phrase and two more words.
  bool MatchAt(const Phrase& phrase, const Clause& clause, size_t at, const std::vector<bool>& used,
               Found& found) const;

  const catalog::Catalog* catalog_;
  Stemmer stemmer_;
  std::vector<Phrase> phrases_;  // longest first
  // The first four letters of a stem (a shorter stem whole), numbered: a stem matches only a
  // stem sharing those, so a phrase may match only a clause holding all its stems' prefixes.
  std::unordered_map<std::string, uint32_t> prefix_ids_;
  std::vector<std::vector<size_t>> phrases_by_prefix_;  // phrase indices by prefix id
};

// Whether two stems are one word: equal, or differing only in what Snowball leaves of an
// ending (one letter more, a dropped vowel) after at least four shared letters, five where both
// words go on past them.
bool StemsMatch(const std::string& a, const std::string& b);

}  // namespace okno::words
