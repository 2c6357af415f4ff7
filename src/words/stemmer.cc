#include "words/stemmer.h"

#include <libstemmer.h>

#include <algorithm>

namespace okno::words {

Stemmer::Stemmer()
    : russian_(sb_stemmer_new("russian", "UTF_8")), english_(sb_stemmer_new("english", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (russian_ != nullptr) sb_stemmer_delete(russian_);
  if (english_ != nullptr) sb_stemmer_delete(english_);
}

std::string Stemmer::Stem(const std::string& word) const {
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

}  // namespace okno::words
