#pragma once

// Typed columns for batch evaluation: a fact table's column with its numbers and booleans in
// plain arrays, the other rows marked.

#include <cstdint>
#include <vector>

#include "cel/value.h"

namespace okno::cel::internal {

// How a block's column of one node is held. Typed forms keep plain numbers and booleans in
// arrays the batch loops run over; a row whose value is not of the form (an unknown, an
// error, another kind) is marked in `other` and its value kept in `values`.
enum class Form : uint8_t { kValues, kBools, kInts, kDoubles };

// A fact table's column in typed form, over all its rows: the kind most rows hold, the rest
// marked other.
struct TypedFacts {
  TypedFacts() = default;
  Form form = Form::kValues;
  const Value* values = nullptr;
  std::vector<uint8_t> other;
  std::vector<int8_t> bools;
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  bool any_other = false;  // when false, `other` is all zero and blocks carry no mask

  TypedFacts(const Value* column, size_t rows) : values(column) {
    size_t counts[3] = {0, 0, 0};  // bool, int, double
    for (size_t row = 0; row < rows; ++row) {
      Kind kind = column[row].kind();
      counts[0] += kind == Kind::kBool;
      counts[1] += kind == Kind::kInt;
      counts[2] += kind == Kind::kDouble;
    }
    size_t best = std::max({counts[0], counts[1], counts[2]});
    if (best == 0) return;
    Kind kind = best == counts[1] ? Kind::kInt : best == counts[2] ? Kind::kDouble : Kind::kBool;
    other.assign(rows, 0);
    if (kind == Kind::kInt) {
      form = Form::kInts;
      ints.assign(rows, 0);
    } else if (kind == Kind::kDouble) {
      form = Form::kDoubles;
      doubles.assign(rows, 0);
    } else {
      form = Form::kBools;
      bools.assign(rows, 0);
    }
    for (size_t row = 0; row < rows; ++row) {
      const Value& value = column[row];
      if (value.kind() != kind) {
        other[row] = 1;
        any_other = true;
      } else if (form == Form::kInts) {
        ints[row] = value.int_value();
      } else if (form == Form::kDoubles) {
        doubles[row] = value.double_value();
      } else {
        bools[row] = value.bool_value();
      }
    }
  }

  // The rows from `begin` on, as a batch column `C`.
  template <typename C>
  C Block(size_t begin) const {
    C column;
    column.form = form;
    column.values = values + begin;
    if (form == Form::kValues) return column;
    column.other = any_other ? other.data() + begin : nullptr;
    column.bools = bools.empty() ? nullptr : bools.data() + begin;
    column.ints = ints.empty() ? nullptr : ints.data() + begin;
    column.doubles = doubles.empty() ? nullptr : doubles.data() + begin;
    return column;
  }
};

}  // namespace okno::cel::internal
