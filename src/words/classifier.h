#pragma once

// The statistical reader of narratives: a fastText supervised model (one-vs-all loss, word
// bigrams and character n-grams, which suit Russian endings) trained from the corpus's train
// split when Okno is built and linked into the program. Each need gets its own probability, so
// a narrative may point to several.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace fasttext {
class FastText;
}

namespace okno::words {

class Classifier {
 public:
  // The model built into okno, loaded on first use; null when it cannot be read (logged).
  static const Classifier* BuiltIn();
  // A model from the bytes of a fastText model file.
  static Result<std::unique_ptr<Classifier>> FromBytes(std::string_view bytes);
  ~Classifier();

  // Each label's probability for a narrative, highest first; labels are need ids.
  std::vector<std::pair<std::string, float>> Scores(std::string_view narrative) const;
  // The narrative's words whose removal lowers `label`'s probability most, in the text's
  // order, at most `count` of them, joined by spaces.
  std::string Explain(std::string_view narrative, const std::string& label, size_t count) const;

 private:
  Classifier();
  std::vector<std::pair<std::string, float>> ScoresOfNormalized(const std::string& text) const;
  std::unique_ptr<fasttext::FastText> model_;
};

// The bytes of the model trained when okno was built (narrative_model.cc, generated).
std::string_view BuiltInModelBytes();

}  // namespace okno::words
