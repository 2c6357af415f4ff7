#pragma once

// The narrative corpus (corpus/README.md): narratives labelled with needs, denied needs, life
// situations and facts, and the fixed rule that splits them into train, dev and test.

#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace okno::words {

struct Narrative {
  std::string id;        // "ru-…" or "en-…"
  std::string language;  // "ru" or "en", from the id
  std::string text;
  std::vector<std::string> needs;
  std::vector<std::string> negated;
  std::vector<std::string> situations;
  // "subject.field" → the value as written ("homeless", "20", "true"); a list's items joined
  // by ",".
  std::map<std::string, std::string> facts;
  std::string file;  // where it is written, for messages
  int line = 0;
};

enum class Split { kTrain, kDev, kTest };
const char* SplitName(Split split);

// Every narrative of `dir`/narratives/*.yaml, in file then list order. A malformed file or
// entry, a duplicate id, a text outside 3–60 words: an error naming the file and line.
Result<std::vector<Narrative>> ReadCorpus(const std::string& dir);

// The split of each narrative (corpus/README.md): narratives sharing four words in a row are
// one group; a group's split is decided by the FNV-1a hash of its smallest id.
std::vector<Split> Splits(const std::vector<Narrative>& corpus);

// Each narrative's group: the index of one narrative of it, the same for all its members.
std::vector<size_t> Groups(const std::vector<Narrative>& corpus);

// The four-word sequences of a text, as Okno reads its words (clauses joined).
std::vector<std::string> FourWordSequences(const std::string& text);

}  // namespace okno::words
