#include "words/classifier.h"

#include <fasttext/fasttext.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <istream>
#include <sstream>
#include <streambuf>

#include "words/text.h"

namespace okno::words {
namespace {

// fastText reads a model from a stream; this one reads the bytes linked into the program.
class MemoryBuffer : public std::streambuf {
 public:
  explicit MemoryBuffer(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());
    setg(begin, begin, begin + bytes.size());
  }
};

// FastText checks a model's magic number and version only when it opens a file; the check
// is protected, so a subclass makes it for a stream too.
class StreamModel : public fasttext::FastText {
 public:
  bool LoadFrom(std::istream& in) {
    if (!checkModel(in)) return false;
    loadModel(in);
    return true;
  }
};

constexpr std::string_view kLabelPrefix = "__label__";

}  // namespace

Classifier::Classifier() = default;
Classifier::~Classifier() = default;

Result<std::unique_ptr<Classifier>> Classifier::FromBytes(std::string_view bytes) {
  auto model = std::make_unique<StreamModel>();
  MemoryBuffer buffer(bytes);
  std::istream in(&buffer);
  try {
    if (!model->LoadFrom(in)) return DataLossError("not a fastText model of a known version");
  } catch (const std::exception& e) {
    return DataLossError(std::string("the fastText model cannot be read: ") + e.what());
  }
  std::unique_ptr<Classifier> classifier(new Classifier());
  classifier->model_ = std::move(model);
  return classifier;
}

const Classifier* Classifier::BuiltIn() {
  static const Classifier* const built_in = []() -> const Classifier* {
    Result<std::unique_ptr<Classifier>> loaded = FromBytes(BuiltInModelBytes());
    if (!loaded.ok()) {
      spdlog::error("the narrative classifier built into okno is unreadable: {}",
                    loaded.status().message());
      return nullptr;
    }
    return loaded->release();
  }();
  return built_in;
}

std::vector<std::pair<std::string, float>> Classifier::ScoresOfNormalized(
    const std::string& text) const {
  std::vector<std::pair<std::string, float>> scores;
  if (text.empty()) return scores;
  std::istringstream in(text + "\n");
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  model_->predictLine(in, predictions, -1, 0.0);
  for (auto& [probability, label] : predictions) {
    std::string id = label.starts_with(kLabelPrefix) ? label.substr(kLabelPrefix.size()) : label;
    scores.emplace_back(std::move(id), probability);
  }
  return scores;
}

std::vector<std::pair<std::string, float>> Classifier::Scores(std::string_view narrative) const {
  return ScoresOfNormalized(NormalizedText(narrative));
}

std::string Classifier::Explain(std::string_view narrative, const std::string& label,
                                size_t count) const {
  std::vector<std::string> words;
  for (auto& clause : Clauses(narrative)) {
    if (!words.empty()) words.push_back(",");
    words.insert(words.end(), clause.begin(), clause.end());
  }
  auto score_without = [&](size_t skipped) {
    std::string text;
    for (size_t i = 0; i < words.size(); ++i) {
      if (i == skipped) continue;
      if (!text.empty()) text += ' ';
      text += words[i];
    }
    for (const auto& [id, probability] : ScoresOfNormalized(text)) {
      if (id == label) return probability;
    }
    return 0.0f;
  };
  float whole = score_without(words.size());
  std::vector<std::pair<float, size_t>> drops;  // (how much the score falls, word index)
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == ",") continue;
    drops.emplace_back(whole - score_without(i), i);
  }
  std::stable_sort(drops.begin(), drops.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<size_t> chosen;
  for (const auto& [drop, index] : drops) {
    if (chosen.size() == count || drop <= 0) break;
    chosen.push_back(index);
  }
  std::sort(chosen.begin(), chosen.end());
  std::string out;
  for (size_t index : chosen) {
    if (!out.empty()) out += ' ';
    out += words[index];
  }
  return out;
}

}  // namespace okno::words
