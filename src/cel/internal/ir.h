#pragma once

// The compiled form of an expression: a compact array of nodes with resolved operations,
// attribute slots and local-variable indices. Evaluation walks it without looking at a name.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cel/ast.h"
#include "cel/program.h"
#include "cel/value.h"

namespace okno::cel::internal {

enum class Op : uint8_t {
  kConstant,          // constants[index]
  kSlot,              // activation slot `index`
  kLocal,             // comprehension variable `index`
  kSelect,            // args[0].names[index]
  kHas,               // has(args[0].names[index])
  kHasSlot,           // has() of a path collapsed into slot `index`
  kList,              // [args...]
  kMap,               // {args[0]: args[1], ...}
  kAnd,               // args[0] && args[1]
  kOr,                // args[0] || args[1]
  kNot,               // !args[0]
  kNotStrictlyFalse,  // @not_strictly_false(args[0])
  kConditional,       // args[0] ? args[1] : args[2]
  kComprehension,     // range, init, condition, step, result; iter local `index`, accu `aux`
  kCall,              // builtin(args...)
};

// Every function the engine knows, resolved at compile time from name and arity.
enum class Builtin : uint8_t {
  kNone,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIn,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
  kNegate,
  kIndex,
  kSize,
  kContains,
  kStartsWith,
  kEndsWith,
  kMatches,
  kToInt,
  kToUint,
  kToDouble,
  kToString,
  kToBytes,
  kToBool,
  kToTimestamp,
  kToDuration,
  kDyn,
  kTypeOf,
  kGetFullYear,
  kGetMonth,
  kGetDate,
  kGetDayOfMonth,
  kGetDayOfWeek,
  kGetDayOfYear,
  kGetHours,
  kGetMinutes,
  kGetSeconds,
  kGetMilliseconds,
};

struct Node {
  Op op = Op::kConstant;
  Builtin builtin = Builtin::kNone;
  uint8_t argc = 0;
  int32_t first_arg = 0;  // into Program::Impl::args
  int32_t index = 0;
  int32_t aux = 0;
  int32_t offset = 0;  // source offset, for errors and explanations
  int32_t expr_id = 0;
};

// The fast form of a rule's common parts (see fast_path.h).
// Comprehension variables a fast form can bind; rules with more use the general evaluator.
inline constexpr int kFastLocals = 16;
struct FastContext;
struct FastNode;

// 1 or 0 for a plain boolean; -1 to ask the general evaluator.
using FastBool = int (*)(const FastNode& node, FastContext& context);
// True with `out` set for a plain double; false to ask the general evaluator.
using FastDouble = bool (*)(const FastNode& node, FastContext& context, double& out);
// Where the operand's value lives (a fact, a constant, a comprehension variable, a field of
// one); null to ask the general evaluator.
using FastValue = const Value* (*)(const FastNode& node, FastContext& context);

struct FastNode {
  FastBool eval_bool = nullptr;
  FastDouble eval_double = nullptr;
  FastValue eval_value = nullptr;
  int32_t index = 0;              // the IR node it stands for
  int32_t slot = -1;              // a fact operand's slot
  int32_t local = -1;             // a comprehension variable
  int32_t left = -1, right = -1;  // operand fast nodes
  int32_t condition = -1;         // the condition of ?:
  // A chain of && or || flattened into one node: its operands.
  static constexpr int kMaxChain = 8;
  int32_t chain[kMaxChain] = {};
  int32_t chain_length = 0;
  int64_t int_constant = 0;
  double double_constant = 0;
  const Value* constant = nullptr;
};

struct FastProgram {
  std::vector<FastNode> nodes;  // nodes[i] stands for IR node i, when it has a fast form
  int32_t root = -1;            // -1: the rule has no fast form at its root
};

struct ProgramImpl {
  std::vector<std::string> attributes;                   // slot paths
  std::vector<Program::AttributeSteps> attribute_steps;  // the same, split at the dots
  std::vector<Value> unknown_slots;  // each slot unknown, naming its path: a fresh activation
  std::unique_ptr<Expr> ast;         // the parse tree, for explanations
  std::vector<const Expr*> exprs;    // ast nodes by id
  std::vector<std::string> texts;    // their source text, unparsed once (explanations)
  std::vector<Node> nodes;
  std::vector<int32_t> args;
  std::vector<Value> constants;
  std::vector<std::string> names;
  int32_t root = 0;
  CelType result_type;  // dyn when compiled without checking
  int32_t local_count = 0;
  FastProgram fast;
  // By node: for a comprehension that reads no variable of an enclosing one, the slots it reads
  // (its value depends on those alone, so EvalCache may keep it); empty for every other node.
  std::vector<std::vector<int32_t>> cacheable_inputs;
  // By node: for the largest parts of a comprehension's step that read its element and no
  // other variable (the predicate of exists, all, filter; the function of map), that variable
  // and the slots they read, so EvalCache may keep their value per element; element -1 for
  // every other node.
  struct KeptByElement {
    int32_t element = -1;
    std::vector<int32_t> slots;
  };
  std::vector<KeptByElement> kept_by_element;
  // By node: for a comprehension the all() or exists() macro wrote, its predicate, so the
  // evaluator folds the elements' values at once; -1 for every other node.
  struct Quantifier {
    int32_t predicate = -1;
    bool decides_on = false;  // the value that decides: true for exists(), false for all()
  };
  std::vector<Quantifier> quantifiers;

  const Node& arg(const Node& node, int i) const { return nodes[args[node.first_arg + i]]; }
  int32_t arg_index(const Node& node, int i) const { return args[node.first_arg + i]; }
};

// The compiler's and evaluator's way into a Program.
struct ProgramAccess {
  static std::shared_ptr<Program> New(std::string text) {
    return std::shared_ptr<Program>(new Program(std::move(text)));
  }
  static ProgramImpl& Impl(Program& program) { return *program.impl_; }
  static const ProgramImpl& Impl(const Program& program) { return *program.impl_; }
};

// Fills program.cacheable_inputs, program.kept_by_element and program.quantifiers.
void FindCacheableComprehensions(ProgramImpl& program);

// Appends the reasons for the value node `index` took, given every node's value in `trace`.
void CollectReasons(const ProgramImpl& program, const std::vector<Value>& trace, int32_t index,
                    std::vector<Reason>& reasons);

// Calls a builtin on evaluated arguments that are neither errors nor unknowns.
Value CallBuiltin(Builtin builtin, const Value* const* args, int argc);

// Resolves a function by name, receiver style and arity; kNone when there is none.
Builtin FindBuiltin(std::string_view name, bool receiver, int argc);

}  // namespace okno::cel::internal
