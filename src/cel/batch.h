#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cel/program.h"
#include "cel/value.h"

namespace okno::cel {
namespace internal {
struct TypedFacts;
}

// The facts of many persons, in columns: one column per fact path, one row per person. A cell
// never set is unknown, as in an Activation.
class FactTable {
 public:
  FactTable(std::vector<std::string> paths, size_t rows);

  const std::vector<std::string>& paths() const { return paths_; }
  size_t rows() const { return rows_; }
  // The column of `path`, or -1.
  int ColumnOf(std::string_view path) const;
  void Set(int column, size_t row, Value value);
  const Value* column(int index) const { return columns_[index].data(); }

  // The column with its numbers or booleans in a plain array, for batch evaluation: built on
  // first use and kept until the column changes. Safe to call from several threads at once,
  // but not while another thread calls Set.
  const internal::TypedFacts& Typed(int column) const;

  FactTable(FactTable&&) noexcept;
  FactTable& operator=(FactTable&&) noexcept;
  ~FactTable();

 private:
  std::vector<std::string> paths_;
  size_t rows_;
  std::vector<std::vector<Value>> columns_;
  mutable std::vector<std::unique_ptr<internal::TypedFacts>> typed_;
  mutable std::unique_ptr<std::mutex> typed_mutex_;
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

// What a rule came to for one person, in a byte: for screening a population, where the
// eligible and the undecided matter and the details of an unknown do not.
enum class Outcome : uint8_t { kFalse, kTrue, kUnknown, kError, kNotBool };

// EvaluateBatch without making a Value per result: outcomes[p][row].
std::vector<std::vector<Outcome>> ScreenBatch(std::span<const Program* const> programs,
                                              const FactTable& facts,
                                              const BatchOptions& options = {});

}  // namespace okno::cel
