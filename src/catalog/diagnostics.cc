#include "catalog/diagnostics.h"

namespace okno::catalog {

std::string CatalogError::ToString() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
  text += ": ";
  if (!path.empty()) text += path + ": ";
  return text + message;
}

void Diagnostics::RememberSource(const std::string& file, std::string text) {
  sources_[file] = std::move(text);
}

void Diagnostics::Merge(Diagnostics&& other) {
  for (CatalogError& error : other.errors_) errors_.push_back(std::move(error));
  sources_.merge(std::move(other.sources_));
}

int Diagnostics::CharacterColumn(const std::string& file, int line, int byte_column) const {
  auto it = sources_.find(file);
  if (it == sources_.end() || line < 1 || byte_column < 0) return byte_column + 1;
  const std::string& text = it->second;
  size_t start = 0;
  for (int l = 1; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return byte_column + 1;
  int column = 1;
  for (size_t i = start; i < start + byte_column && i < text.size(); ++i) {
    // Count UTF-8 lead bytes only, so a column is a character.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

}  // namespace okno::catalog
