// Turns a parsed expression into a Program: resolves names against the environment (variables,
// record fields collapsed into attribute slots, comprehension variables, type names), resolves
// functions to builtins, and lays the nodes out in one array.

#include <algorithm>
#include <unordered_map>

#include "cel/internal/checker.h"
#include "cel/internal/fast_path.h"
#include "cel/internal/ir.h"
#include "cel/internal/row_ops.h"
#include "cel/parser.h"
#include "cel/program.h"
#include "cel/unparser.h"

namespace okno::cel {

using internal::Builtin;
using internal::Node;
using internal::Op;
using internal::ProgramImpl;

void Environment::AddVariable(std::string name, CelType type) {
  variables_[std::move(name)] = std::move(type);
}

void Environment::AddRecord(std::string name, std::map<std::string, CelType> fields) {
  records_[std::move(name)] = std::move(fields);
}

const CelType* Environment::FindVariable(std::string_view name) const {
  auto it = variables_.find(name);
  return it == variables_.end() ? nullptr : &it->second;
}

const std::map<std::string, CelType>* Environment::FindRecord(std::string_view name) const {
  auto it = records_.find(name);
  return it == records_.end() ? nullptr : &it->second;
}

Program::Program(std::string text)
    : impl_(std::make_unique<ProgramImpl>()), source_(std::move(text)) {}
Program::~Program() = default;

const std::vector<std::string>& Program::attributes() const { return impl_->attributes; }

const std::vector<Program::AttributeSteps>& Program::attribute_steps() const {
  return impl_->attribute_steps;
}

const CelType& Program::result_type() const { return impl_->result_type; }

int Program::SlotOf(std::string_view path) const {
  const auto& paths = impl_->attributes;
  auto it = std::find(paths.begin(), paths.end(), path);
  return it == paths.end() ? -1 : static_cast<int>(it - paths.begin());
}

Activation::Activation(const Program& program)
    : program_(&program), slots_(internal::ProgramAccess::Impl(program).unknown_slots) {}

bool Activation::Set(std::string_view path, Value value) {
  int slot = program_->SlotOf(path);
  if (slot < 0) return false;
  slots_[slot] = std::move(value);
  return true;
}

namespace {

// The names CEL gives its types, usable as values (`type(x) == int`).
bool IsTypeName(std::string_view name) {
  static constexpr const char* kTypes[] = {"bool",
                                           "int",
                                           "uint",
                                           "double",
                                           "string",
                                           "bytes",
                                           "list",
                                           "map",
                                           "type",
                                           "null_type",
                                           "google.protobuf.Timestamp",
                                           "google.protobuf.Duration"};
  return std::find(std::begin(kTypes), std::end(kTypes), name) != std::end(kTypes);
}

struct CompileFailure {
  int32_t offset;
  std::string message;
};

class Compiler {
 public:
  Compiler(const Environment& environment, const CompileOptions& options, Program& program)
      : environment_(environment),
        options_(options),
        program_(program),
        impl_(internal::ProgramAccess::Impl(program)) {}

  void Run(const Expr& root) {
    impl_.root = Emit(root);
    impl_.result_type = TypeOf(impl_.root);
  }

 private:
  [[noreturn]] void Fail(int32_t offset, std::string message) {
    throw CompileFailure{offset, std::move(message)};
  }

  int32_t Add(Node node, const std::vector<int32_t>& args, CelType type) {
    node.first_arg = static_cast<int32_t>(impl_.args.size());
    node.argc = static_cast<uint8_t>(args.size());
    impl_.args.insert(impl_.args.end(), args.begin(), args.end());
    impl_.nodes.push_back(node);
    types_.push_back(options_.check ? std::move(type) : CelType::Dyn());
    return static_cast<int32_t>(impl_.nodes.size() - 1);
  }

  const CelType& TypeOf(int32_t node) const { return types_[node]; }

  // In check mode, a type error is a compile error at `offset`.
  void Require(bool ok, int32_t offset, const std::string& message) {
    if (options_.check && !ok) Fail(offset, message);
  }

  // The type of selecting `field` from a value of `type`.
  CelType FieldTypeOf(const CelType& type, const std::string& field, int32_t offset) {
    if (type.is(CelType::Kind::kRecord)) {
      const auto* fields = environment_.FindRecord(type.record);
      if (fields == nullptr) return CelType::Dyn();
      auto it = fields->find(field);
      Require(it != fields->end(), offset,
              "record type '" + type.record + "' has no field '" + field + "'");
      return it == fields->end() ? CelType::Dyn() : it->second;
    }
    if (type.is(CelType::Kind::kMap)) {
      Require(internal::Comparable(type.Param(0), CelType::Of(CelType::Kind::kString)), offset,
              "cannot select field '" + field + "' from " + type.Name());
      return type.Param(1);
    }
    Require(type.IsDyn(), offset, "type '" + type.Name() + "' has no field '" + field + "'");
    return CelType::Dyn();
  }

  void RequireBool(int32_t node, int32_t offset, const char* what) {
    const CelType& type = TypeOf(node);
    Require(type.IsDyn() || type.is(CelType::Kind::kBool), offset,
            std::string(what) + " needs a bool, not " + type.Name());
  }

  Node NewNode(Op op, const Expr& expr) {
    Node node;
    node.op = op;
    node.offset = expr.offset;
    node.expr_id = expr.id;
    return node;
  }

  int32_t Constant(const Expr& expr, Value value) {
    CelType type = internal::TypeOfValue(value);
    return AddConstant(expr, std::move(value), std::move(type));
  }

  // A select or has() node looks its field up with a key value made here, once.
  void SetField(Node& node, const std::string& name) {
    node.index = NameIndex(name);
    node.aux = static_cast<int32_t>(impl_.constants.size());
    impl_.constants.push_back(Value::String(name));
  }

  // A list or map literal of constants is built once, here, rather than at every evaluation
  // (`person.disability_group in ['1', '2', 'child']`). Not when building it fails: the error
  // then arises when the rule runs, in its place.
  bool FoldLiteral(const std::vector<int32_t>& parts, bool map, Value& out) {
    std::vector<Value> values;
    for (int32_t part : parts) {
      const Node& node = impl_.nodes[part];
      if (node.op != Op::kConstant || impl_.constants[node.index].IsErrorOrUnknown()) {
        return false;
      }
      values.push_back(impl_.constants[node.index]);
    }
    out = map ? internal::BuildMap(std::move(values)) : internal::BuildList(std::move(values));
    return !out.IsErrorOrUnknown();
  }

  int32_t AddConstant(const Expr& expr, Value value, CelType type) {
    Node node = NewNode(Op::kConstant, expr);
    node.index = static_cast<int32_t>(impl_.constants.size());
    impl_.constants.push_back(std::move(value));
    return Add(node, {}, std::move(type));
  }

  int32_t NameIndex(const std::string& name) {
    auto it = std::find(impl_.names.begin(), impl_.names.end(), name);
    if (it != impl_.names.end()) return static_cast<int32_t>(it - impl_.names.begin());
    impl_.names.push_back(name);
    return static_cast<int32_t>(impl_.names.size() - 1);
  }

  int32_t Slot(const std::string& path) {
    int slot = program_.SlotOf(path);
    if (slot >= 0) return slot;
    impl_.attributes.push_back(path);
    return static_cast<int32_t>(impl_.attributes.size() - 1);
  }

  std::vector<int32_t> EmitAll(const std::vector<std::unique_ptr<Expr>>& exprs, size_t from = 0) {
    std::vector<int32_t> out;
    for (size_t i = from; i < exprs.size(); ++i) out.push_back(Emit(*exprs[i]));
    return out;
  }

  // The dotted name an ident or a chain of selects spells ("a.b.c"), or empty.
  static std::string QualifiedName(const Expr& expr) {
    if (expr.kind == ExprKind::kIdent) return expr.name;
    if (expr.kind == ExprKind::kSelect && !expr.test_only) {
      std::string prefix = QualifiedName(*expr.args[0]);
      if (!prefix.empty()) return prefix + "." + expr.name;
    }
    return "";
  }

  struct Local {
    std::string name;
    int32_t index;
    CelType type;
  };

  const Local* FindLocal(const std::string& name) const {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }

  // Candidate full names of `name` in the container, most specific first.
  std::vector<std::string> Candidates(const std::string& name) const {
    if (name.starts_with(".")) return {name.substr(1)};
    std::vector<std::string> out;
    std::string container = environment_.container();
    while (!container.empty()) {
      out.push_back(container + "." + name);
      size_t dot = container.rfind('.');
      container = dot == std::string::npos ? "" : container.substr(0, dot);
    }
    out.push_back(name);
    return out;
  }

  // One segment of a dotted name: its text and the node that spells it (the ident for the
  // first segment, the select for the others).
  struct Segment {
    std::string name;
    const Expr* expr;
  };

  // Collects an ident or a chain of selects into segments, first segment first. False when
  // `expr` is not such a chain (it indexes, calls, or tests presence on the way).
  static bool CollectChain(const Expr& expr, std::vector<Segment>& segments) {
    if (expr.kind == ExprKind::kIdent) {
      segments.push_back({expr.name, &expr});
      return true;
    }
    if (expr.kind != ExprKind::kSelect || expr.test_only) return false;
    if (!CollectChain(*expr.args[0], segments)) return false;
    segments.push_back({expr.name, &expr});
    return true;
  }

  // Resolves a dotted name into a slot load: the longest prefix that is a declared variable
  // (CEL resolves "a.b.c" to variable "a.b" before variable "a"), then the fields its record
  // type declares, collapsed into the slot's path; the remaining segments are selected when
  // the rule runs. With `has_last`, the last segment is a presence test. Returns -1 when the
  // name is not a variable.
  int32_t EmitNameChain(const std::vector<Segment>& segments, bool has_last) {
    const std::string& first = segments[0].name;
    if (!first.starts_with(".") && FindLocal(first) != nullptr) return -1;
    for (size_t used = segments.size() - (has_last ? 1 : 0); used >= 1; --used) {
      std::string prefix;
      for (size_t i = 0; i < used; ++i) prefix += (i ? "." : "") + segments[i].name;
      for (const std::string& candidate : Candidates(prefix)) {
        const CelType* type = environment_.FindVariable(candidate);
        if (type == nullptr) continue;
        std::string path = candidate;
        CelType current = *type;
        size_t next = used;
        while (next < segments.size() && current.kind == CelType::Kind::kRecord) {
          const auto* fields = environment_.FindRecord(current.record);
          if (fields == nullptr) break;
          auto field = fields->find(segments[next].name);
          if (field == fields->end()) {
            Fail(segments[next].expr->offset,
                 "record type '" + current.record + "' has no field '" + segments[next].name + "'");
          }
          path += "." + segments[next].name;
          current = field->second;
          ++next;
        }
        bool has_slot = has_last && next == segments.size();
        Node load = NewNode(has_slot ? Op::kHasSlot : Op::kSlot, *segments[next - 1].expr);
        load.index = Slot(path);
        int32_t node = Add(load, {}, has_slot ? CelType::Of(CelType::Kind::kBool) : current);
        for (; next < segments.size(); ++next) {
          bool presence = has_last && next == segments.size() - 1;
          Node field = NewNode(presence ? Op::kHas : Op::kSelect, *segments[next].expr);
          SetField(field, segments[next].name);
          CelType type =
              FieldTypeOf(TypeOf(node), segments[next].name, segments[next].expr->offset);
          node = Add(field, {node}, presence ? CelType::Of(CelType::Kind::kBool) : type);
        }
        return node;
      }
    }
    return -1;
  }

  int32_t EmitName(const Expr& expr) {
    std::vector<Segment> segments;
    if (!CollectChain(expr, segments)) return -1;
    return EmitNameChain(segments, false);
  }

  int32_t Emit(const Expr& expr) {
    switch (expr.kind) {
      case ExprKind::kConstant:
        return Constant(expr, expr.constant);
      case ExprKind::kIdent: {
        if (const Local* local = FindLocal(expr.name)) {
          Node node = NewNode(Op::kLocal, expr);
          node.index = local->index;
          return Add(node, {}, local->type);
        }
        int32_t name = EmitName(expr);
        if (name >= 0) return name;
        std::string type_name = expr.name.starts_with(".") ? expr.name.substr(1) : expr.name;
        if (IsTypeName(type_name)) return Constant(expr, Value::Type(type_name));
        return Unresolved(expr, "undeclared reference to '" + expr.name + "'");
      }
      case ExprKind::kSelect: {
        if (expr.test_only) return EmitHas(expr);
        int32_t name = EmitName(expr);
        if (name >= 0) return name;
        std::string qualified = QualifiedName(expr);
        if (IsTypeName(qualified) &&
            FindLocal(qualified.substr(0, qualified.find('.'))) == nullptr) {
          return Constant(expr, Value::Type(qualified));
        }
        Node node = NewNode(Op::kSelect, expr);
        SetField(node, expr.name);
        int32_t operand = Emit(*expr.args[0]);
        return Add(node, {operand}, FieldTypeOf(TypeOf(operand), expr.name, expr.offset));
      }
      case ExprKind::kList: {
        std::vector<int32_t> elements = EmitAll(expr.args);
        CelType element = elements.empty() ? CelType::Dyn() : TypeOf(elements[0]);
        for (int32_t e : elements) element = internal::Join(element, TypeOf(e));
        if (Value folded; FoldLiteral(elements, false, folded)) {
          return AddConstant(expr, std::move(folded), CelType::List(element));
        }
        return Add(NewNode(Op::kList, expr), elements, CelType::List(element));
      }
      case ExprKind::kMap: {
        std::vector<int32_t> parts = EmitAll(expr.args);
        CelType key = parts.empty() ? CelType::Dyn() : TypeOf(parts[0]);
        CelType value = parts.empty() ? CelType::Dyn() : TypeOf(parts[1]);
        for (size_t i = 0; i + 1 < parts.size(); i += 2) {
          const CelType& k = TypeOf(parts[i]);
          Require(k.IsDyn() || k.is(CelType::Kind::kBool) || k.is(CelType::Kind::kInt) ||
                      k.is(CelType::Kind::kUint) || k.is(CelType::Kind::kString),
                  expr.args[i]->offset, "a map key cannot be of type " + k.Name());
          key = internal::Join(key, k);
          value = internal::Join(value, TypeOf(parts[i + 1]));
        }
        if (Value folded; FoldLiteral(parts, true, folded)) {
          return AddConstant(expr, std::move(folded), CelType::Map(key, value));
        }
        return Add(NewNode(Op::kMap, expr), parts, CelType::Map(key, value));
      }
      case ExprKind::kStruct:
        Fail(expr.offset,
             "message '" + expr.name + "' cannot be built: no protobuf message types are declared");
      case ExprKind::kComprehension:
        return EmitComprehension(expr);
      case ExprKind::kCall:
        return EmitCall(expr);
    }
    Fail(expr.offset, "unsupported expression");
  }

 public:
  CelType RootType() const { return TypeOf(impl_.root); }

 private:
  int32_t EmitHas(const Expr& expr) {
    const Expr& operand = *expr.args[0];
    std::vector<Segment> segments;
    if (CollectChain(operand, segments)) {
      segments.push_back({expr.name, &expr});
      int32_t resolved = EmitNameChain(segments, true);
      if (resolved >= 0) return resolved;
    }
    Node node = NewNode(Op::kHas, expr);
    SetField(node, expr.name);
    int32_t operand_node = Emit(operand);
    FieldTypeOf(TypeOf(operand_node), expr.name, expr.offset);
    return Add(node, {operand_node}, CelType::Of(CelType::Kind::kBool));
  }

  int32_t EmitComprehension(const Expr& expr) {
    int32_t range = Emit(*expr.args[kComprehensionRange]);
    const CelType& range_type = TypeOf(range);
    Require(range_type.IsDyn() || range_type.is(CelType::Kind::kList) ||
                range_type.is(CelType::Kind::kMap),
            expr.args[kComprehensionRange]->offset,
            (expr.macro.empty() ? std::string("a comprehension") : expr.macro + "()") +
                " needs a list or a map, not " + range_type.Name());
    CelType element = range_type.Param(0);  // a list's element or a map's key
    int32_t init = Emit(*expr.args[kComprehensionInit]);
    int32_t accu = impl_.local_count++;
    int32_t iter = impl_.local_count++;
    CelType accu_type = TypeOf(init);
    locals_.push_back({expr.accu_var, accu, accu_type});
    locals_.push_back({expr.iter_var, iter, element});
    int32_t condition = Emit(*expr.args[kComprehensionCondition]);
    int32_t step = Emit(*expr.args[kComprehensionStep]);
    locals_.pop_back();  // the result sees the accumulator, not the element
    // An empty list as the start (map, filter) takes its element type from the step.
    if (accu_type.is(CelType::Kind::kList) && accu_type.Param(0).IsDyn()) {
      locals_.back().type = TypeOf(step);
    }
    int32_t result = Emit(*expr.args[kComprehensionResult]);
    locals_.pop_back();
    Node node = NewNode(Op::kComprehension, expr);
    node.index = iter;
    node.aux = accu;
    return Add(node, {range, init, condition, step, result}, TypeOf(result));
  }

  int32_t EmitCall(const Expr& expr) {
    const std::string& name = expr.name;
    auto logical = [&](Op op, const char* what) {
      std::vector<int32_t> args = EmitAll(expr.args);
      for (size_t i = 0; i < args.size(); ++i) RequireBool(args[i], expr.args[i]->offset, what);
      return Add(NewNode(op, expr), args, CelType::Of(CelType::Kind::kBool));
    };
    if (!expr.has_target) {
      if (name == op::kAnd) return logical(Op::kAnd, "'&&'");
      if (name == op::kOr) return logical(Op::kOr, "'||'");
      if (name == op::kNot) return logical(Op::kNot, "'!'");
      if (name == op::kNotStrictlyFalse) {
        return Add(NewNode(Op::kNotStrictlyFalse, expr), EmitAll(expr.args),
                   CelType::Of(CelType::Kind::kBool));
      }
      if (name == op::kConditional) {
        std::vector<int32_t> args = EmitAll(expr.args);
        RequireBool(args[0], expr.args[0]->offset, "the condition of '?:'");
        return Add(NewNode(Op::kConditional, expr), args,
                   internal::Join(TypeOf(args[1]), TypeOf(args[2])));
      }
    }
    int argc = static_cast<int>(expr.args.size()) - (expr.has_target ? 1 : 0);
    std::string function = name.starts_with(".") ? name.substr(1) : name;
    Builtin builtin = internal::FindBuiltin(function, expr.has_target, argc);
    if (builtin == Builtin::kNone) {
      // Arguments are still compiled, so their own mistakes are reported.
      EmitAll(expr.args);
      return Unresolved(expr, "undeclared reference to function '" + function + "' with " +
                                  std::to_string(argc) + " argument" + (argc == 1 ? "" : "s"));
    }
    Node node = NewNode(Op::kCall, expr);
    node.builtin = builtin;
    std::vector<int32_t> args = EmitAll(expr.args);
    CelType type = CelType::Dyn();
    if (options_.check) {
      std::vector<CelType> arg_types;
      for (int32_t arg : args) arg_types.push_back(TypeOf(arg));
      internal::Typing typing = internal::TypeOfCall(builtin, DisplayName(function), arg_types);
      if (!typing.error.empty()) Fail(expr.offset, typing.error);
      type = std::move(typing.type);
    }
    return Add(node, args, std::move(type));
  }

  // In unchecked mode, what would be a compile error becomes a constant error value.
  // (Its type is dyn.)
  int32_t Unresolved(const Expr& expr, std::string message) {
    if (options_.check) Fail(expr.offset, std::move(message));
    return Constant(expr, Value::Error(std::move(message)));
  }

  const Environment& environment_;
  const CompileOptions& options_;
  Program& program_;
  ProgramImpl& impl_;
  std::vector<CelType> types_;  // per node
  std::vector<Local> locals_;
};

void IndexExprs(const Expr& expr, std::vector<const Expr*>& by_id) {
  by_id[expr.id] = &expr;
  for (const auto& arg : expr.args) IndexExprs(*arg, by_id);
}

}  // namespace

CompileResult Compile(std::string_view expression, const Environment& environment,
                      const CompileOptions& options) {
  CompileResult result;
  std::shared_ptr<Program> program = internal::ProgramAccess::New(std::string(expression));
  ParseOptions parse_options;
  parse_options.max_length = options.max_expression_length;
  parse_options.max_depth = options.max_nesting_depth;
  parse_options.enable_macros = options.enable_macros;
  ParseResult parsed = Parse(program->source(), parse_options);
  if (!parsed.errors.empty()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  try {
    Compiler compiler(environment, options, *program);
    compiler.Run(*parsed.root);
  } catch (const CompileFailure& failure) {
    result.errors.push_back(program->source().MakeDiagnostic(failure.offset, failure.message));
    return result;
  }
  // Keep the parse tree: explanations quote the rule's own sub-expressions.
  internal::ProgramImpl& impl = internal::ProgramAccess::Impl(*program);
  impl.exprs.assign(parsed.next_id, nullptr);
  IndexExprs(*parsed.root, impl.exprs);
  for (const std::string& path : impl.attributes) {
    impl.unknown_slots.push_back(Value::Unknown({path}));
    Program::AttributeSteps steps;
    size_t dot = path.find('.');
    steps.variable = path.substr(0, dot);
    while (dot != std::string::npos) {
      size_t next = path.find('.', dot + 1);
      steps.fields.push_back(Value::String(path.substr(dot + 1, next - dot - 1)));
      dot = next;
    }
    impl.attribute_steps.push_back(std::move(steps));
  }
  impl.texts.resize(impl.exprs.size());
  for (size_t id = 0; id < impl.exprs.size(); ++id) {
    if (impl.exprs[id] != nullptr) impl.texts[id] = Unparse(*impl.exprs[id]);
  }
  impl.ast = std::move(parsed.root);
  impl.fast = internal::BuildFastProgram(impl);
  internal::FindCacheableComprehensions(impl);
  result.program = std::move(program);
  return result;
}

}  // namespace okno::cel
