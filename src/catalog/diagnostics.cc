#include "catalog/diagnostics.h"

namespace okno::catalog {

std::string CatalogError::ToString() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
  text += ": ";
  if (!path.empty()) text += path + ": ";
  return text + message;
}

}  // namespace okno::catalog
