#include "words/corpus.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <set>
#include <unordered_map>

#include "common/fnv1a.h"
#include "words/text.h"

namespace okno::words {
namespace {

Status AtLine(const std::string& file, const YAML::Node& node, const std::string& message) {
  return InvalidArgumentError(file + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
}

Result<std::vector<std::string>> ReadList(const std::string& file, const YAML::Node& entry,
                                          const char* field) {
  std::vector<std::string> list;
  const YAML::Node node = entry[field];
  if (!node) return list;
  if (!node.IsSequence()) return AtLine(file, node, std::string(field) + " must be a list");
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) return AtLine(file, item, std::string(field) + " holds ids");
    list.push_back(item.as<std::string>());
  }
  return list;
}

Result<Narrative> ReadNarrative(const std::string& file, const YAML::Node& entry) {
  static const std::set<std::string> kFields = {"id",      "text",       "needs",
                                                "negated", "situations", "facts"};
  if (!entry.IsMap()) return AtLine(file, entry, "a narrative is a mapping");
  for (const auto& field : entry) {
    std::string key = field.first.as<std::string>();
    if (!kFields.contains(key)) return AtLine(file, field.first, "unknown field '" + key + "'");
  }
  Narrative narrative;
  narrative.file = file;
  narrative.line = entry.Mark().line + 1;
  if (!entry["id"] || !entry["text"]) return AtLine(file, entry, "id and text are required");
  narrative.id = entry["id"].as<std::string>();
  narrative.text = entry["text"].as<std::string>();
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
  if (const YAML::Node facts = entry["facts"]) {
    if (!facts.IsMap()) return AtLine(file, facts, "facts must be a mapping");
    for (const auto& fact : facts) {
      std::string value;
      if (fact.second.IsSequence()) {
        for (const YAML::Node& item : fact.second) {
          value += (value.empty() ? "" : ",") + item.as<std::string>();
        }
      } else if (fact.second.IsScalar()) {
        value = fact.second.as<std::string>();
      } else {
        return AtLine(file, fact.second, "a fact's value is a scalar or a list");
      }
      narrative.facts[fact.first.as<std::string>()] = value;
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
    YAML::Node root;
    try {
      root = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& e) {
      return InvalidArgumentError(path.string() + ":" + std::to_string(e.mark.line + 1) + ": " +
                                  e.msg);
    }
    if (!root.IsSequence()) return AtLine(path.string(), root, "a file is a list of narratives");
    for (const YAML::Node& entry : root) {
      Result<Narrative> narrative = [&]() -> Result<Narrative> {
        try {
          return ReadNarrative(path.string(), entry);
        } catch (const YAML::Exception& e) {
          return AtLine(path.string(), entry, e.msg);
        }
      }();
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
