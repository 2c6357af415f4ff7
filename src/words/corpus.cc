#include "words/corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/fnv1a.h"
#include "common/yaml.h"
#include "words/text.h"

namespace okno::words {
namespace {

Status AtLine(const std::string& file, const yaml::Node& node, const std::string& message) {
  return InvalidArgumentError(file + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
}

Result<std::vector<std::string>> ReadList(const std::string& file, const yaml::Node& entry,
                                          const char* field) {
  std::vector<std::string> list;
  const yaml::Node node = entry[field];
  if (!node) return list;
  if (!node.IsSequence()) return AtLine(file, node, std::string(field) + " must be a list");
  for (const yaml::Node& item : node) {
    if (!item.IsScalar()) return AtLine(file, item, std::string(field) + " holds ids");
    list.push_back(item.Scalar());
  }
  return list;
}

Result<Narrative> ReadNarrative(const std::string& file, const yaml::Node& entry) {
  static const std::set<std::string> kFields = {"id",      "text",       "needs",
                                                "negated", "situations", "facts"};
  if (!entry.IsMap()) return AtLine(file, entry, "a narrative is a mapping");
  for (const auto& field : entry) {
    const std::string& key = field.first.Scalar();
    if (!kFields.contains(key)) return AtLine(file, field.first, "unknown field '" + key + "'");
  }
  Narrative narrative;
  narrative.file = file;
  narrative.line = entry.Mark().line + 1;
  if (!entry["id"].IsScalar() || !entry["text"].IsScalar()) {
    return AtLine(file, entry, "id and text are required, each a single value");
  }
  narrative.id = entry["id"].Scalar();
  narrative.text = entry["text"].Scalar();
  if (narrative.id.starts_with("ru-")) {
    narrative.language = "ru";
  } else if (narrative.id.starts_with("en-")) {
    narrative.language = "en";
  } else {
    return AtLine(file, entry, "id '" + narrative.id + "' does not begin with ru- or en-");
  }
  size_t words = 0;
  for (const auto& clause : Clauses(narrative.text)) words += clause.size();
  if (words < 3 || words > 60) {
    return AtLine(file, entry,
                  narrative.id + " has " + std::to_string(words) + " words, not 3 to 60");
  }
  narrative.needs = OKNO_TRY(ReadList(file, entry, "needs"));
  narrative.negated = OKNO_TRY(ReadList(file, entry, "negated"));
  narrative.situations = OKNO_TRY(ReadList(file, entry, "situations"));
  for (const std::string& need : narrative.negated) {
    if (std::find(narrative.needs.begin(), narrative.needs.end(), need) != narrative.needs.end()) {
      return AtLine(file, entry, narrative.id + " both needs and denies " + need);
    }
  }
  if (const yaml::Node facts = entry["facts"]) {
    if (!facts.IsMap()) return AtLine(file, facts, "facts must be a mapping");
    for (const auto& fact : facts) {
      std::string value;
      if (fact.second.IsSequence()) {
        for (const yaml::Node& item : fact.second) {
          if (!item.IsScalar()) return AtLine(file, item, "a fact's list holds values");
          value += (value.empty() ? "" : ",") + item.Scalar();
        }
      } else if (fact.second.IsScalar()) {
        value = fact.second.Scalar();
      } else {
        return AtLine(file, fact.second, "a fact's value is a scalar or a list");
      }
      narrative.facts[fact.first.Scalar()] = value;
    }
  }
  return narrative;
}

size_t Root(std::vector<size_t>& parent, size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

}  // namespace

const char* SplitName(Split split) {
  switch (split) {
    case Split::kTrain:
      return "train";
    case Split::kDev:
      return "dev";
    case Split::kTest:
      return "test";
  }
  return "train";
}

Result<std::vector<Narrative>> ReadCorpus(const std::string& dir) {
  std::filesystem::path folder = std::filesystem::path(dir) / "narratives";
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    return NotFoundError(folder.string() + ": no such folder of narratives");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Narrative> corpus;
  std::unordered_map<std::string, std::string> where;
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFoundError("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    yaml::Parsed parsed = yaml::Parse(text.str());
    if (parsed.error) {
      return InvalidArgumentError(path.string() + ":" +
                                  std::to_string(parsed.error->mark.line + 1) +
                                  ": malformed YAML: " + parsed.error->message);
    }
    const yaml::Node& root = parsed.root;
    if (!root.IsSequence()) return AtLine(path.string(), root, "a file is a list of narratives");
    for (const yaml::Node& entry : root) {
      Result<Narrative> narrative = ReadNarrative(path.string(), entry);
      if (!narrative.ok()) return narrative.status();
      auto [at, fresh] =
          where.emplace(narrative->id, path.string() + ":" + std::to_string(narrative->line));
      if (!fresh) {
        return AtLine(path.string(), entry, "id " + narrative->id + " is also at " + at->second);
      }
      corpus.push_back(std::move(*narrative));
    }
  }
  return corpus;
}

std::vector<std::string> FourWordSequences(const std::string& text) {
  std::vector<std::string> words;
  for (auto& clause : Clauses(text)) words.insert(words.end(), clause.begin(), clause.end());
  std::vector<std::string> sequences;
  for (size_t i = 0; i + 4 <= words.size(); ++i) {
    sequences.push_back(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2] + ' ' + words[i + 3]);
  }
  return sequences;
}

std::vector<size_t> Groups(const std::vector<Narrative>& corpus) {
  std::vector<size_t> parent(corpus.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::unordered_map<std::string, size_t> first_with;
  for (size_t i = 0; i < corpus.size(); ++i) {
    for (const std::string& sequence : FourWordSequences(corpus[i].text)) {
      auto [at, fresh] = first_with.emplace(sequence, i);
      if (!fresh) parent[Root(parent, i)] = Root(parent, at->second);
    }
  }
  std::vector<size_t> groups(corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) groups[i] = Root(parent, i);
  return groups;
}

std::vector<Split> Splits(const std::vector<Narrative>& corpus) {
  std::vector<size_t> groups = Groups(corpus);
  std::unordered_map<size_t, std::string> smallest_id;
  for (size_t i = 0; i < corpus.size(); ++i) {
    std::string& id = smallest_id[groups[i]];
    if (id.empty() || corpus[i].id < id) id = corpus[i].id;
  }
  std::vector<Split> splits(corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) {
    uint64_t bucket = Fnv1a(smallest_id[groups[i]]) % 100;
    splits[i] = bucket < 25 ? Split::kTest : bucket < 35 ? Split::kDev : Split::kTrain;
  }
  return splits;
}

}  // namespace okno::words
