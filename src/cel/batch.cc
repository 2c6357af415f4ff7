// Batch evaluation: each node of a program is evaluated over a block of rows at once, so the
// dispatch on the node's operation is paid once per block instead of once per row, and the
// common operations (comparisons of numbers, && and || of booleans) run as tight loops.
// Every operation falls back, row by row, to the same code the scalar evaluator uses
// (row_ops.cc), so results agree exactly; subtrees with comprehensions are evaluated row by
// row by the scalar evaluator itself.

#include "cel/batch.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "cel/internal/evaluator.h"
#include "cel/internal/ir.h"
#include "cel/internal/row_ops.h"

namespace okno::cel {

using internal::Builtin;
using internal::Node;
using internal::Op;
using internal::ProgramImpl;

FactTable::FactTable(std::vector<std::string> paths, size_t rows)
    : paths_(std::move(paths)), rows_(rows) {
  columns_.reserve(paths_.size());
  for (const std::string& path : paths_) {
    // One unknown per column, shared by its cells.
    columns_.emplace_back(rows, Value::Unknown({path}));
  }
}

int FactTable::ColumnOf(std::string_view path) const {
  auto it = std::find(paths_.begin(), paths_.end(), path);
  return it == paths_.end() ? -1 : static_cast<int>(it - paths_.begin());
}

namespace {

// A column of one block: `data[row]`, or data[0] for every row when `broadcast`.
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
      if (column < 0) {
        missing_.push_back(Value::Unknown({path}));
      }
      slot_columns_.push_back(column);
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
    begin_ = begin;
    count_ = count;
    for (size_t i = 0; i < slot_columns_.size(); ++i) {
      if (slot_columns_[i] >= 0) slot_views_[i] = {facts_.column(slot_columns_[i]) + begin, false};
    }
    ColumnView root = Eval(program_.root);
    for (size_t row = 0; row < count; ++row) out.push_back(root[row]);
  }

 private:
  std::vector<Value>& Buffer(int32_t index) {
    std::vector<Value>& buffer = buffers_[index];
    buffer.resize(count_);
    return buffer;
  }

  ColumnView Eval(int32_t index) {
    const Node& node = program_.nodes[index];
    if (needs_rows_[index]) return EvalRows(index);
    ColumnView result;
    switch (node.op) {
      case Op::kConstant:
        return {&program_.constants[node.index], true};
      case Op::kSlot:
        return slot_views_[node.index];
      default:
        result = EvalComputed(index, node);
        break;
    }
    // An error that arises here is stamped with the node's place, as in scalar evaluation.
    std::vector<Value>& buffer = buffers_[index];
    for (Value& value : buffer) {
      if (value.is(Kind::kError) && value.error_offset() < 0) [[unlikely]] {
        value = Value::Error(value.error_message(), node.offset);
      }
    }
    return result;
  }

  // Every row through the scalar evaluator, for subtrees with comprehensions.
  ColumnView EvalRows(int32_t index) {
    std::vector<Value>& out = Buffer(index);
    for (size_t row = 0; row < count_; ++row) {
      RowFacts facts{slot_views_.data(), row};
      internal::Evaluator<RowFacts> evaluator(program_, facts, options_.eval);
      out[row] = evaluator.EvalToValue(index);
    }
    return {out.data(), false};
  }

  ColumnView EvalComputed(int32_t index, const Node& node) {
    auto arg = [&](int i) { return Eval(program_.arg_index(node, i)); };
    switch (node.op) {
      case Op::kHasSlot: {
        ColumnView facts = slot_views_[node.index];
        std::vector<Value>& out = Buffer(index);
        for (size_t row = 0; row < count_; ++row) {
          const Value& value = facts[row];
          out[row] = value.is(Kind::kUnknown) ? value : Value::Bool(true);
        }
        return {out.data(), false};
      }
      case Op::kSelect:
      case Op::kHas: {
        ColumnView operand = arg(0);
        const Value& key = program_.constants[node.aux];
        const std::string& field = program_.names[node.index];
        std::vector<Value>& out = Buffer(index);
        for (size_t row = 0; row < count_; ++row) {
          out[row] = internal::SelectField(operand[row], key, field, node.op == Op::kHas);
        }
        return {out.data(), false};
      }
      case Op::kList:
      case Op::kMap: {
        std::vector<ColumnView> parts;
        for (int i = 0; i < node.argc; ++i) parts.push_back(arg(i));
        std::vector<Value>& out = Buffer(index);
        for (size_t row = 0; row < count_; ++row) {
          std::vector<Value> values;
          values.reserve(parts.size());
          for (const ColumnView& part : parts) values.push_back(part[row]);
          out[row] = node.op == Op::kList ? internal::BuildList(std::move(values))
                                          : internal::BuildMap(std::move(values));
        }
        return {out.data(), false};
      }
      case Op::kAnd:
      case Op::kOr: {
        // Both sides over the whole block; CEL's && and || are commutative, so this gives what
        // short-circuiting gives row by row.
        bool decides_on = node.op == Op::kOr;
        ColumnView left = arg(0);
        ColumnView right = arg(1);
        std::vector<Value>& out = Buffer(index);
        for (size_t row = 0; row < count_; ++row) {
          const Value& l = left[row];
          const Value& r = right[row];
          if (l.is(Kind::kBool) && r.is(Kind::kBool)) [[likely]] {
            out[row] = Value::Bool(decides_on ? (l.bool_value() || r.bool_value())
                                              : (l.bool_value() && r.bool_value()));
          } else {
            out[row] = internal::CombineLogic(l, r, decides_on);
          }
        }
        return {out.data(), false};
      }
      case Op::kNot: {
        ColumnView operand = arg(0);
        std::vector<Value>& out = Buffer(index);
        for (size_t row = 0; row < count_; ++row) out[row] = internal::ApplyNot(operand[row]);
        return {out.data(), false};
      }
      case Op::kNotStrictlyFalse: {
        ColumnView operand = arg(0);
        std::vector<Value>& out = Buffer(index);
        for (size_t row = 0; row < count_; ++row) {
          out[row] = Value::Bool(!internal::IsFalse(operand[row]));
        }
        return {out.data(), false};
      }
      case Op::kConditional: {
        ColumnView condition = arg(0);
        ColumnView then_branch = arg(1);
        ColumnView else_branch = arg(2);
        std::vector<Value>& out = Buffer(index);
        for (size_t row = 0; row < count_; ++row) {
          const Value& c = condition[row];
          if (internal::IsTrue(c)) {
            out[row] = then_branch[row];
          } else if (internal::IsFalse(c)) {
            out[row] = else_branch[row];
          } else if (c.IsErrorOrUnknown()) {
            out[row] = c;
          } else {
            out[row] = internal::NoSuchOverload("_?_:_", c);
          }
        }
        return {out.data(), false};
      }
      case Op::kCall: {
        ColumnView args[3];
        if (node.argc > 3) {
          std::vector<Value>& out = Buffer(index);
          std::fill(out.begin(), out.end(), Value::Error("too many arguments"));
          return {out.data(), false};
        }
        for (int i = 0; i < node.argc; ++i) args[i] = arg(i);
        std::vector<Value>& out = Buffer(index);
        if (node.argc == 2 && FastCall(node.builtin, args[0], args[1], out)) {
          return {out.data(), false};
        }
        const Value* row_args[3];
        for (size_t row = 0; row < count_; ++row) {
          for (int i = 0; i < node.argc; ++i) row_args[i] = &args[i][row];
          out[row] = internal::ApplyCall(node.builtin, row_args, node.argc);
        }
        return {out.data(), false};
      }
      default:
        break;
    }
    std::vector<Value>& out = Buffer(index);
    std::fill(out.begin(), out.end(), Value::Error("unsupported operation"));
    return {out.data(), false};
  }

  // Typed loops for the commonest calls; false when the block does not fit them (then every
  // row goes through ApplyCall, as in scalar evaluation).
  bool FastCall(Builtin builtin, const ColumnView& a, const ColumnView& b,
                std::vector<Value>& out) {
    switch (builtin) {
      case Builtin::kLess:
      case Builtin::kLessEqual:
      case Builtin::kGreater:
      case Builtin::kGreaterEqual:
      case Builtin::kEqual:
      case Builtin::kNotEqual:
        for (size_t row = 0; row < count_; ++row) {
          const Value& x = a[row];
          const Value& y = b[row];
          if (!internal::FastRelation(builtin, x, y, out[row])) {
            const Value* row_args[2] = {&x, &y};
            out[row] = internal::ApplyCall(builtin, row_args, 2);
          }
        }
        return true;
      case Builtin::kIn:
        return MembershipInSharedList(a, b, out);
      default:
        return false;
    }
  }

  // `text in list` where many rows test against the same list of strings (a parameter such
  // as excluded ids or document kinds): a hash set per distinct list, built once per block,
  // instead of a scan per row. Rows of any other shape take the general path.
  bool MembershipInSharedList(const ColumnView& element, const ColumnView& container,
                              std::vector<Value>& out) {
    struct Members {
      const Value* list;
      std::unordered_set<std::string_view> strings;
    };
    std::vector<Members> sets;  // few distinct lists per block, searched linearly
    for (size_t row = 0; row < count_; ++row) {
      const Value& x = element[row];
      const Value& list = container[row];
      const Members* members = nullptr;
      if (x.is(Kind::kString) && list.is(Kind::kList) && list.list_elements().size() >= 8) {
        for (const Members& candidate : sets) {
          if (Value::SameObject(*candidate.list, list)) members = &candidate;
        }
        if (members == nullptr && sets.size() < 16 && AllStrings(list)) {
          Members built{&list, {}};
          built.strings.reserve(list.list_elements().size() * 2);
          for (const Value& item : list.list_elements()) built.strings.insert(item.string_value());
          sets.push_back(std::move(built));
          members = &sets.back();
        }
      }
      if (members != nullptr) {
        out[row] = Value::Bool(members->strings.contains(x.string_value()));
      } else {
        const Value* row_args[2] = {&x, &list};
        out[row] = internal::ApplyCall(Builtin::kIn, row_args, 2);
      }
    }
    return true;
  }

  static bool AllStrings(const Value& list) {
    for (const Value& item : list.list_elements()) {
      if (!item.is(Kind::kString)) return false;
    }
    return true;
  }

  const ProgramImpl& program_;
  const FactTable& facts_;
  const BatchOptions& options_;
  std::vector<std::vector<Value>> buffers_;  // per node, reused block after block
  std::vector<bool> needs_rows_;
  std::vector<int> slot_columns_;
  std::vector<Value> missing_;  // unknowns for facts the table has no column for
  std::vector<ColumnView> slot_views_;
  size_t begin_ = 0;
  size_t count_ = 0;
};

}  // namespace

std::vector<std::vector<Value>> EvaluateBatch(std::span<const Program* const> programs,
                                              const FactTable& facts, const BatchOptions& options) {
  std::vector<BatchEvaluator> evaluators;
  evaluators.reserve(programs.size());
  for (const Program* program : programs) evaluators.emplace_back(*program, facts, options);
  std::vector<std::vector<Value>> results(programs.size());
  for (auto& result : results) result.reserve(facts.rows());
  size_t block = std::max<size_t>(1, options.block_rows);
  for (size_t begin = 0; begin < facts.rows(); begin += block) {
    size_t count = std::min(block, facts.rows() - begin);
    for (size_t p = 0; p < programs.size(); ++p) evaluators[p].Run(begin, count, results[p]);
  }
  return results;
}

}  // namespace okno::cel
