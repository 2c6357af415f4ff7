#pragma once

#include <memory>
#include <vector>

#include "cel/ast.h"
#include "cel/source.h"

namespace okno::cel {

struct ParseOptions {
  // Longest expression accepted, in bytes.
  size_t max_length = 100'000;
  // Deepest nesting of sub-expressions accepted. CEL's conformance suite requires at least 32
  // levels of parentheses and 12 of calls, lists, maps and indices; recursion stays far from
  // the stack's limit.
  int max_depth = 250;
  // Expand has(), all(), exists(), exists_one(), map() and filter().
  bool enable_macros = true;
};

struct ParseResult {
  std::unique_ptr<Expr> root;  // null when errors is not empty
  std::vector<Diagnostic> errors;
  int32_t next_id = 0;  // one past the largest node id
};

// Parses a CEL expression. Never throws and never recurses deeper than options.max_depth.
ParseResult Parse(const Source& source, const ParseOptions& options = {});

}  // namespace okno::cel
