#pragma once

// Type rules of the checker: what each builtin accepts and returns, and how types join.

#include <string>
#include <vector>

#include "cel/internal/ir.h"
#include "cel/types.h"
#include "cel/value.h"

namespace okno::cel::internal {

struct Typing {
  CelType type;
  std::string error;  // empty when the call type-checks
};

// The result type of `builtin` (spelled `function` in the source) applied to `args`, or an
// error naming the function and the argument types. Dyn arguments are accepted wherever some
// overload could take them; the check then happens when the rule runs.
Typing TypeOfCall(Builtin builtin, const std::string& function, const std::vector<CelType>& args);

// The type of a constant.
CelType TypeOfValue(const Value& value);

// The common type of two types: the type itself when they agree, else dyn.
CelType Join(const CelType& a, const CelType& b);

// Whether values of the two types may be compared with == (numbers with numbers, a type with
// itself, anything with dyn or null).
bool Comparable(const CelType& a, const CelType& b);

}  // namespace okno::cel::internal
