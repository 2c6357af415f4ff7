#pragma once

// Snowball stems of Russian and English words (libstemmer), one stemmer per language chosen by
// the word's letters.

#include <mutex>
#include <string>

struct sb_stemmer;

namespace okno::words {

class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of one lower-case word, Russian or English by its letters.
  std::string Stem(const std::string& word) const;

 private:
  // Snowball stemmers keep state between calls: one caller at a time.
  mutable std::mutex mutex_;
  sb_stemmer* russian_ = nullptr;
  sb_stemmer* english_ = nullptr;
};

}  // namespace okno::words
