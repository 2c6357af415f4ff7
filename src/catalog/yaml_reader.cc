#include "catalog/internal/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace okno::catalog::internal {
namespace {

CatalogError ErrorAtMark(const yaml::Mark& mark, const std::string& file, const std::string& path,
                         std::string message, const Diagnostics& diagnostics) {
  CatalogError error;
  error.file = file;
  // Marks count from 0, in bytes, and a node not in the text (a missing one) has -1.
  error.line = mark.line >= 0 ? mark.line + 1 : 0;
  error.column = mark.column >= 0 ? diagnostics.CharacterColumn(file, error.line, mark.column) : 0;
  error.path = path;
  error.message = std::move(message);
  return error;
}

const char* KindOf(const yaml::Node& node) {
  switch (node.Type()) {
    case yaml::NodeType::kMap:
      return "a mapping";
    case yaml::NodeType::kSequence:
      return "a list";
    case yaml::NodeType::kNull:
      return "empty";
    default:
      return "a single value";
  }
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string ClosestName(std::string_view word,
                        const std::set<std::string, std::less<>>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::optional<yaml::Node> LoadYamlText(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics) {
  diagnostics.RememberSource(file, text);
  yaml::Parsed parsed = yaml::Parse(text);
  if (parsed.error) {
    diagnostics.Add(ErrorAtMark(parsed.error->mark, file, "",
                                "malformed YAML: " + parsed.error->message, diagnostics));
    return std::nullopt;
  }
  return parsed.root;
}

std::optional<std::string> ReadTextFile(const std::string& path, Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.Add({path, 0, 0, "", "cannot read the file"});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<yaml::Node> LoadYamlFile(const std::string& path, Diagnostics& diagnostics) {
  std::optional<std::string> text = ReadTextFile(path, diagnostics);
  if (!text) return std::nullopt;
  return LoadYamlText(*text, path, diagnostics);
}

ParsedFiles::ParsedFiles(std::vector<std::string> paths, unsigned workers) {
  std::vector<std::pair<uintmax_t, std::string>> by_size;
  for (const std::string& path : paths) {
    std::error_code error;
    uintmax_t size = std::filesystem::file_size(path, error);
    if (entries_.try_emplace(path).second) by_size.emplace_back(error ? 0 : size, path);
  }
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [size, path] : by_size) order_.push_back(std::move(path));
  workers = std::min<size_t>(workers, order_.size());
  try {
    for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { Work(); });
  } catch (const std::system_error&) {
    // No thread to spare: the workers started, and the caller, parse the rest.
  }
}

ParsedFiles::~ParsedFiles() {
  {
    std::lock_guard lock(mutex_);
    next_ = order_.size();  // nothing more is begun
  }
  for (std::thread& worker : workers_) worker.join();
}

ParsedFiles::File ParsedFiles::ReadAndParse(const std::string& path, Diagnostics& diagnostics) {
  File file;
  file.text = ReadTextFile(path, diagnostics);
  if (file.text) file.root = LoadYamlText(*file.text, path, diagnostics);
  return file;
}

void ParsedFiles::Parse(const std::string& path, Entry& entry) {
  try {
    entry.file = ReadAndParse(path, entry.diagnostics);
  } catch (...) {
    entry.failure = std::current_exception();  // rethrown to the caller that takes the file
  }
}

void ParsedFiles::Work() {
  std::unique_lock lock(mutex_);
  while (next_ < order_.size()) {
    const std::string& path = order_[next_++];
    Entry& entry = entries_.at(path);
    if (entry.state != State::kQueued) continue;
    entry.state = State::kParsing;
    lock.unlock();
    Parse(path, entry);
    lock.lock();
    entry.state = State::kDone;
    done_.notify_all();
  }
}

ParsedFiles::File ParsedFiles::Take(const std::string& path, Diagnostics& diagnostics) {
  std::unique_lock lock(mutex_);
  auto it = entries_.find(path);
  if (it == entries_.end() || it->second.state == State::kTaken) {
    lock.unlock();
    return ReadAndParse(path, diagnostics);
  }
  Entry& entry = it->second;
  if (entry.state == State::kQueued) {
    entry.state = State::kParsing;
    lock.unlock();
    Parse(path, entry);
    lock.lock();
  } else {
    done_.wait(lock, [&] { return entry.state == State::kDone; });
  }
  entry.state = State::kTaken;
  if (entry.failure) std::rethrow_exception(entry.failure);
  diagnostics.Merge(std::move(entry.diagnostics));
  return std::move(entry.file);
}

MapReader::MapReader(const yaml::Node& node, std::string path, std::string file,
                     Diagnostics& diagnostics)
    : node_(node), path_(std::move(path)), file_(std::move(file)), diagnostics_(diagnostics) {
  is_map_ = node_.IsMap();
  if (!is_map_) {
    Report(node_, path_, std::string("expected a mapping of fields, found ") + KindOf(node_));
  }
}

std::string MapReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void MapReader::Report(const yaml::Node& node, const std::string& path, std::string message) {
  diagnostics_.Add(ErrorAt(node, path, std::move(message)));
}

CatalogError MapReader::ErrorAt(const yaml::Node& node, const std::string& path,
                                std::string message) const {
  return ErrorAtMark(node.Mark(), file_, path, std::move(message), diagnostics_);
}

std::optional<Date> MapReader::DateField(std::string_view key, bool required) {
  std::optional<yaml::Node> value = Scalar(key, required, "a date (YYYY-MM-DD)");
  if (!value) return std::nullopt;
  std::optional<Date> date = ParseDate(value->Scalar());
  if (!date) Report(*value, PathOf(key), "'" + value->Scalar() + "' is not a date (YYYY-MM-DD)");
  return date;
}

std::optional<LocalizedText> MapReader::Text(std::string_view key, bool required) {
  std::optional<yaml::Node> node = Child(key, required);
  if (!node) return std::nullopt;
  MapReader reader(*node, PathOf(key), file_, diagnostics_);
  LocalizedText text;
  text.ru = reader.String("ru").value_or("");
  text.en = reader.String("en").value_or("");
  reader.Finish();
  return text;
}

std::optional<yaml::Node> MapReader::Find(std::string_view key, bool required) {
  read_.insert(std::string(key));
  if (!is_map_) return std::nullopt;
  for (const auto& entry : node_) {
    if (entry.first.Scalar() == key) {
      if (entry.second.IsNull() && required) {
        Report(entry.second.IsDefined() ? entry.first : node_, PathOf(key), "must not be empty");
        return std::nullopt;
      }
      if (entry.second.IsNull()) return std::nullopt;
      return entry.second;
    }
  }
  if (required) Report(node_, PathOf(key), "required field is missing");
  return std::nullopt;
}

std::optional<yaml::Node> MapReader::Scalar(std::string_view key, bool required, const char* what) {
  std::optional<yaml::Node> value = Find(key, required);
  if (!value) return std::nullopt;
  if (!value->IsScalar()) {
    Report(*value, PathOf(key), std::string("expected ") + what + ", found " + KindOf(*value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> MapReader::String(std::string_view key, bool required) {
  std::optional<yaml::Node> value = Scalar(key, required, "text");
  if (!value) return std::nullopt;
  return value->Scalar();
}

std::optional<std::string> MapReader::OneOf(std::string_view key,
                                            const std::vector<std::string>& allowed,
                                            bool required) {
  std::optional<yaml::Node> value = Scalar(key, required, "one of the listed values");
  if (!value) return std::nullopt;
  const std::string& text = value->Scalar();
  if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return text;
  std::string list;
  for (const std::string& option : allowed) list += (list.empty() ? "" : ", ") + option;
  Report(*value, PathOf(key), "'" + text + "' is not one of " + list);
  return std::nullopt;
}

template <typename T>
std::optional<T> MapReader::Numeric(std::string_view key, bool required, const char* what) {
  std::optional<yaml::Node> value = Scalar(key, required, what);
  if (!value) return std::nullopt;
  const std::string& text = value->Scalar();
  T number{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  // A quoted scalar ('12') is text, whatever it spells.
  if (error != std::errc() || end != text.data() + text.size() || !value->IsPlain()) {
    Report(*value, PathOf(key), std::string("expected ") + what + ", found '" + text + "'");
    return std::nullopt;
  }
  return number;
}

std::optional<int64_t> MapReader::Int(std::string_view key, bool required) {
  return Numeric<int64_t>(key, required, "a whole number");
}

std::optional<double> MapReader::Number(std::string_view key, bool required) {
  return Numeric<double>(key, required, "a number");
}

std::optional<bool> MapReader::Bool(std::string_view key, bool required) {
  std::optional<yaml::Node> value = Scalar(key, required, "true or false");
  if (!value) return std::nullopt;
  const std::string& text = value->Scalar();
  if (value->IsPlain()) {
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  Report(*value, PathOf(key), "expected true or false, found '" + text + "'");
  return std::nullopt;
}

std::optional<std::vector<std::string>> MapReader::StringList(std::string_view key, bool required) {
  std::optional<yaml::Node> value = Find(key, required);
  if (!value) return std::nullopt;
  if (!value->IsSequence()) {
    Report(*value, PathOf(key), std::string("expected a list, found ") + KindOf(*value));
    return std::nullopt;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (size_t i = 0; i < value->size(); ++i) {
    const yaml::Node item = (*value)[i];
    if (!item.IsScalar()) {
      Report(item, PathOf(key) + "[" + std::to_string(i) + "]",
             std::string("expected text, found ") + KindOf(item));
      ok = false;
      continue;
    }
    items.push_back(item.Scalar());
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<yaml::Node> MapReader::Child(std::string_view key, bool required) {
  return Find(key, required);
}

void MapReader::Finish() {
  if (!is_map_) return;
  std::map<std::string, int> seen;
  for (const auto& entry : node_) {
    const std::string& key = entry.first.Scalar();
    if (++seen[key] == 2) {
      Report(entry.first, PathOf(key), "key given twice in this mapping");
    }
    if (!read_.contains(key) && seen[key] == 1) {
      std::string message = "unknown field";
      std::string suggestion = ClosestName(key, read_);
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      Report(entry.first, PathOf(key), message);
    }
  }
}

}  // namespace okno::catalog::internal
