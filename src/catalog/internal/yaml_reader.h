#pragma once

// Reading the catalog's YAML with every mistake reported at its place. The parser keeps
// duplicate keys and knows nothing of our fields, so these readers check what the
// catalog format allows: known fields only (with a suggestion for a misspelt one), no key twice,
// the right kind of value, required fields present.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "catalog/date.h"
#include "catalog/diagnostics.h"
#include "catalog/localized_text.h"
#include "common/yaml.h"

namespace okno::catalog::internal {

// Parses one YAML file; a syntax error is reported with its line and column and nullopt
// returned, so the caller can go on with the other files.
std::optional<yaml::Node> LoadYamlFile(const std::string& path, Diagnostics& diagnostics);
// A file's text, or nullopt with "cannot read the file" reported.
std::optional<std::string> ReadTextFile(const std::string& path, Diagnostics& diagnostics);
std::optional<yaml::Node> LoadYamlText(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics);

// Reads and parses files on worker threads while the caller uses those parsed before: parsing
// is a large part of loading the catalog, and its files are independent. The caller takes each
// file in the order it needs them; one no worker has begun is parsed by the caller at once, so
// it never waits for a file that is still queued. Problems go to the caller's diagnostics when it
// takes the file, so they are reported in the same order as when parsing one file after another.
class ParsedFiles {
 public:
  struct File {
    std::optional<std::string> text;  // nullopt: the file could not be read
    std::optional<yaml::Node> root;   // nullopt: unreadable, or malformed YAML
  };

  // Starts parsing `paths`, the largest first, on up to `workers` threads.
  ParsedFiles(std::vector<std::string> paths, unsigned workers);
  // Waits for the workers; files never taken are dropped.
  ~ParsedFiles();
  ParsedFiles(const ParsedFiles&) = delete;
  ParsedFiles& operator=(const ParsedFiles&) = delete;

  // `path` read and parsed, its problems added to `diagnostics`. A path not given to the
  // constructor in the same spelling, or taken before, is read and parsed here, so every
  // problem names the file as the caller does.
  File Take(const std::string& path, Diagnostics& diagnostics);

 private:
  enum class State { kQueued, kParsing, kDone, kTaken };
  struct Entry {
    State state = State::kQueued;
    File file;
    Diagnostics diagnostics;
    std::exception_ptr failure;
  };

  static File ReadAndParse(const std::string& path, Diagnostics& diagnostics);
  static void Parse(const std::string& path, Entry& entry);
  void Work();

  std::mutex mutex_;
  std::condition_variable done_;
  std::map<std::string, Entry> entries_;
  std::vector<std::string> order_;  // the paths, largest first
  size_t next_ = 0;                 // the first path of order_ a worker may still claim
  std::vector<std::thread> workers_;
};

// A mapping of the catalog, read field by field. Every read marks the field as known; Finish()
// reports the fields nobody read as unknown, and keys that appear twice. Reads return nullopt
// (having reported why) when a required field is missing or a value has the wrong kind.
class MapReader {
 public:
  // `node` should be a mapping; anything else is reported once and every read yields nullopt.
  MapReader(const yaml::Node& node, std::string path, std::string file, Diagnostics& diagnostics);

  std::optional<std::string> String(std::string_view key, bool required = true);
  // A string that must be one of `allowed`.
  std::optional<std::string> OneOf(std::string_view key, const std::vector<std::string>& allowed,
                                   bool required = true);
  std::optional<int64_t> Int(std::string_view key, bool required = true);
  std::optional<double> Number(std::string_view key, bool required = true);
  std::optional<bool> Bool(std::string_view key, bool required = true);
  std::optional<std::vector<std::string>> StringList(std::string_view key, bool required = true);
  // A nested node, for the caller to read with a reader of its own.
  std::optional<yaml::Node> Child(std::string_view key, bool required = true);

  // The path of a field below this mapping ("services[2]" + ".title").
  std::string PathOf(std::string_view key) const;
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }

  // Reports the fields never read as unknown and keys given twice. Call once, after all reads.
  void Finish();

  // A date written "YYYY-MM-DD".
  std::optional<Date> DateField(std::string_view key, bool required = true);
  // Text with its Russian and English versions: {ru: ..., en: ...}.
  std::optional<LocalizedText> Text(std::string_view key, bool required = true);

  // Reports `message` at `node` under `path`.
  void Report(const yaml::Node& node, const std::string& path, std::string message);
  // The error Report would add, for the caller to add later (a reference checked at the end).
  CatalogError ErrorAt(const yaml::Node& node, const std::string& path, std::string message) const;

 private:
  std::optional<yaml::Node> Find(std::string_view key, bool required);
  std::optional<yaml::Node> Scalar(std::string_view key, bool required, const char* what);
  template <typename T>
  std::optional<T> Numeric(std::string_view key, bool required, const char* what);

  yaml::Node node_;
  std::string path_;
  std::string file_;
  Diagnostics& diagnostics_;
  bool is_map_ = false;
  std::set<std::string, std::less<>> read_;
};

// The closest of `candidates` to `word` when it is close enough to be a misspelling, else "".
std::string ClosestName(std::string_view word,
                        const std::set<std::string, std::less<>>& candidates);

}  // namespace okno::catalog::internal
