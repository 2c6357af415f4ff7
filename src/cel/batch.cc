// Batch evaluation: each node of a program is evaluated over a block of rows at once, so the
// dispatch on the node's operation is paid once per block instead of once per row, and the
// common operations (comparisons of numbers, arithmetic on doubles, && || ! of booleans,
// membership in long string lists) run as tight loops over typed arrays.
// Every operation falls back, row by row, to the same code the scalar evaluator uses
// (row_ops.cc), so results agree exactly; subtrees with comprehensions are evaluated row by
// row by the scalar evaluator itself.

#include "cel/batch.h"

#include <algorithm>
#include <memory>
#include <string_view>

#include "cel/internal/evaluator.h"
#include "cel/internal/ir.h"
#include "cel/internal/row_ops.h"
#include "cel/internal/typed_column.h"

namespace okno::cel {

using internal::Builtin;
using internal::Node;
using internal::Op;
using internal::ProgramImpl;

FactTable::FactTable(std::vector<std::string> paths, size_t rows)
    : paths_(std::move(paths)),
      rows_(rows),
      typed_(paths_.size()),
      typed_mutex_(std::make_unique<std::mutex>()) {
  columns_.reserve(paths_.size());
  for (const std::string& path : paths_) {
    // One unknown per column, shared by its cells.
    columns_.emplace_back(rows, Value::Unknown({path}));
  }
}

FactTable::FactTable(FactTable&&) noexcept = default;
FactTable& FactTable::operator=(FactTable&&) noexcept = default;
FactTable::~FactTable() = default;

void FactTable::Set(int column, size_t row, Value value) {
  columns_[column][row] = std::move(value);
  if (typed_[column]) typed_[column].reset();
}

const internal::TypedFacts& FactTable::Typed(int column) const {
  std::lock_guard lock(*typed_mutex_);
  if (!typed_[column]) {
    typed_[column] = std::make_unique<internal::TypedFacts>(columns_[column].data(), rows_);
  }
  return *typed_[column];
}

int FactTable::ColumnOf(std::string_view path) const {
  auto it = std::find(paths_.begin(), paths_.end(), path);
  return it == paths_.end() ? -1 : static_cast<int>(it - paths_.begin());
}

namespace {

using internal::Form;
using internal::TypedFacts;

struct Column {
  Form form = Form::kValues;
  bool broadcast = false;          // row 0 stands for every row
  const Value* values = nullptr;   // kValues: every row; typed: the rows marked in `other`
  const uint8_t* other = nullptr;  // typed forms; null when no row is other
  const int8_t* bools = nullptr;
  const int64_t* ints = nullptr;
  const double* doubles = nullptr;

  size_t At(size_t row) const { return broadcast ? 0 : row; }
  bool IsOther(size_t row) const { return form != Form::kValues && other && other[At(row)]; }

  // The row's value, made when it is held typed.
  Value Get(size_t row) const {
    size_t r = At(row);
    if (form == Form::kValues || (other && other[r])) return values[r];
    switch (form) {
      case Form::kBools:
        return Value::Bool(bools[r] != 0);
      case Form::kInts:
        return Value::Int(ints[r]);
      default:
        return Value::Double(doubles[r]);
    }
  }
};

// One node's storage for a block, reused block after block.
struct Buffers {
  bool any_other = false;  // some row of this block is marked in `other`
  std::vector<Value> values;
  std::vector<uint8_t> other;
  std::vector<int8_t> bools;
  std::vector<int64_t> ints;
  std::vector<double> doubles;
};

// A column of plain values for the scalar evaluator's rows.
struct ColumnView {
  const Value* data = nullptr;
  bool broadcast = false;
  const Value& operator[](size_t row) const { return data[broadcast ? 0 : row]; }
};

// The facts of one row, for the scalar evaluator.
struct RowFacts {
  const ColumnView* slots;
  size_t row;
  const Value& slot(int index) const { return slots[index][row]; }
};

bool IsRelation(Builtin builtin) {
  return builtin == Builtin::kLess || builtin == Builtin::kLessEqual ||
         builtin == Builtin::kGreater || builtin == Builtin::kGreaterEqual ||
         builtin == Builtin::kEqual || builtin == Builtin::kNotEqual;
}

class BatchEvaluator {
 public:
  BatchEvaluator(const Program& program, const FactTable& facts, const BatchOptions& options)
      : program_(internal::ProgramAccess::Impl(program)),
        facts_(facts),
        options_(options),
        buffers_(program_.nodes.size()),
        needs_rows_(program_.nodes.size(), false) {
    for (const std::string& path : program.attributes()) {
      int column = facts.ColumnOf(path);
      if (column < 0) missing_.push_back(Value::Unknown({path}));
      slot_columns_.push_back(column);
      slot_typed_.push_back(column < 0 ? nullptr : &facts.Typed(column));
    }
    missing_.shrink_to_fit();  // pointers into it are taken below
    for (size_t i = 0, m = 0; i < slot_columns_.size(); ++i) {
      slot_views_.push_back(slot_columns_[i] < 0 ? ColumnView{&missing_[m++], true} : ColumnView{});
    }
    // Comprehensions (and everything above a comprehension variable) go row by row.
    for (size_t i = 0; i < program_.nodes.size(); ++i) {
      const Node& node = program_.nodes[i];
      bool rows = node.op == Op::kComprehension || node.op == Op::kLocal;
      for (int a = 0; a < node.argc && !rows; ++a) rows = needs_rows_[program_.arg_index(node, a)];
      needs_rows_[i] = rows;
    }
  }

  // Evaluates rows [begin, begin + count) and appends the results to `out`.
  void Run(size_t begin, size_t count, std::vector<Value>& out) {
    Column root = RunBlock(begin, count);
    for (size_t row = 0; row < count; ++row) out.push_back(root.Get(row));
  }

  // The same, as outcomes: booleans straight from the typed column.
  void Run(size_t begin, size_t count, std::vector<Outcome>& out) {
    Column root = RunBlock(begin, count);
    for (size_t row = 0; row < count; ++row) {
      if (root.form == Form::kBools && !root.IsOther(row)) {
        out.push_back(root.bools[root.At(row)] ? Outcome::kTrue : Outcome::kFalse);
        continue;
      }
      Value value = root.Get(row);
      out.push_back(value.is(Kind::kBool) ? (value.bool_value() ? Outcome::kTrue : Outcome::kFalse)
                    : value.is(Kind::kUnknown) ? Outcome::kUnknown
                    : value.is(Kind::kError)   ? Outcome::kError
                                               : Outcome::kNotBool);
    }
  }

 private:
  Column RunBlock(size_t begin, size_t count) {
    begin_ = begin;
    count_ = count;
    for (size_t i = 0; i < slot_columns_.size(); ++i) {
      if (slot_columns_[i] >= 0) slot_views_[i] = {facts_.column(slot_columns_[i]) + begin, false};
    }
    return Eval(program_.root);
  }

  Column Eval(int32_t index) {
    const Node& node = program_.nodes[index];
    if (needs_rows_[index]) return EvalRows(index);
    switch (node.op) {
      case Op::kConstant:
        return ConstantColumn(index, program_.constants[node.index]);
      case Op::kSlot: {
        if (slot_typed_[node.index] != nullptr) {
          return slot_typed_[node.index]->Block<Column>(begin_);
        }
        Column column;
        column.values = slot_views_[node.index].data;
        column.broadcast = slot_views_[node.index].broadcast;
        return column;
      }
      default:
        break;
    }
    Column result = EvalComputed(index, node);
    Buffers& buffers = buffers_[index];
    // A typed result with no row marked needs no mask: consumers skip their general pass.
    if (result.form != Form::kValues && !buffers.any_other) result.other = nullptr;
    // An error that arises here is stamped with the node's place, as in scalar evaluation.
    if (result.form != Form::kValues && result.other == nullptr) return result;
    for (size_t row = 0; row < buffers.values.size(); ++row) {
      if (result.form != Form::kValues && !buffers.other[row]) continue;
      Value& value = buffers.values[row];
      if (value.is(Kind::kError) && value.error_offset() < 0) [[unlikely]] {
        value = Value::Error(value.error_message(), node.offset);
      }
    }
    return result;
  }

  Column ConstantColumn(int32_t index, const Value& value) {
    Column column;
    column.broadcast = true;
    Buffers& buffers = buffers_[index];
    switch (value.kind()) {
      case Kind::kInt:
        buffers.ints.assign(1, value.int_value());
        column.form = Form::kInts;
        column.ints = buffers.ints.data();
        return column;
      case Kind::kDouble:
        buffers.doubles.assign(1, value.double_value());
        column.form = Form::kDoubles;
        column.doubles = buffers.doubles.data();
        return column;
      case Kind::kBool:
        buffers.bools.assign(1, value.bool_value());
        column.form = Form::kBools;
        column.bools = buffers.bools.data();
        return column;
      default:
        column.values = &value;
        return column;
    }
  }

  // A node's typed output: arrays sized for the block, no row other yet.
  Column TypedOutput(int32_t index, Form form) {
    Buffers& buffers = buffers_[index];
    buffers.values.resize(count_);
    buffers.other.assign(count_, 0);
    buffers.any_other = false;
    Column column;
    column.form = form;
    column.values = buffers.values.data();
    column.other = buffers.other.data();
    if (form == Form::kBools) {
      buffers.bools.resize(count_);
      column.bools = buffers.bools.data();
    } else if (form == Form::kInts) {
      buffers.ints.resize(count_);
      column.ints = buffers.ints.data();
    } else {
      buffers.doubles.resize(count_);
      column.doubles = buffers.doubles.data();
    }
    return column;
  }

  // Stores a value computed the general way into a typed boolean output.
  void StoreBool(int32_t index, size_t row, Value value) {
    Buffers& buffers = buffers_[index];
    if (value.is(Kind::kBool)) {
      buffers.bools[row] = value.bool_value();
    } else {
      buffers.other[row] = 1;
      buffers.any_other = true;
      buffers.values[row] = std::move(value);
    }
  }

  std::vector<Value>& ValuesOutput(int32_t index) {
    Buffers& buffers = buffers_[index];
    buffers.values.resize(count_);
    buffers.other.clear();
    return buffers.values;
  }

  // Every row through the scalar evaluator, for subtrees with comprehensions.
  Column EvalRows(int32_t index) {
    std::vector<Value>& out = ValuesOutput(index);
    for (size_t row = 0; row < count_; ++row) {
      RowFacts facts{slot_views_.data(), row};
      internal::Evaluator<RowFacts> evaluator(program_, facts, options_.eval);
      out[row] = evaluator.EvalToValue(index);
    }
    Column column;
    column.values = out.data();
    return column;
  }

  Column EvalComputed(int32_t index, const Node& node) {
    switch (node.op) {
      case Op::kAnd:
      case Op::kOr:
        return Logic(index, node);
      case Op::kNot:
        return Not(index, node);
      case Op::kCall:
        if (node.argc == 2) {
          Column a = Eval(program_.arg_index(node, 0));
          Column b = Eval(program_.arg_index(node, 1));
          if (IsRelation(node.builtin)) return Relation(index, node.builtin, a, b);
          if (node.builtin == Builtin::kIn) return In(index, a, b);
          if (a.form == Form::kDoubles && b.form == Form::kDoubles) {
            Column out = DoubleArithmetic(index, node.builtin, a, b);
            if (out.doubles != nullptr) return out;
          }
          const Column args[2] = {a, b};
          return Generic(index, node, args);
        }
        break;
      default:
        break;
    }
    std::vector<Column> args;
    for (int i = 0; i < node.argc; ++i) args.push_back(Eval(program_.arg_index(node, i)));
    return Generic(index, node, args.data());
  }

  // && and ||: both sides over the whole block (CEL's && and || are commutative, so this
  // gives what short-circuiting gives row by row).
  Column Logic(int32_t index, const Node& node) {
    bool decides_on = node.op == Op::kOr;
    Column left = Eval(program_.arg_index(node, 0));
    Column right = Eval(program_.arg_index(node, 1));
    if (left.form != Form::kBools || right.form != Form::kBools) {
      const Column args[2] = {left, right};
      return Generic(index, node, args);
    }
    Column out = TypedOutput(index, Form::kBools);
    int8_t* bools = buffers_[index].bools.data();
    if (decides_on) {
      Loop(left.bools, Stride(left), right.bools, Stride(right), bools,
           [](int8_t l, int8_t r) { return static_cast<int8_t>(l | r); });
    } else {
      Loop(left.bools, Stride(left), right.bools, Stride(right), bools,
           [](int8_t l, int8_t r) { return static_cast<int8_t>(l & r); });
    }
    if (left.other == nullptr && right.other == nullptr) return out;
    for (size_t row = 0; row < count_; ++row) {
      if (left.IsOther(row) || right.IsOther(row)) {
        StoreBool(index, row, internal::CombineLogic(left.Get(row), right.Get(row), decides_on));
      }
    }
    return out;
  }

  Column Not(int32_t index, const Node& node) {
    Column operand = Eval(program_.arg_index(node, 0));
    if (operand.form != Form::kBools) {
      const Column args[1] = {operand};
      return Generic(index, node, args);
    }
    Column out = TypedOutput(index, Form::kBools);
    int8_t* bools = buffers_[index].bools.data();
    size_t stride = Stride(operand);
    for (size_t row = 0; row < count_; ++row) bools[row] = !operand.bools[row * stride];
    if (operand.other == nullptr) return out;
    for (size_t row = 0; row < count_; ++row) {
      if (operand.IsOther(row)) StoreBool(index, row, internal::ApplyNot(operand.Get(row)));
    }
    return out;
  }

  // Comparisons in two passes: a plain loop over the typed arrays for every row (IEEE
  // comparisons of doubles give what CEL gives, NaN included), then the general path for the
  // rows where either side is something else.
  Column Relation(int32_t index, Builtin builtin, const Column& a, const Column& b) {
    Column out = TypedOutput(index, Form::kBools);
    int8_t* bools = buffers_[index].bools.data();
    bool typed = false;
    if (a.form == Form::kInts && b.form == Form::kInts) {
      typed = Compare(builtin, a.ints, Stride(a), b.ints, Stride(b), bools);
    } else if (a.form == Form::kDoubles && b.form == Form::kDoubles) {
      typed = Compare(builtin, a.doubles, Stride(a), b.doubles, Stride(b), bools);
    }
    if (typed && a.other == nullptr && b.other == nullptr) return out;
    for (size_t row = 0; row < count_; ++row) {
      if (typed && !a.IsOther(row) && !b.IsOther(row)) continue;
      Value x = a.Get(row), y = b.Get(row);
      const Value* args[2] = {&x, &y};
      StoreBool(index, row, internal::ApplyCall(builtin, args, 2));
    }
    return out;
  }

  static size_t Stride(const Column& column) { return column.broadcast ? 0 : 1; }

  template <typename T, typename Op>
  void Loop(const T* x, size_t sx, const T* y, size_t sy, int8_t* out, Op op) {
    for (size_t row = 0; row < count_; ++row) out[row] = op(x[row * sx], y[row * sy]);
  }

  template <typename T>
  bool Compare(Builtin builtin, const T* x, size_t sx, const T* y, size_t sy, int8_t* out) {
    switch (builtin) {
      case Builtin::kLess:
        Loop(x, sx, y, sy, out, [](T p, T q) { return p < q; });
        return true;
      case Builtin::kLessEqual:
        Loop(x, sx, y, sy, out, [](T p, T q) { return p <= q; });
        return true;
      case Builtin::kGreater:
        Loop(x, sx, y, sy, out, [](T p, T q) { return p > q; });
        return true;
      case Builtin::kGreaterEqual:
        Loop(x, sx, y, sy, out, [](T p, T q) { return p >= q; });
        return true;
      case Builtin::kEqual:
        Loop(x, sx, y, sy, out, [](T p, T q) { return p == q; });
        return true;
      case Builtin::kNotEqual:
        Loop(x, sx, y, sy, out, [](T p, T q) { return p != q; });
        return true;
      default:
        return false;
    }
  }

  // `text in list`: long lists of strings answer from their hash set (Value::
  // ListContainsString), everything else the general way.
  Column In(int32_t index, const Column& element, const Column& container) {
    Column out = TypedOutput(index, Form::kBools);
    int8_t* bools = buffers_[index].bools.data();
    for (size_t row = 0; row < count_; ++row) {
      if (element.form == Form::kValues && container.form == Form::kValues) {
        const Value& x = element.values[element.At(row)];
        const Value& list = container.values[container.At(row)];
        if (x.is(Kind::kString) && list.is(Kind::kList)) {
          int found = list.ListContainsString(x);
          if (found >= 0) {
            bools[row] = static_cast<int8_t>(found);
            continue;
          }
        }
      }
      Value x = element.Get(row), list = container.Get(row);
      const Value* args[2] = {&x, &list};
      StoreBool(index, row, internal::ApplyCall(Builtin::kIn, args, 2));
    }
    return out;
  }

  // + - * / on doubles, which cannot fail; an empty column for any other builtin.
  Column DoubleArithmetic(int32_t index, Builtin builtin, const Column& a, const Column& b) {
    if (builtin != Builtin::kAdd && builtin != Builtin::kSubtract &&
        builtin != Builtin::kMultiply && builtin != Builtin::kDivide) {
      return Column{};
    }
    Column out = TypedOutput(index, Form::kDoubles);
    Buffers& buffers = buffers_[index];
    double* doubles = buffers.doubles.data();
    for (size_t row = 0; row < count_; ++row) {
      if (a.IsOther(row) || b.IsOther(row)) {
        Value x = a.Get(row), y = b.Get(row);
        const Value* args[2] = {&x, &y};
        Value result = internal::ApplyCall(builtin, args, 2);
        if (result.is(Kind::kDouble)) {
          doubles[row] = result.double_value();
        } else {
          buffers.other[row] = 1;
          buffers.any_other = true;
          buffers.values[row] = std::move(result);
        }
        continue;
      }
      double x = a.doubles[a.At(row)], y = b.doubles[b.At(row)];
      switch (builtin) {
        case Builtin::kAdd:
          doubles[row] = x + y;
          break;
        case Builtin::kSubtract:
          doubles[row] = x - y;
          break;
        case Builtin::kMultiply:
          doubles[row] = x * y;
          break;
        default:
          doubles[row] = x / y;
          break;
      }
    }
    return out;
  }

  // Any node, row by row, with the scalar row semantics (row_ops.cc).
  Column Generic(int32_t index, const Node& node, const Column* args) {
    std::vector<Value>& out = ValuesOutput(index);
    std::vector<Value> row_values(node.argc);
    const Value* pointers[3];
    for (size_t row = 0; row < count_; ++row) {
      for (int i = 0; i < node.argc; ++i) row_values[i] = args[i].Get(row);
      switch (node.op) {
        case Op::kHasSlot: {
          const Value& value = slot_views_[node.index][row];
          out[row] = value.is(Kind::kUnknown) ? value : Value::Bool(true);
          break;
        }
        case Op::kSelect:
        case Op::kHas:
          out[row] = internal::SelectField(row_values[0], program_.constants[node.aux],
                                           program_.names[node.index], node.op == Op::kHas);
          break;
        case Op::kList:
          out[row] = internal::BuildList(row_values);
          break;
        case Op::kMap:
          out[row] = internal::BuildMap(row_values);
          break;
        case Op::kAnd:
        case Op::kOr:
          out[row] = internal::CombineLogic(row_values[0], row_values[1], node.op == Op::kOr);
          break;
        case Op::kNot:
          out[row] = internal::ApplyNot(row_values[0]);
          break;
        case Op::kNotStrictlyFalse:
          out[row] = Value::Bool(!internal::IsFalse(row_values[0]));
          break;
        case Op::kConditional: {
          const Value& c = row_values[0];
          if (internal::IsTrue(c)) {
            out[row] = row_values[1];
          } else if (internal::IsFalse(c)) {
            out[row] = row_values[2];
          } else if (c.IsErrorOrUnknown()) {
            out[row] = c;
          } else {
            out[row] = internal::NoSuchOverload("_?_:_", c);
          }
          break;
        }
        case Op::kCall:
          if (node.argc > 3) {
            out[row] = Value::Error("too many arguments");
            break;
          }
          for (int i = 0; i < node.argc; ++i) pointers[i] = &row_values[i];
          out[row] = internal::ApplyCall(node.builtin, pointers, node.argc);
          break;
        default:
          out[row] = Value::Error("unsupported operation");
          break;
      }
    }
    Column column;
    column.values = out.data();
    return column;
  }

  const ProgramImpl& program_;
  const FactTable& facts_;
  const BatchOptions& options_;
  std::vector<Buffers> buffers_;  // per node
  std::vector<bool> needs_rows_;
  std::vector<int> slot_columns_;
  std::vector<const TypedFacts*> slot_typed_;
  std::vector<Value> missing_;  // unknowns for facts the table has no column for
  std::vector<ColumnView> slot_views_;
  size_t begin_ = 0;
  size_t count_ = 0;
};

}  // namespace

namespace {

// Runs every program over every row, a block at a time, appending to results[p].
template <typename Result>
std::vector<std::vector<Result>> RunBlocks(std::span<const Program* const> programs,
                                           const FactTable& facts, const BatchOptions& options) {
  std::vector<BatchEvaluator> evaluators;
  evaluators.reserve(programs.size());
  for (const Program* program : programs) evaluators.emplace_back(*program, facts, options);
  std::vector<std::vector<Result>> results(programs.size());
  for (auto& result : results) result.reserve(facts.rows());
  size_t block = std::max<size_t>(1, options.block_rows);
  for (size_t begin = 0; begin < facts.rows(); begin += block) {
    size_t count = std::min(block, facts.rows() - begin);
    for (size_t p = 0; p < programs.size(); ++p) evaluators[p].Run(begin, count, results[p]);
  }
  return results;
}

}  // namespace

std::vector<std::vector<Value>> EvaluateBatch(std::span<const Program* const> programs,
                                              const FactTable& facts, const BatchOptions& options) {
  return RunBlocks<Value>(programs, facts, options);
}

std::vector<std::vector<Outcome>> ScreenBatch(std::span<const Program* const> programs,
                                              const FactTable& facts, const BatchOptions& options) {
  return RunBlocks<Outcome>(programs, facts, options);
}

}  // namespace okno::cel
