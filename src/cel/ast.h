#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cel/value.h"

namespace okno::cel {

// The node kinds of a parsed CEL expression, after macro expansion (has() becomes a test-only
// select; all, exists, exists_one, map and filter become comprehensions), as in CEL's own AST.
enum class ExprKind : uint8_t {
  kConstant,       // constant
  kIdent,          // name
  kSelect,         // args[0].name, or has(args[0].name) when test_only
  kCall,           // name(args...), or args[0].name(args[1...]) when has_target
  kList,           // [args...]
  kMap,            // {args[0]: args[1], args[2]: args[3], ...}
  kStruct,         // name{field_names[i]: args[i], ...}
  kComprehension,  // see the Comprehension* constants below
};

// The operands of a comprehension, in args.
inline constexpr int kComprehensionRange = 0;
inline constexpr int kComprehensionInit = 1;
inline constexpr int kComprehensionCondition = 2;
inline constexpr int kComprehensionStep = 3;
inline constexpr int kComprehensionResult = 4;

// The accumulator's name in expanded macros; `@` keeps it out of the user's namespace.
inline constexpr const char* kAccumulatorName = "@result";

struct Expr {
  ExprKind kind = ExprKind::kConstant;
  int32_t id = 0;      // unique within one parse, in creation order
  int32_t offset = 0;  // byte offset of the node's first character in the source
  Value constant;
  std::string name;
  bool test_only = false;
  bool has_target = false;
  std::vector<std::unique_ptr<Expr>> args;
  std::vector<std::string> field_names;  // kStruct
  std::string iter_var;                  // kComprehension
  std::string accu_var;                  // kComprehension
  // For a comprehension expanded from a macro: the macro's name ("exists"), for explanations.
  std::string macro;
};

// Function names of CEL's operators, as the spec and the type checker name them.
namespace op {
inline constexpr const char* kConditional = "_?_:_";
inline constexpr const char* kAnd = "_&&_";
inline constexpr const char* kOr = "_||_";
inline constexpr const char* kNot = "!_";
inline constexpr const char* kNegate = "-_";
inline constexpr const char* kEqual = "_==_";
inline constexpr const char* kNotEqual = "_!=_";
inline constexpr const char* kLess = "_<_";
inline constexpr const char* kLessEqual = "_<=_";
inline constexpr const char* kGreater = "_>_";
inline constexpr const char* kGreaterEqual = "_>=_";
inline constexpr const char* kIn = "@in";
inline constexpr const char* kAdd = "_+_";
inline constexpr const char* kSubtract = "_-_";
inline constexpr const char* kMultiply = "_*_";
inline constexpr const char* kDivide = "_/_";
inline constexpr const char* kModulo = "_%_";
inline constexpr const char* kIndex = "_[_]";
// Internal: true unless the argument is false; keeps all() and exists() iterating past errors.
inline constexpr const char* kNotStrictlyFalse = "@not_strictly_false";
}  // namespace op

}  // namespace okno::cel
