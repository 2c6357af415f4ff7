#pragma once

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
  bool ok() const { return errors_.empty(); }
  const std::vector<CatalogError>& errors() const { return errors_; }

 private:
  std::vector<CatalogError> errors_;
};

}  // namespace okno::catalog
