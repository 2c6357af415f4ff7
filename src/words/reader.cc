#include "words/reader.h"

#include <algorithm>
#include <map>

namespace okno::words {
namespace {

// The classifier's words for a need: the three whose removal lowers its score most.
constexpr size_t kExplainedWords = 3;

}  // namespace

NarrativeReader::NarrativeReader(const catalog::Catalog& catalog, bool use_classifier,
                                 float threshold)
    : catalog_(&catalog),
      lexicon_(catalog),
      use_classifier_(use_classifier),
      threshold_(threshold) {}

NarrativeReader::NarrativeReader(const catalog::Catalog& catalog, const Classifier& classifier,
                                 float threshold)
    : catalog_(&catalog),
      lexicon_(catalog),
      use_classifier_(true),
      own_classifier_(&classifier),
      threshold_(threshold) {}

const Classifier* NarrativeReader::classifier() const {
  if (!use_classifier_) return nullptr;
  return own_classifier_ != nullptr ? own_classifier_ : Classifier::BuiltIn();
}

void NarrativeReader::AddClassified(std::string_view narrative, Reading& reading) const {
  const Classifier* model = classifier();
  if (model == nullptr) return;
  std::map<std::string, NeedReading> found;
  for (NeedReading& need : reading.needs) found.emplace(need.id, std::move(need));
  for (const auto& [id, probability] : model->Scores(narrative)) {
    if (probability < threshold_) break;
    if (!catalog_->needs.contains(id) || found.contains(id)) continue;
    found.emplace(id,
                  NeedReading{id, model->Explain(narrative, id, kExplainedWords), "classifier"});
  }
  reading.needs.clear();
  for (const auto& [id, need] : catalog_->needs) {
    if (auto at = found.find(id); at != found.end()) reading.needs.push_back(std::move(at->second));
  }
}

Reading NarrativeReader::ReadWithLexicon(std::string_view narrative) const {
  LexiconReading said = lexicon_.Read(narrative);
  Reading reading;
  for (Mention& mention : said.needs) {
    reading.needs.push_back({std::move(mention.id), std::move(mention.words), "lexicon"});
  }
  reading.situations = std::move(said.situations);
  reading.denied = std::move(said.denied);
  reading.facts = std::move(said.facts);
  return reading;
}

Reading NarrativeReader::ReadWithClassifier(std::string_view narrative) const {
  Reading reading;
  AddClassified(narrative, reading);
  return reading;
}

Reading NarrativeReader::Read(std::string_view narrative) const {
  Reading reading = ReadWithLexicon(narrative);
  // The classifier speaks only where the lexicon found no need: on the dev split, adding its
  // needs to the lexicon's cost more precision than they gave recall. Nor where the lexicon
  // found only denials or negated mentions: "we don't need housing" says what is not wanted, and
  // the classifier, at its low threshold, would guess needs the person never named.
  if (!narrative.empty() && reading.needs.empty() && reading.denied.empty()) {
    AddClassified(narrative, reading);
  }
  return reading;
}

}  // namespace okno::words
