#pragma once

#include <map>
#include <string>
#include <vector>

namespace okno::catalog {

// One problem found in the catalog, where a methodologist can find it: the file, the line and
// column (both from 1), and the path of the field inside the file ("services[2].title.ru").
struct CatalogError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string path;
  std::string message;

  // "catalog/ru/agencies/mvd.yaml:12:5: services[2].titel: unknown field; did you mean 'title'?"
  std::string ToString() const;
};

// Collects every problem of a catalog check, so that one run reports them all.
class Diagnostics {
 public:
  void Add(CatalogError error) { errors_.push_back(std::move(error)); }

  // Keeps a file's text, so that positions given in bytes (as yaml::Mark gives them) can be
  // reported in characters: a line of Russian text has twice as many bytes as letters.
  void RememberSource(const std::string& file, std::string text);
  // The column (from 1) of byte `byte_column` (from 0) on line `line` (from 1) of `file`;
  // byte_column + 1 when the file's text is not known.
  int CharacterColumn(const std::string& file, int line, int byte_column) const;
  // Takes `other`'s problems, after this one's, and the texts it keeps.
  void Merge(Diagnostics&& other);
  bool ok() const { return errors_.empty(); }
  const std::vector<CatalogError>& errors() const { return errors_; }

 private:
  std::vector<CatalogError> errors_;
  std::map<std::string, std::string> sources_;
};

}  // namespace okno::catalog
