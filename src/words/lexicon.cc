#include "words/lexicon.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "words/text.h"

namespace okno::words {
namespace {

// The first four letters of a stem, or the whole of a shorter one.
std::string Prefix(const std::string& stem) {
  size_t letters = 0;
  for (size_t i = 0; i < stem.size(); ++i) {
    if ((static_cast<unsigned char>(stem[i]) & 0xC0) == 0x80) continue;
    if (letters == 4) return stem.substr(0, i);
    ++letters;
  }
  return stem;
}

void AddWords(std::map<std::string, std::string>& into, const std::string& id,
              const std::string& words) {
  std::string& all = into[id];
  if (all.find(words) != std::string::npos) return;
  if (!all.empty()) all += ", ";
  all += words;
}

}  // namespace

bool StemsMatch(const std::string& a, const std::string& b) {
  if (a == b) return true;
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  while (common > 0 && common < a.size() &&
         (static_cast<unsigned char>(a[common]) & 0xC0) == 0x80) {
    --common;
  }
  size_t shared = Letters(std::string_view(a).substr(0, common));
  if (shared < 4) return false;
  size_t rest_a = Letters(a) - shared;
  size_t rest_b = Letters(b) - shared;
  if (rest_a == 0 || rest_b == 0) return rest_a + rest_b <= 1;  // one is the other's prefix
  // Two different endings need a longer shared start: «полис» is not «полиция», nor «голод»
  // «голова».
  return shared >= 5 && rest_a <= 2 && rest_b <= 2 && rest_a + rest_b <= 3;
}

Lexicon::Lexicon(const catalog::Catalog& catalog) : catalog_(&catalog) {
  for (const auto& [id, need] : catalog.needs) {
    Add(need.triggers_ru, id, Kind::kNeed);
    Add(need.triggers_en, id, Kind::kNeed);
    Add(need.denials_ru, id, Kind::kDenial);
    Add(need.denials_en, id, Kind::kDenial);
    Add(need.said_of_ru, id, Kind::kSaidOf);
    Add(need.said_of_en, id, Kind::kSaidOf);
    Add(need.said_of_until_ru, id, Kind::kSaidOfUntil);
    Add(need.said_of_until_en, id, Kind::kSaidOfUntil);
  }
  for (const catalog::LifeSituation& situation : catalog.life_situations) {
    Add(situation.triggers_ru, situation.id, Kind::kSituation);
    Add(situation.triggers_en, situation.id, Kind::kSituation);
  }
  // A fact's phrases by the suggestion's index: facts are not needs, their words are shared.
  for (size_t i = 0; i < catalog.fact_suggestions.size(); ++i) {
    Add(catalog.fact_suggestions[i].triggers_ru, std::to_string(i), Kind::kFact);
    Add(catalog.fact_suggestions[i].triggers_en, std::to_string(i), Kind::kFact);
  }
  // Longest first: the words one phrase matches are not matched again by a shorter one.
  std::stable_sort(phrases_.begin(), phrases_.end(), [](const Phrase& a, const Phrase& b) {
    return a.stems.size() > b.stems.size();
  });
  for (size_t i = 0; i < phrases_.size(); ++i) {
    std::vector<uint32_t>& prefixes = phrases_[i].prefixes;
    for (const std::string& stem : phrases_[i].stems) {
      auto [it, added] = prefix_ids_.try_emplace(Prefix(stem), prefix_ids_.size());
      if (added) phrases_by_prefix_.emplace_back();
      prefixes.push_back(it->second);
    }
    std::sort(prefixes.begin(), prefixes.end());
    prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
    for (uint32_t prefix : prefixes) phrases_by_prefix_[prefix].push_back(i);
  }
}

void Lexicon::Add(const std::vector<std::string>& texts, const std::string& id, Kind kind) {
  for (const std::string& text : texts) {
    Phrase phrase;
    phrase.id = id;
    phrase.kind = kind;
    for (const auto& clause : Clauses(text)) {
      for (const std::string& word : clause) {
        phrase.stems.push_back(stemmer_.Stem(word));
        if (IsNegation(word)) phrase.negative = true;
      }
    }
    if (!phrase.stems.empty()) phrases_.push_back(std::move(phrase));
  }
}

bool Lexicon::MatchAt(const Phrase& phrase, const Clause& clause, size_t at,
                      const std::vector<bool>& used, Found& found) const {
  size_t width = phrase.stems.size() + 2;
  size_t from = at + 1 >= width ? at + 1 - width : 0;
  size_t to = std::min(clause.stems.size(), at + width);
  // Each of the phrase's stems at the nearest free position to `at` that matches it.
  std::vector<size_t> positions;
  for (const std::string& stem : phrase.stems) {
    std::optional<size_t> best;
    for (size_t i = from; i < to; ++i) {
      if (used[i] || std::find(positions.begin(), positions.end(), i) != positions.end()) continue;
      if (!StemsMatch(clause.stems[i], stem)) continue;
      auto distance = [&](size_t p) { return p > at ? p - at : at - p; };
      if (!best || distance(i) < distance(*best)) best = i;
    }
    if (!best) return false;
    positions.push_back(*best);
  }
  auto [low, high] = std::minmax_element(positions.begin(), positions.end());
  if (*high - *low + 1 > width) return false;
  found = Found{&phrase, *low, *high, positions};
  return true;
}

LexiconReading Lexicon::Read(std::string_view narrative) const {
  std::map<std::string, std::string> needs, situations, denied, facts;
  std::vector<std::vector<std::string>> as_written;
  std::vector<std::vector<std::string>> clauses = Clauses(narrative, &as_written);
  // Needs whose `said_of` person the previous clause was about: «дочка упала с брусьев,
  // сотрясение» is the girl's concussion.
  std::set<std::string_view> carried;
  for (size_t c = 0; c < clauses.size(); ++c) {
    std::map<std::string, std::string> clause_needs;
    std::set<std::string_view> said_of;       // needs whose `said_of` words the clause holds
    std::set<std::string_view> someone_else;  // needs whose `said_of_until` words it holds
    Clause clause;
    for (const std::string& word : clauses[c]) clause.stems.push_back(stemmer_.Stem(word));
    clause.words = std::move(clauses[c]);
    clause.as_written = std::move(as_written[c]);
    // The phrases that may match, by index (longest first), with the positions they may
    // match around.
    std::vector<std::optional<uint32_t>> prefix_at(clause.stems.size());
    std::vector<uint32_t> clause_prefixes;
    for (size_t i = 0; i < clause.stems.size(); ++i) {
      auto known = prefix_ids_.find(Prefix(clause.stems[i]));
      if (known == prefix_ids_.end()) continue;
      prefix_at[i] = known->second;
      clause_prefixes.push_back(known->second);
    }
    std::sort(clause_prefixes.begin(), clause_prefixes.end());
    std::map<size_t, std::vector<size_t>> candidates;
    for (size_t i = 0; i < clause.stems.size(); ++i) {
      if (!prefix_at[i]) continue;
      for (size_t index : phrases_by_prefix_[*prefix_at[i]]) {
        const std::vector<uint32_t>& needed = phrases_[index].prefixes;
        auto it = candidates.find(index);
        if (it != candidates.end()) {
          it->second.push_back(i);
        } else if (std::includes(clause_prefixes.begin(), clause_prefixes.end(), needed.begin(),
                                 needed.end())) {
          candidates[index].push_back(i);
        }
      }
    }
    // The words a phrase matched are not matched again by another of its need (its denials
    // included) or life situation, nor by a shorter phrase of another: «ребёнок болеет» is the
    // child's health, not an adult's too. Phrases as long as each other share words
    // ("evicted" is a housing need and a legal one), and a need's phrase and a life
    // situation's always do: «больным ребёнком» is both the child's health and part of a young
    // mother's crisis.
    // Facts are read apart in the same way.
    std::map<std::pair<Kind, std::string_view>, std::vector<bool>> used_by;
    // The longest phrase of each need (life situation, fact) that took each word.
    std::map<std::pair<Kind, std::string_view>, std::vector<size_t>> claimed_by;
    std::vector<bool> used;
    // A need's denials all say it is met, so they share words with each other whatever their
    // length; a denial's words are kept from its need's triggers, and a trigger's from its
    // denials.
    auto own_of = [&](Kind kind, std::string_view id) -> std::vector<bool>& {
      std::vector<bool>& own = used_by[{kind, id}];
      if (own.empty()) own.assign(clause.stems.size(), false);
      return own;
    };
    for (const auto& [index, around] : candidates) {
      const Phrase& phrase = phrases_[index];
      Kind group = phrase.kind == Kind::kDenial ? Kind::kNeed : phrase.kind;
      std::vector<bool>& own = own_of(phrase.kind, phrase.id);
      const std::vector<bool>* kept_from = nullptr;
      if (phrase.kind == Kind::kNeed) kept_from = &own_of(Kind::kDenial, phrase.id);
      if (phrase.kind == Kind::kDenial) kept_from = &own_of(Kind::kNeed, phrase.id);
      std::vector<size_t>& claimed = claimed_by[{group, phrase.id}];
      if (claimed.empty()) claimed.assign(clause.stems.size(), 0);
      used.assign(clause.stems.size(), false);
      for (auto other = claimed_by.lower_bound({group, {}});
           other != claimed_by.end() && other->first.first == group; ++other) {
        if (other->first.second == phrase.id) continue;
        for (size_t i = 0; i < used.size(); ++i) {
          if (other->second[i] > phrase.stems.size()) used[i] = true;
        }
      }
      bool denial_shares = phrase.kind == Kind::kDenial;
      for (size_t i = 0; i < used.size(); ++i) {
        if ((own[i] && !denial_shares) || (kept_from != nullptr && (*kept_from)[i])) used[i] = true;
      }
      for (size_t at : around) {
        if (used[at]) continue;
        Found found{};
        if (!MatchAt(phrase, clause, at, used, found)) continue;
        std::vector<size_t> positions = found.positions;
        std::sort(positions.begin(), positions.end());
        // «не болеет», "not sick": a negation up to two words before, or among the phrase's
        // words, cancels it.
        bool negated = false;
        if (!phrase.negative) {
          size_t start = found.first >= 2 ? found.first - 2 : 0;
          for (size_t i = start; i <= found.last && !negated; ++i) {
            if (std::binary_search(positions.begin(), positions.end(), i)) continue;
            negated = IsNegation(clause.words[i]);
          }
        }
        std::string text;
        for (size_t position : positions) {
          used[position] = own[position] = true;
          claimed[position] = std::max(claimed[position], phrase.stems.size());
          if (!text.empty()) text += ' ';
          text += clause.as_written[position];
        }
        if (phrase.kind == Kind::kSaidOf) {
          said_of.insert(phrase.id);
        } else if (phrase.kind == Kind::kSaidOfUntil) {
          someone_else.insert(phrase.id);
        } else if (phrase.kind == Kind::kDenial || (negated && phrase.kind == Kind::kNeed)) {
          AddWords(denied, phrase.id, text);
        } else if (!negated) {
          AddWords(phrase.kind == Kind::kNeed        ? clause_needs
                   : phrase.kind == Kind::kSituation ? situations
                                                     : facts,
                   phrase.id, text);
        }
      }
    }
    for (std::string_view id : carried) {
      if (!someone_else.contains(id)) said_of.insert(id);
    }
    carried = said_of;
    // «сыну нужны очки, окулист не принимает»: the clause's adult health is the child's.
    for (std::string_view id : said_of) {
      const catalog::Need& taker = catalog_->needs.at(std::string(id));
      auto taken = clause_needs.find(taker.takes_from);
      if (taken == clause_needs.end()) continue;
      AddWords(clause_needs, taker.id, taken->second);
      clause_needs.erase(taken);
    }
    for (const auto& [id, words] : clause_needs) AddWords(needs, id, words);
  }
  LexiconReading reading;
  for (const auto& [id, need] : catalog_->needs) {
    if (auto found = needs.find(id); found != needs.end()) {
      reading.needs.push_back({id, found->second});
    } else if (auto no = denied.find(id); no != denied.end()) {
      reading.denied.push_back({id, no->second});
    }
  }
  for (const catalog::LifeSituation& situation : catalog_->life_situations) {
    if (auto found = situations.find(situation.id); found != situations.end()) {
      reading.situations.push_back({situation.id, found->second});
    }
  }
  // One value per fact, except for a list fact, which may hold several.
  std::map<std::pair<std::string_view, std::string_view>, int> values_of;
  for (const auto& [index, words] : facts) {
    const catalog::FactSuggestion& suggestion = catalog_->fact_suggestions[std::stoul(index)];
    ++values_of[{suggestion.subject, suggestion.field}];
  }
  for (size_t i = 0; i < catalog_->fact_suggestions.size(); ++i) {
    auto found = facts.find(std::to_string(i));
    if (found == facts.end()) continue;
    const catalog::FactSuggestion& suggestion = catalog_->fact_suggestions[i];
    bool list = suggestion.fact_value.is(cel::Kind::kList);
    if (!list && values_of[{suggestion.subject, suggestion.field}] > 1) continue;
    reading.facts.push_back({&suggestion, found->second});
  }
  return reading;
}

}  // namespace okno::words
