#include "cel/source.h"

#include <algorithm>

namespace okno::cel {

Source::Source(std::string text) : text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(static_cast<int32_t>(i + 1));
  }
}

void Source::Locate(int32_t offset, int& line, int& column) const {
  offset = std::clamp<int32_t>(offset, 0, static_cast<int32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  int index = static_cast<int>(it - line_starts_.begin()) - 1;
  line = index + 1;
  column = 1;
  for (int32_t i = line_starts_[index]; i < offset; ++i) {
    // Count UTF-8 lead bytes only, so a column is a character.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
}

Diagnostic Source::MakeDiagnostic(int32_t offset, std::string message) const {
  Diagnostic diagnostic;
  diagnostic.message = std::move(message);
  Locate(offset, diagnostic.line, diagnostic.column);
  return diagnostic;
}

std::string Source::Snippet(int line, int column) const {
  if (line < 1 || line > static_cast<int>(line_starts_.size())) return "";
  size_t start = line_starts_[line - 1];
  size_t end = text_.find('\n', start);
  if (end == std::string::npos) end = text_.size();
  std::string out = " | " + text_.substr(start, end - start) + "\n | ";
  out.append(std::max(0, column - 1), '.');
  out += "^";
  return out;
}

}  // namespace okno::cel
