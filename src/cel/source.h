#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace okno::cel {

// A problem found in an expression, at a place a person can find: line and column count from
// 1, and columns count characters (code points), not bytes.
struct Diagnostic {
  std::string message;
  int line = 0;
  int column = 0;
};

// The text of an expression, with what maps byte offsets to lines and columns.
class Source {
 public:
  explicit Source(std::string text);

  const std::string& text() const { return text_; }
  // Line and column (both from 1) of byte `offset`.
  void Locate(int32_t offset, int& line, int& column) const;
  Diagnostic MakeDiagnostic(int32_t offset, std::string message) const;
  // The line containing `offset` and a caret under its column, for messages in a terminal.
  std::string Snippet(int line, int column) const;

 private:
  std::string text_;
  std::vector<int32_t> line_starts_;
};

}  // namespace okno::cel
