#include "words/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace okno::words {
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

// Letters, digits and the two inner marks of a word: «ребёнок-инвалид», "don't".
bool IsWordByte(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '-' || c == '\''; }

bool IsClauseEnd(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' ||
         c == ')' || c == '\n';
}

// A word's hyphens and apostrophes at its edges are punctuation («- да», "'cause").
std::string Trimmed(const std::string& word) {
  size_t end = word.size();
  while (end > 0 && (word[end - 1] == '-' || word[end - 1] == '\'')) --end;
  size_t start = 0;
  while (start < end && (word[start] == '-' || word[start] == '\'')) ++start;
  return word.substr(start, end - start);
}

}  // namespace

std::vector<std::vector<std::string>> Clauses(std::string_view text,
                                              std::vector<std::vector<std::string>>* as_written) {
  std::vector<std::vector<std::string>> clauses(1);
  std::vector<std::vector<std::string>> written(1);
  std::string word, spelt;
  auto end_word = [&] {
    std::string lowered = Trimmed(word);
    if (!lowered.empty()) {
      clauses.back().push_back(std::move(lowered));
      written.back().push_back(Trimmed(spelt));
    }
    word.clear();
    spelt.clear();
  };
  auto end_clause = [&] {
    if (clauses.back().empty()) return;
    clauses.emplace_back();
    written.emplace_back();
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // «», “”, — and other punctuation outside ASCII are not letters.
    if (c == 0xC2 && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) == 0xAB ||
         static_cast<unsigned char>(text[i + 1]) == 0xBB)) {
      end_word();
      i += 2;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      unsigned char third = static_cast<unsigned char>(text[i + 2]);
      if (third == 0x99) {  // ’ inside "don’t"
        word += '\'';
        spelt += '\'';
      } else {
        end_word();
        if (third == 0x93 || third == 0x94) end_clause();  // – and —: a pause, as a comma is
      }
      i += 3;
      continue;
    }
    if (IsWordByte(c)) {
      size_t start = i;
      word += LowerLetter(text, i);
      spelt += text.substr(start, i - start);
      continue;
    }
    end_word();
    if (IsClauseEnd(text[i])) end_clause();
    ++i;
  }
  end_word();
  if (clauses.back().empty()) {
    clauses.pop_back();
    written.pop_back();
  }
  if (as_written != nullptr) *as_written = std::move(written);
  return clauses;
}

std::string NormalizedText(std::string_view text) {
  std::string out;
  for (const std::vector<std::string>& clause : Clauses(text)) {
    if (!out.empty()) out += " , ";
    for (size_t i = 0; i < clause.size(); ++i) {
      if (i > 0) out += ' ';
      out += clause[i];
    }
  }
  return out;
}

bool IsNegation(std::string_view word) {
  // People type "dont" as often as "don't".
  static constexpr std::array<std::string_view, 16> kWords = {
      "не",   "нет",    "нету",  "ни",   "no",    "not",   "never",  "without",
      "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent"};
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end() ||
         (word.size() > 3 && word.ends_with("n't"));
}

size_t Letters(std::string_view word) {
  return static_cast<size_t>(std::count_if(word.begin(), word.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace okno::words
