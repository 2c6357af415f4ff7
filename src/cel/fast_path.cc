#include "cel/internal/fast_path.h"

#include <optional>

namespace okno::cel::internal {

struct FastContext {
  // A constructor, not aggregate initialisation: that would zero the whole context (locals
  // and the evaluator's storage) on every evaluation.
  FastContext(const FastNode* n, const ProgramImpl& p, const Activation& f, const EvalOptions& o,
              Value& v)
      : nodes(n), program(p), facts(f), options(o), other(v) {}

  const FastNode* nodes;
  const ProgramImpl& program;
  const Activation& facts;
  const EvalOptions& options;
  Value& other;  // the value when the root is not a plain boolean
  // The general evaluator, made only when a node needs it.
  std::optional<Evaluator<Activation>> general;
  // Comprehension variables bound by fast loops, and how deep in loops we are: inside one the
  // general evaluator cannot see the variables, so a node that needs it gives up (-1) and the
  // loop hands its whole comprehension over instead.
  // Bound by a loop before any node reads them (only loops have fast forms over variables).
  const Value* locals[kFastLocals];
  int loop_depth = 0;
  int64_t iterations = 0;

  const Value& Slot(const FastNode& node) const { return facts.slot(node.slot); }
  const FastNode& Left(const FastNode& node) const { return nodes[node.left]; }
  const FastNode& Right(const FastNode& node) const { return nodes[node.right]; }
  int General(const FastNode& node) {
    if (loop_depth > 0) return -1;
    if (!general) general.emplace(program, facts, options);
    general->set_iterations(iterations);
    int result = general->EvalBool(node.index, other);
    iterations = general->iterations();
    return result;
  }
};

namespace {

struct Less {
  template <typename T>
  bool operator()(T a, T b) const {
    return a < b;
  }
};
struct LessEqual {
  template <typename T>
  bool operator()(T a, T b) const {
    return a <= b;
  }
};
struct Greater {
  template <typename T>
  bool operator()(T a, T b) const {
    return a > b;
  }
};
struct GreaterEqual {
  template <typename T>
  bool operator()(T a, T b) const {
    return a >= b;
  }
};
struct EqualTo {
  template <typename T>
  bool operator()(T a, T b) const {
    return a == b;
  }
};
struct NotEqualTo {
  template <typename T>
  bool operator()(T a, T b) const {
    return a != b;
  }
};

// A rule's logic: any side that is not a plain boolean sends the whole node to the general
// evaluator, which knows how CEL combines unknowns and errors.
int And(const FastNode& node, FastContext& context) {
  const FastNode& left = context.Left(node);
  int l = left.eval_bool(left, context);
  if (l == 0) return 0;
  const FastNode& right = context.Right(node);
  int r = right.eval_bool(right, context);
  if (r == 0) return 0;
  if (l == 1 && r == 1) return 1;
  return context.General(node);
}

int Or(const FastNode& node, FastContext& context) {
  const FastNode& left = context.Left(node);
  int l = left.eval_bool(left, context);
  if (l == 1) return 1;
  const FastNode& right = context.Right(node);
  int r = right.eval_bool(right, context);
  if (r == 1) return 1;
  if (l == 0 && r == 0) return 0;
  return context.General(node);
}

// a && b && c ... (kDecides 0) or a || b || c ... (kDecides 1) in one node: CEL's && and ||
// are commutative, so one deciding operand settles the chain whatever the others are.
template <int kDecides>
int Chain(const FastNode& node, FastContext& context) {
  bool undecided = false;
  for (int i = 0; i < node.chain_length; ++i) {
    const FastNode& operand = context.nodes[node.chain[i]];
    int v = operand.eval_bool(operand, context);
    if (v == kDecides) return kDecides;
    undecided |= v < 0;
  }
  return undecided ? context.General(node) : 1 - kDecides;
}

int Not(const FastNode& node, FastContext& context) {
  const FastNode& operand = context.Left(node);
  int v = operand.eval_bool(operand, context);
  return v >= 0 ? 1 - v : context.General(node);
}

// cond ? a : b with boolean branches; a condition that is not a plain boolean goes general.
int Conditional(const FastNode& node, FastContext& context) {
  const FastNode& condition = context.nodes[node.condition];
  int c = condition.eval_bool(condition, context);
  if (c < 0) return context.General(node);
  const FastNode& branch = c ? context.Left(node) : context.Right(node);
  int v = branch.eval_bool(branch, context);
  return v >= 0 ? v : context.General(node);
}

// double(x) of a number.
bool ToDouble(const FastNode& node, FastContext& context, double& out) {
  const FastNode& operand = context.Left(node);
  const Value* value = operand.eval_value(operand, context);
  if (value == nullptr) return false;
  if (value->is(Kind::kDouble)) {
    out = value->double_value();
  } else if (value->is(Kind::kInt)) {
    out = static_cast<double>(value->int_value());
  } else {
    return false;
  }
  return true;
}

int BoolSlot(const FastNode& node, FastContext& context) {
  const Value& value = context.Slot(node);
  return value.is(Kind::kBool) ? value.bool_value() : context.General(node);
}

int BoolConstant(const FastNode& node, FastContext&) { return node.int_constant != 0; }

int HasSlot(const FastNode& node, FastContext& context) {
  return context.Slot(node).is(Kind::kUnknown) ? context.General(node) : 1;
}

template <typename Cmp>
int SlotVsInt(const FastNode& node, FastContext& context) {
  const Value& value = context.Slot(node);
  return value.is(Kind::kInt) ? Cmp()(value.int_value(), node.int_constant) : context.General(node);
}

template <typename Cmp>
int SlotVsDouble(const FastNode& node, FastContext& context) {
  const Value& value = context.Slot(node);
  // IEEE comparisons give what CEL gives for doubles, NaN included.
  return value.is(Kind::kDouble) ? Cmp()(value.double_value(), node.double_constant)
                                 : context.General(node);
}

template <typename Cmp>
int SlotVsString(const FastNode& node, FastContext& context) {
  const Value& value = context.Slot(node);
  return value.is(Kind::kString) ? Cmp()(std::string_view(value.string_value()),
                                         std::string_view(node.constant->string_value()))
                                 : context.General(node);
}

// Both sides numbers of one kind, each a fact or any double-valued subexpression.
template <typename Cmp>
int Numbers(const FastNode& node, FastContext& context) {
  const FastNode& left = context.Left(node);
  const FastNode& right = context.Right(node);
  double x, y;
  if (left.eval_double(left, context, x) && right.eval_double(right, context, y)) {
    return Cmp()(x, y);
  }
  if (left.eval_value != nullptr && right.eval_value != nullptr) {
    const Value* a = left.eval_value(left, context);
    const Value* b = right.eval_value(right, context);
    if (a != nullptr && b != nullptr && a->is(Kind::kInt) && b->is(Kind::kInt)) {
      return Cmp()(a->int_value(), b->int_value());
    }
  }
  return context.General(node);
}

// The common shape, a fact in a fact or a constant list, read without calls: 1 or 0, or -1
// when the operands are not a string and a list of strings.
int SlotMembership(const FastNode& node, FastContext& context) {
  const Value& text = context.facts.slot(node.slot);
  const Value& list =
      node.constant != nullptr ? *node.constant : context.facts.slot(context.Right(node).slot);
  if (!text.is(Kind::kString) || !list.is(Kind::kList)) return -1;
  return list.ListContainsString(text);
}

int SlotInList(const FastNode& node, FastContext& context) {
  int found = SlotMembership(node, context);
  return found >= 0 ? found : context.General(node);
}

// + - * / on doubles.
template <Builtin kOp>
double Apply(double x, double y) {
  if constexpr (kOp == Builtin::kAdd) return x + y;
  if constexpr (kOp == Builtin::kSubtract) return x - y;
  if constexpr (kOp == Builtin::kMultiply) return x * y;
  return x / y;
}

// The shapes of the typical rule, without a call per operand: `fact op constant` as a double,
// and a double fact compared with any double-valued subexpression.
template <Builtin kOp>
bool SlotArithmeticConstant(const FastNode& node, FastContext& context, double& out) {
  const Value& value = context.Slot(node);
  if (!value.is(Kind::kDouble)) return false;
  out = Apply<kOp>(value.double_value(), node.double_constant);
  return true;
}

template <typename Cmp>
int SlotVsNumber(const FastNode& node, FastContext& context) {
  const Value& value = context.Slot(node);
  const FastNode& right = context.Right(node);
  double y;
  if (value.is(Kind::kDouble) && right.eval_double(right, context, y)) {
    return Cmp()(value.double_value(), y);
  }
  return Numbers<Cmp>(node, context);
}

// !(fact in list), as rules say "not excluded" or "has no such document".
int SlotNotInList(const FastNode& node, FastContext& context) {
  int found = SlotMembership(node, context);
  return found >= 0 ? 1 - found : context.General(node);
}

int StringInList(const FastNode& node, FastContext& context) {
  const FastNode& element = context.Left(node);
  const FastNode& container = context.Right(node);
  const Value* text = element.eval_value(element, context);
  const Value* list = container.eval_value(container, context);
  if (text != nullptr && list != nullptr && text->is(Kind::kString) && list->is(Kind::kList)) {
    int found = list->ListContainsString(*text);
    if (found >= 0) return found;
  }
  return context.General(node);
}

bool DoubleSlot(const FastNode& node, FastContext& context, double& out) {
  const Value& value = context.Slot(node);
  if (!value.is(Kind::kDouble)) return false;
  out = value.double_value();
  return true;
}

bool DoubleConstant(const FastNode& node, FastContext&, double& out) {
  out = node.double_constant;
  return true;
}

template <Builtin kOp>
bool Arithmetic(const FastNode& node, FastContext& context, double& out) {
  const FastNode& left = context.Left(node);
  const FastNode& right = context.Right(node);
  double x, y;
  if (!left.eval_double(left, context, x) || !right.eval_double(right, context, y)) return false;
  out = Apply<kOp>(x, y);
  return true;
}

// Operands by where their value lives.
const Value* SlotValue(const FastNode& node, FastContext& context) { return &context.Slot(node); }
const Value* ConstantValue(const FastNode& node, FastContext&) { return node.constant; }
const Value* LocalValue(const FastNode& node, FastContext& context) {
  return context.locals[node.local];
}
// `operand.field` on a record given as a map; a missing field is an error, which the
// general evaluator reports.
const Value* SelectValue(const FastNode& node, FastContext& context) {
  const FastNode& operand = context.Left(node);
  const Value* value = operand.eval_value(operand, context);
  if (value == nullptr || !value->is(Kind::kMap)) return nullptr;
  return value->MapFind(*node.constant);
}

int BoolValue(const FastNode& node, FastContext& context) {
  const Value* value = node.eval_value(node, context);
  if (value != nullptr && value->is(Kind::kBool)) return value->bool_value();
  return context.General(node);
}

bool DoubleValue(const FastNode& node, FastContext& context, double& out) {
  const Value* value = node.eval_value(node, context);
  if (value == nullptr || !value->is(Kind::kDouble)) return false;
  out = value->double_value();
  return true;
}

template <typename Cmp>
int ValueVsInt(const FastNode& node, FastContext& context) {
  const FastNode& operand = context.Left(node);
  const Value* value = operand.eval_value(operand, context);
  return value != nullptr && value->is(Kind::kInt) ? Cmp()(value->int_value(), node.int_constant)
                                                   : context.General(node);
}

template <typename Cmp>
int ValueVsDouble(const FastNode& node, FastContext& context) {
  const FastNode& operand = context.Left(node);
  const Value* value = operand.eval_value(operand, context);
  return value != nullptr && value->is(Kind::kDouble)
             ? Cmp()(value->double_value(), node.double_constant)
             : context.General(node);
}

template <typename Cmp>
int ValueVsString(const FastNode& node, FastContext& context) {
  const FastNode& operand = context.Left(node);
  const Value* value = operand.eval_value(operand, context);
  return value != nullptr && value->is(Kind::kString)
             ? Cmp()(std::string_view(value->string_value()),
                     std::string_view(node.constant->string_value()))
             : context.General(node);
}

// all(), exists() and exists_one() over a list, the predicate evaluated fast for each element.
// Any element the fast form cannot settle hands the whole macro to the general evaluator,
// which knows how CEL combines partial results.
template <int kMacro>  // 0 all, 1 exists, 2 exists_one
int Quantifier(const FastNode& node, FastContext& context) {
  // An evaluation cache keeps the macro's value, and its predicate's for each element, only
  // on the general evaluator's side: a loop here would walk every element first.
  if (context.facts.cache() != nullptr && context.loop_depth == 0) return context.General(node);
  const FastNode& range_node = context.Left(node);
  const Value* range = range_node.eval_value(range_node, context);
  if (range == nullptr || !range->is(Kind::kList)) return context.General(node);
  const FastNode& predicate = context.Right(node);
  const Value* saved = context.locals[node.local];
  ++context.loop_depth;
  int result = kMacro == 0 ? 1 : 0;
  int matches = 0;
  bool settled = true;
  bool decided = false;
  // Handed over, the general evaluator walks the loop again from its start: its steps count
  // from here.
  int64_t before = context.iterations;
  for (const Value& element : range->list_elements()) {
    if (++context.iterations > context.options.max_iterations) {
      settled = false;
      break;
    }
    // As in the macro's expansion, the element after the deciding one is a step taken (its
    // loop condition is what stops it).
    if (decided) break;
    context.locals[node.local] = &element;
    int holds = predicate.eval_bool(predicate, context);
    if (holds < 0) {
      settled = false;
      break;
    }
    if ((kMacro == 0 && holds == 0) || (kMacro == 1 && holds == 1)) {
      result = holds;
      decided = true;
      continue;
    }
    matches += holds;
  }
  --context.loop_depth;
  context.locals[node.local] = saved;
  if (!settled) {
    context.iterations = before;
    return context.General(node);
  }
  return kMacro == 2 ? matches == 1 : result;
}

template <template <typename> class Pick>
FastBool ForRelation(Builtin builtin) {
  switch (builtin) {
    case Builtin::kLess:
      return Pick<Less>::value;
    case Builtin::kLessEqual:
      return Pick<LessEqual>::value;
    case Builtin::kGreater:
      return Pick<Greater>::value;
    case Builtin::kGreaterEqual:
      return Pick<GreaterEqual>::value;
    case Builtin::kEqual:
      return Pick<EqualTo>::value;
    case Builtin::kNotEqual:
      return Pick<NotEqualTo>::value;
    default:
      return nullptr;
  }
}

template <typename Cmp>
struct PickSlotVsInt {
  static constexpr FastBool value = SlotVsInt<Cmp>;
};
template <typename Cmp>
struct PickSlotVsDouble {
  static constexpr FastBool value = SlotVsDouble<Cmp>;
};
template <typename Cmp>
struct PickSlotVsString {
  static constexpr FastBool value = SlotVsString<Cmp>;
};
template <typename Cmp>
struct PickValueVsInt {
  static constexpr FastBool value = ValueVsInt<Cmp>;
};
template <typename Cmp>
struct PickValueVsDouble {
  static constexpr FastBool value = ValueVsDouble<Cmp>;
};
template <typename Cmp>
struct PickValueVsString {
  static constexpr FastBool value = ValueVsString<Cmp>;
};
template <typename Cmp>
struct PickSlotVsNumber {
  static constexpr FastBool value = SlotVsNumber<Cmp>;
};
template <typename Cmp>
struct PickNumbers {
  static constexpr FastBool value = Numbers<Cmp>;
};

class Builder {
 public:
  explicit Builder(const ProgramImpl& program) : program_(program) {
    fast_.nodes.resize(program.nodes.size());
    for (size_t i = 0; i < program.nodes.size(); ++i)
      fast_.nodes[i].index = static_cast<int32_t>(i);
  }

  FastProgram Build() {
    // Children come before their parents in the node array, so one pass suffices.
    for (size_t i = 0; i < program_.nodes.size(); ++i) Choose(static_cast<int32_t>(i));
    if (fast_.nodes[program_.root].eval_bool != nullptr) fast_.root = program_.root;
    return std::move(fast_);
  }

 private:
  const Value* ConstantOf(int32_t index) const {
    const Node& node = program_.nodes[index];
    return node.op == Op::kConstant ? &program_.constants[node.index] : nullptr;
  }
  bool IsSlot(int32_t index) const { return program_.nodes[index].op == Op::kSlot; }

  void Choose(int32_t index) {
    const Node& node = program_.nodes[index];
    FastNode& fast = fast_.nodes[index];
    switch (node.op) {
      case Op::kConstant: {
        const Value& value = program_.constants[node.index];
        fast.constant = &value;
        fast.eval_value = ConstantValue;
        if (value.is(Kind::kBool)) {
          fast.eval_bool = BoolConstant;
          fast.int_constant = value.bool_value();
        } else if (value.is(Kind::kDouble)) {
          fast.eval_double = DoubleConstant;
          fast.double_constant = value.double_value();
        }
        return;
      }
      case Op::kSlot:
        fast.slot = node.index;
        fast.eval_bool = BoolSlot;
        fast.eval_double = DoubleSlot;
        fast.eval_value = SlotValue;
        return;
      case Op::kLocal:
        if (node.index >= kFastLocals) return;
        fast.local = node.index;
        fast.eval_value = LocalValue;
        fast.eval_bool = BoolValue;
        fast.eval_double = DoubleValue;
        return;
      case Op::kSelect: {
        int32_t operand = program_.arg_index(node, 0);
        if (fast_.nodes[operand].eval_value == nullptr) return;
        fast.left = operand;
        fast.constant = &program_.constants[node.aux];  // the field's name as a key
        fast.eval_value = SelectValue;
        fast.eval_bool = BoolValue;
        fast.eval_double = DoubleValue;
        return;
      }
      case Op::kComprehension:
        ChooseQuantifier(index, node);
        return;
      case Op::kConditional: {
        int32_t condition = program_.arg_index(node, 0);
        int32_t then_branch = program_.arg_index(node, 1);
        int32_t else_branch = program_.arg_index(node, 2);
        if (fast_.nodes[condition].eval_bool == nullptr ||
            fast_.nodes[then_branch].eval_bool == nullptr ||
            fast_.nodes[else_branch].eval_bool == nullptr) {
          return;
        }
        fast.condition = condition;
        fast.left = then_branch;
        fast.right = else_branch;
        fast.eval_bool = Conditional;
        return;
      }
      case Op::kHasSlot:
        fast.slot = node.index;
        fast.eval_bool = HasSlot;
        return;
      case Op::kAnd:
      case Op::kOr:
      case Op::kNot: {
        for (int i = 0; i < node.argc; ++i) {
          if (fast_.nodes[program_.arg_index(node, i)].eval_bool == nullptr) return;
        }
        fast.left = program_.arg_index(node, 0);
        if (node.op == Op::kNot) {
          const FastNode& operand = fast_.nodes[fast.left];
          if (operand.eval_bool == SlotInList) {
            // The membership test's operands, negated in one step; this node's own index
            // stays, so the general evaluator still sees the `!`.
            fast.slot = operand.slot;
            fast.constant = operand.constant;
            fast.right = operand.right;
            fast.eval_bool = SlotNotInList;
            return;
          }
          fast.eval_bool = Not;
          return;
        }
        fast.right = program_.arg_index(node, 1);
        fast.eval_bool = node.op == Op::kAnd ? And : Or;
        Flatten(fast, node.op == Op::kAnd ? Chain<0> : Chain<1>);
        return;
      }
      case Op::kCall:
        break;
      default:
        return;
    }
    if (node.argc == 1 && node.builtin == Builtin::kToDouble) {
      int32_t operand = program_.arg_index(node, 0);
      if (fast_.nodes[operand].eval_value != nullptr) {
        fast.left = operand;
        fast.eval_double = ToDouble;
      }
      return;
    }
    if (node.argc != 2) return;
    int32_t a = program_.arg_index(node, 0);
    int32_t b = program_.arg_index(node, 1);
    fast.left = a;
    fast.right = b;
    if (node.builtin == Builtin::kIn) {
      const Value* list = ConstantOf(b);
      if (IsSlot(a) && (IsSlot(b) || list != nullptr)) {
        fast.slot = program_.nodes[a].index;
        fast.constant = list;
        fast.eval_bool = SlotInList;
      } else if (fast_.nodes[a].eval_value != nullptr && fast_.nodes[b].eval_value != nullptr) {
        fast.eval_bool = StringInList;
      }
      return;
    }
    if (node.builtin == Builtin::kAdd || node.builtin == Builtin::kSubtract ||
        node.builtin == Builtin::kMultiply || node.builtin == Builtin::kDivide) {
      if (fast_.nodes[a].eval_double == nullptr || fast_.nodes[b].eval_double == nullptr) return;
      const Value* constant = ConstantOf(b);
      if (IsSlot(a) && constant != nullptr && constant->is(Kind::kDouble)) {
        fast.slot = program_.nodes[a].index;
        fast.double_constant = constant->double_value();
        switch (node.builtin) {
          case Builtin::kAdd:
            fast.eval_double = SlotArithmeticConstant<Builtin::kAdd>;
            break;
          case Builtin::kSubtract:
            fast.eval_double = SlotArithmeticConstant<Builtin::kSubtract>;
            break;
          case Builtin::kMultiply:
            fast.eval_double = SlotArithmeticConstant<Builtin::kMultiply>;
            break;
          default:
            fast.eval_double = SlotArithmeticConstant<Builtin::kDivide>;
            break;
        }
        return;
      }
      switch (node.builtin) {
        case Builtin::kAdd:
          fast.eval_double = Arithmetic<Builtin::kAdd>;
          break;
        case Builtin::kSubtract:
          fast.eval_double = Arithmetic<Builtin::kSubtract>;
          break;
        case Builtin::kMultiply:
          fast.eval_double = Arithmetic<Builtin::kMultiply>;
          break;
        default:
          fast.eval_double = Arithmetic<Builtin::kDivide>;
          break;
      }
      return;
    }
    // Comparisons: a fact against a constant, or two numeric operands.
    const Value* constant = ConstantOf(b);
    if (IsSlot(a) && constant != nullptr) {
      fast.slot = program_.nodes[a].index;
      fast.constant = constant;
      if (constant->is(Kind::kInt)) {
        fast.int_constant = constant->int_value();
        fast.eval_bool = ForRelation<PickSlotVsInt>(node.builtin);
      } else if (constant->is(Kind::kDouble)) {
        fast.double_constant = constant->double_value();
        fast.eval_bool = ForRelation<PickSlotVsDouble>(node.builtin);
      } else if (constant->is(Kind::kString) &&
                 (node.builtin == Builtin::kEqual || node.builtin == Builtin::kNotEqual)) {
        fast.eval_bool = ForRelation<PickSlotVsString>(node.builtin);
      }
      return;
    }
    if (fast_.nodes[a].eval_value != nullptr && constant != nullptr) {
      fast.constant = constant;
      if (constant->is(Kind::kInt)) {
        fast.int_constant = constant->int_value();
        fast.eval_bool = ForRelation<PickValueVsInt>(node.builtin);
      } else if (constant->is(Kind::kDouble)) {
        fast.double_constant = constant->double_value();
        fast.eval_bool = ForRelation<PickValueVsDouble>(node.builtin);
      } else if (constant->is(Kind::kString) &&
                 (node.builtin == Builtin::kEqual || node.builtin == Builtin::kNotEqual)) {
        fast.eval_bool = ForRelation<PickValueVsString>(node.builtin);
      }
      return;
    }
    if (fast_.nodes[a].eval_double != nullptr && fast_.nodes[b].eval_double != nullptr) {
      if (IsSlot(a)) {
        fast.slot = program_.nodes[a].index;
        fast.eval_bool = ForRelation<PickSlotVsNumber>(node.builtin);
      } else {
        fast.eval_bool = ForRelation<PickNumbers>(node.builtin);
      }
    }
  }

  // Turns a binary && or || whose operands are chains of the same operator into one chain,
  // when it fits: fewer calls for the long conjunctions eligibility rules are made of.
  void Flatten(FastNode& fast, FastBool chain) {
    int32_t operands[FastNode::kMaxChain];
    int length = 0;
    for (int32_t side : {fast.left, fast.right}) {
      const FastNode& operand = fast_.nodes[side];
      bool same = operand.eval_bool == chain || (chain == Chain<0> && operand.eval_bool == And) ||
                  (chain == Chain<1> && operand.eval_bool == Or);
      if (same && operand.chain_length > 0) {
        if (length + operand.chain_length > FastNode::kMaxChain) return;
        for (int i = 0; i < operand.chain_length; ++i) operands[length++] = operand.chain[i];
      } else {
        if (length + 1 > FastNode::kMaxChain) return;
        operands[length++] = side;
      }
    }
    std::copy(operands, operands + length, fast.chain);
    fast.chain_length = length;
    fast.eval_bool = chain;
  }

  // all(), exists() and exists_one() written by the macros, over a range with a fast value and
  // a predicate with a fast form.
  void ChooseQuantifier(int32_t index, const Node& node) {
    const Expr* expr = program_.exprs[node.expr_id];
    if (expr == nullptr || node.index >= kFastLocals) return;
    const std::string& macro = expr->macro;
    int32_t range = program_.arg_index(node, kComprehensionRange);
    const Node& step = program_.arg(node, kComprehensionStep);
    int32_t predicate;
    FastNode& fast = fast_.nodes[index];
    if (macro == "all" && step.op == Op::kAnd) {
      predicate = program_.arg_index(step, 1);
      fast.eval_bool = Quantifier<0>;
    } else if (macro == "exists" && step.op == Op::kOr) {
      predicate = program_.arg_index(step, 1);
      fast.eval_bool = Quantifier<1>;
    } else if (macro == "exists_one" && step.op == Op::kConditional) {
      predicate = program_.arg_index(step, 0);
      fast.eval_bool = Quantifier<2>;
    } else {
      return;
    }
    if (fast_.nodes[range].eval_value == nullptr || fast_.nodes[predicate].eval_bool == nullptr) {
      fast.eval_bool = nullptr;
      return;
    }
    fast.left = range;
    fast.right = predicate;
    fast.local = node.index;  // the element variable
  }

  const ProgramImpl& program_;
  FastProgram fast_;
};

}  // namespace

FastProgram BuildFastProgram(const ProgramImpl& program) { return Builder(program).Build(); }

int EvaluateFast(const ProgramImpl& program, const Activation& facts, const EvalOptions& options,
                 Value& other) {
  const FastProgram& fast = program.fast;
  FastContext context(fast.nodes.data(), program, facts, options, other);
  const FastNode& root = fast.nodes[fast.root];
  return root.eval_bool(root, context);
}

}  // namespace okno::cel::internal
