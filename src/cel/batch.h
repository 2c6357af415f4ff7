#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cel/program.h"
#include "cel/value.h"

namespace okno::cel {

// The facts of many persons, in columns: one column per fact path, one row per person. A cell
// never set is unknown, as in an Activation.
class FactTable {
 public:
  FactTable(std::vector<std::string> paths, size_t rows);

  const std::vector<std::string>& paths() const { return paths_; }
  size_t rows() const { return rows_; }
  // The column of `path`, or -1.
  int ColumnOf(std::string_view path) const;
  void Set(int column, size_t row, Value value) { columns_[column][row] = std::move(value); }
  const Value* column(int index) const { return columns_[index].data(); }

 private:
  std::vector<std::string> paths_;
  size_t rows_;
  std::vector<std::vector<Value>> columns_;
};

struct BatchOptions {
  // Rows evaluated together: every rule runs over one block before the next block, so the
  // block's facts stay in cache across rules.
  size_t block_rows = 1024;
  EvalOptions eval;
};

// Evaluates every program over every row of `facts`, a block of rows at a time, each node over
// the whole block (a column) before the next node: the same compiled programs and the same
// semantics as Program::Evaluate, row for row (comprehensions are evaluated row by row).
// results[p][row] is program p's value for that row. Facts a program reads that the table
// has no column for are unknown.
std::vector<std::vector<Value>> EvaluateBatch(std::span<const Program* const> programs,
                                              const FactTable& facts,
                                              const BatchOptions& options = {});

}  // namespace okno::cel
