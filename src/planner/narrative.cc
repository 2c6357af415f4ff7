#include "planner/narrative.h"

#include <libstemmer.h>

#include <algorithm>
#include <set>

namespace okno::planner {
namespace {

// Lower-cases one UTF-8 code point of Latin or Cyrillic (А–Я, Ё) and maps ё to е, as the
// Russian stemmer does; returns the bytes to append.
std::string LowerLetter(std::string_view text, size_t& i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    ++i;
    return std::string(1, static_cast<char>(std::tolower(c)));
  }
  size_t length = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : 2;
  if (i + length > text.size()) {
    i = text.size();
    return "";
  }
  uint32_t code = 0;
  if (length == 2) code = ((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
  std::string out(text.substr(i, length));
  i += length;
  if (length != 2) return out;
  if (code >= 0x410 && code <= 0x42F) code += 0x20;  // А–Я → а–я
  if (code == 0x401 || code == 0x451) code = 0x435;  // Ё, ё → е
  out = {static_cast<char>(0xC0 | (code >> 6)), static_cast<char>(0x80 | (code & 0x3F))};
  return out;
}

bool IsWordByte(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '-'; }

bool IsClauseEnd(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n';
}

const std::set<std::string>& NegationWords() {
  static const std::set<std::string> words = {"не",    "нет",   "ни",      "no",    "not",
                                              "never", "isn't", "doesn't", "don't", "without"};
  return words;
}

size_t Letters(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Words match when their stems are equal, or differ only in what Snowball leaves of an ending:
// one letter more ("ребенк" / "ребенка"), or a dropped vowel ("ребенок" / "ребенк"), after at
// least four shared letters. "больн" and "больниц" stay apart.
bool StemsMatch(const std::string& a, const std::string& b) {
  if (a == b) return true;
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  while (common > 0 && common < a.size() &&
         (static_cast<unsigned char>(a[common]) & 0xC0) == 0x80) {
    --common;
  }
  size_t shared = Letters(a.substr(0, common));
  if (shared < 4) return false;
  size_t rest_a = Letters(a) - shared;
  size_t rest_b = Letters(b) - shared;
  if (rest_a == 0 || rest_b == 0) return rest_a + rest_b <= 1;  // one is the other's prefix
  return rest_a <= 2 && rest_b <= 2 && rest_a + rest_b <= 3;
}

}  // namespace

std::vector<std::vector<std::string>> Clauses(std::string_view text) {
  std::vector<std::vector<std::string>> clauses(1);
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) clauses.back().push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (IsWordByte(c)) {
      word += LowerLetter(text, i);
      continue;
    }
    end_word();
    if (IsClauseEnd(text[i]) && !clauses.back().empty()) clauses.emplace_back();
    ++i;
  }
  end_word();
  if (clauses.back().empty()) clauses.pop_back();
  return clauses;
}

NarrativeMatcher::NarrativeMatcher(const catalog::Catalog& catalog)
    : catalog_(&catalog),
      russian_(sb_stemmer_new("russian", "UTF_8")),
      english_(sb_stemmer_new("english", "UTF_8")) {
  auto add = [&](const std::vector<std::string>& phrases, const std::string& need,
                 std::vector<Trigger>& into) {
    for (const std::string& phrase : phrases) {
      Trigger trigger;
      trigger.need = need;
      for (const auto& clause : Clauses(phrase)) {
        for (const std::string& word : clause) {
          trigger.stems.push_back(Stem(word));
          if (NegationWords().contains(word)) trigger.negative = true;
        }
      }
      if (trigger.stems.empty()) continue;
      into.push_back(std::move(trigger));
    }
  };
  for (const auto& [id, need] : catalog.needs) {
    add(need.triggers_ru, id, triggers_);
    add(need.triggers_en, id, triggers_);
  }
  for (const catalog::LifeSituation& situation : catalog.life_situations) {
    add(situation.triggers_ru, situation.id, situation_triggers_);
    add(situation.triggers_en, situation.id, situation_triggers_);
  }
  auto longest_first = [](const Trigger& a, const Trigger& b) {
    return a.stems.size() > b.stems.size();
  };
  std::stable_sort(triggers_.begin(), triggers_.end(), longest_first);
  std::stable_sort(situation_triggers_.begin(), situation_triggers_.end(), longest_first);
}

NarrativeMatcher::~NarrativeMatcher() {
  if (russian_ != nullptr) sb_stemmer_delete(russian_);
  if (english_ != nullptr) sb_stemmer_delete(english_);
}

std::string NarrativeMatcher::Stem(const std::string& word) const {
  bool cyrillic = std::any_of(word.begin(), word.end(),
                              [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  sb_stemmer* stemmer = cyrillic ? russian_ : english_;
  if (stemmer == nullptr) return word;
  std::lock_guard lock(mutex_);
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (stem == nullptr) return word;
  return std::string(reinterpret_cast<const char*>(stem), sb_stemmer_length(stemmer));
}

std::set<std::string> NarrativeMatcher::Find(const std::vector<Trigger>& triggers,
                                             const std::vector<StemmedClause>& clauses) const {
  std::set<std::string> found;
  for (const StemmedClause& clause : clauses) {
    const std::vector<std::string>& stems = clause.stems;
    std::vector<bool> used(stems.size(), false);
    for (const Trigger& trigger : triggers) {
      if (trigger.stems.size() > stems.size()) continue;
      for (size_t start = 0; start + trigger.stems.size() <= stems.size(); ++start) {
        bool match = true;
        for (size_t k = 0; k < trigger.stems.size() && match; ++k) {
          match = !used[start + k] && StemsMatch(stems[start + k], trigger.stems[k]);
        }
        if (!match) continue;
        // «не болеет», "not sick": a negation up to two words before cancels the match.
        bool negated = false;
        for (size_t back = 1; back <= 2 && back <= start && !trigger.negative; ++back) {
          negated |= NegationWords().contains(clause.words[start - back]);
        }
        for (size_t k = 0; k < trigger.stems.size(); ++k) used[start + k] = true;
        if (!negated) found.insert(trigger.need);
      }
    }
  }
  return found;
}

NarrativeMatcher::Matches NarrativeMatcher::Match(std::string_view narrative) const {
  std::vector<StemmedClause> clauses;
  for (std::vector<std::string>& words : Clauses(narrative)) {
    StemmedClause clause;
    for (const std::string& word : words) clause.stems.push_back(Stem(word));
    clause.words = std::move(words);
    clauses.push_back(std::move(clause));
  }
  std::set<std::string> needs = Find(triggers_, clauses);
  std::set<std::string> situations = Find(situation_triggers_, clauses);
  Matches matches;
  for (const auto& [id, need] : catalog_->needs) {
    if (needs.contains(id)) matches.needs.push_back(id);
  }
  for (const catalog::LifeSituation& situation : catalog_->life_situations) {
    if (situations.contains(situation.id)) matches.life_situations.push_back(situation.id);
  }
  return matches;
}

}  // namespace okno::planner
