#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cel/source.h"
#include "cel/types.h"
#include "cel/value.h"
#include "common/status.h"

namespace okno::cel {
namespace internal {
struct ProgramImpl;
struct ProgramAccess;
}  // namespace internal

// What a rule may read: variables and the record types their fields are declared by
// (`household`, `person`, `region` in the catalog). Selecting a field a record does not declare
// is a compile error with its position.
class Environment {
 public:
  // Declares variable `name` (it may be qualified: "x.y") of `type`.
  void AddVariable(std::string name, CelType type);
  // Declares record type `name` with its fields.
  void AddRecord(std::string name, std::map<std::string, CelType> fields);
  // Names are resolved in `container` first ("a.b" tries a.b.x, a.x, then x), as CEL does.
  void set_container(std::string container) { container_ = std::move(container); }

  const CelType* FindVariable(std::string_view name) const;
  const std::map<std::string, CelType>* FindRecord(std::string_view name) const;
  const std::string& container() const { return container_; }

 private:
  std::map<std::string, CelType, std::less<>> variables_;
  std::map<std::string, std::map<std::string, CelType>, std::less<>> records_;
  std::string container_;
};

struct CompileOptions {
  // Reject names and functions the environment does not declare. When false (CEL's unchecked
  // mode), they compile and evaluate to an error instead, which && and || may still absorb.
  bool check = true;
  size_t max_expression_length = 100'000;
  int max_nesting_depth = 250;
  bool enable_macros = true;
};

struct EvalOptions {
  // Most comprehension iterations (all/exists/map/filter steps) one evaluation may take; past
  // it evaluation stops with an error.
  int64_t max_iterations = 1'000'000;
  // Evaluate the common parts of a rule through their specialised fast form. Off, everything
  // goes through the general evaluator: the same results, slower (for differential tests).
  bool use_fast_path = true;
};

class Program;

// The facts one evaluation reads: one value per attribute slot of the program. A slot that
// is never set holds an unknown standing for its path, so an absent fact is unknown, not false.
// The values of comprehensions that read only facts several evaluations share: a household's
// `members.exists(...)` in a member's service, evaluated again for each member with the same
// household. Also the value of a comprehension's predicate for each element: the household of
// a changed answer has new members' list but the same unchanged members, whose predicates are
// not evaluated again. Keyed by the program, the node and the very values it reads (which the
// cache holds, so they cannot be freed and their addresses reused). Give one to the
// activations of evaluations over the same facts, or over facts that share most of their
// values; never to explanations. One thread at a time.
class EvalCache {
 public:
  EvalCache();
  ~EvalCache();
  EvalCache(const EvalCache&) = delete;
  EvalCache& operator=(const EvalCache&) = delete;

  // The evaluator's: the value kept for `node` of `program` over `inputs`, or null; and
  // keeping one (the kept value stays where it is for the cache's life).
  const Value* Find(const void* program, int32_t node, std::span<const Value> inputs) const;
  const Value& Keep(const void* program, int32_t node, std::vector<Value> inputs, Value value);

  // Values kept after Mark() last only until the next Rewind(): for evaluations over facts
  // tried once (an answer to a question), beside those over facts that stay.
  void Mark();
  void Rewind();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Activation {
 public:
  explicit Activation(const Program& program);

  // Comprehension values shared with other evaluations over the same facts; null: none.
  void set_cache(EvalCache* cache) { cache_ = cache; }
  EvalCache* cache() const { return cache_; }

  // Sets the fact at `path` ("household.income_per_capita", or a variable's name). Returns
  // false when the program does not read that path (nothing to do).
  bool Set(std::string_view path, Value value);
  void SetSlot(int slot, Value value) { slots_[slot] = std::move(value); }
  // Marks the fact at `path` unknown: a slot's path ("household.housing"), or a path inside a
  // slot's value, with fields and indices ("x.y", "members[0].income", "m[\"k\"]"); the value
  // there is replaced (or added) by an unknown naming `path`. InvalidArgument for a path that
  // does not parse or that leads through something that is neither a map nor a list; ok and
  // nothing changed when no slot of the program lies on the path.
  Status SetUnknown(std::string_view path);
  const Value& slot(int index) const { return slots_[index]; }

 private:
  const Program* program_;
  std::vector<Value> slots_;
  EvalCache* cache_ = nullptr;
};

struct CompileResult;

// One sub-expression that decided a boolean result, with the values it saw: for
// `household.income_per_capita < region.subsistence_minimum` that came out false, the text,
// false, the function "<" and both operands with their values. The planner renders these in
// Russian or English; ToString() is a plain rendering for logs and tests.
struct Reason {
  struct Operand {
    std::string text;  // the operand as CEL source
    Value value;
    bool literal = false;  // a constant written in the rule: its text already says its value
  };
  std::string text;      // the whole sub-expression as CEL source
  Value value;           // what it came to: true, false, an unknown or an error
  std::string function;  // "<", "in", "has", "exists", a function's name; empty for a fact
  std::vector<Operand> operands;

  // "household.income_per_capita = 23400 < region.subsistence_minimum = 20644: false".
  std::string ToString() const;
};

// A compiled expression: immutable, safe to evaluate from many threads at once.
class Program {
 public:
  // The attribute paths the program reads, one per slot, in slot order: what a caller must
  // provide, and the facts that can matter to the result.
  const std::vector<std::string>& attributes() const;
  // The same paths split at the dots: the variable's name, then each field's name as a string
  // value, ready for Value::MapFind without building a key per lookup.
  struct AttributeSteps {
    std::string variable;
    std::vector<Value> fields;
  };
  const std::vector<AttributeSteps>& attribute_steps() const;
  // The slot of `path`, or -1 when the program does not read it.
  int SlotOf(std::string_view path) const;
  // The type the checker gave the whole expression (dyn when it could not tell or did not check).
  const CelType& result_type() const;

  // Evaluates against `activation`. The result may be an error value (division by zero, a
  // missing key, the cost limit) or an unknown naming the absent facts it depended on.
  Value Evaluate(const Activation& activation, const EvalOptions& options = {}) const;

  // Evaluates as Evaluate does, and appends to `reasons` the sub-expressions that decided the
  // result, outermost logic first: for a false `a && b`, the false side(s); for a true one,
  // both; for an unknown one, the unknown side(s); through !, ?: and nested && and || down to
  // comparisons, calls, has(), macros and bare facts. Slower than Evaluate: it keeps every
  // intermediate value.
  Value Explain(const Activation& activation, std::vector<Reason>& reasons,
                const EvalOptions& options = {}) const;

  const Source& source() const { return source_; }
  ~Program();

 private:
  friend struct internal::ProgramAccess;
  explicit Program(std::string text);

  std::unique_ptr<internal::ProgramImpl> impl_;
  Source source_;
};

struct CompileResult {
  std::shared_ptr<const Program> program;  // null when errors is not empty
  std::vector<Diagnostic> errors;
};

// Parses, resolves and compiles `expression` against `environment`.
CompileResult Compile(std::string_view expression, const Environment& environment,
                      const CompileOptions& options = {});

}  // namespace okno::cel
