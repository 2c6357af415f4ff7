#pragma once

// Needs from what a citizen says: the catalog's triggers (needs.yaml, life situations) matched
// against a narrative in Russian or English after Snowball stemming, with negation («не
// болеет», "not sick") honoured.

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

struct sb_stemmer;

namespace okno::planner {

// Lower-case words of `text` (Cyrillic and Latin letters and digits), one list per clause: a
// clause ends at . , ; : ! ? or a line break, so that negation does not reach across one.
std::vector<std::vector<std::string>> Clauses(std::string_view text);

class NarrativeMatcher {
 public:
  explicit NarrativeMatcher(const catalog::Catalog& catalog);
  ~NarrativeMatcher();
  NarrativeMatcher(const NarrativeMatcher&) = delete;
  NarrativeMatcher& operator=(const NarrativeMatcher&) = delete;

  struct Matches {
    // The needs the narrative points to, in the order of the catalog's needs, each once.
    std::vector<std::string> needs;
    // The life situations it points to, in the catalog's order, each once.
    std::vector<std::string> life_situations;
  };
  // Reads the narrative once for both.
  Matches Match(std::string_view narrative) const;
  // The stem of one lower-case word, Russian or English by its letters.
  std::string Stem(const std::string& word) const;

 private:
  struct Trigger {
    std::vector<std::string> stems;
    std::string need;       // or the life situation, in situation_triggers_
    bool negative = false;  // the trigger itself is a negation ("нет денег"): never negated
  };

  const catalog::Catalog* catalog_;
  // A clause's words and their stems.
  struct StemmedClause {
    std::vector<std::string> words;
    std::vector<std::string> stems;
  };
  // The ids of what `triggers` (longest first) point to in `clauses`.
  std::set<std::string> Find(const std::vector<Trigger>& triggers,
                             const std::vector<StemmedClause>& clauses) const;

  // Longest first: the words one matches are not matched again by a shorter one.
  std::vector<Trigger> triggers_;
  std::vector<Trigger> situation_triggers_;
  // Snowball stemmers keep state between calls: one caller at a time.
  mutable std::mutex mutex_;
  sb_stemmer* russian_ = nullptr;
  sb_stemmer* english_ = nullptr;
};

}  // namespace okno::planner
