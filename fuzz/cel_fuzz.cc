// Fuzzes the CEL engine end to end: the input is an expression, parsed, checked against an
// environment like the catalog's (records and dyn variables), compiled and evaluated with
// facts bound and some unknown, in checked and unchecked mode. Nothing may crash, hang or
// leak, whatever the input; the evaluation cost limit keeps runaway comprehensions short.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cel/program.h"

namespace {

using okno::cel::CelType;
using okno::cel::Value;
using K = CelType::Kind;

const okno::cel::Environment& FuzzEnvironment() {
  static const okno::cel::Environment environment = [] {
    okno::cel::Environment env;
    env.AddRecord("person", {{"age", CelType::Of(K::kInt)},
                             {"id", CelType::Of(K::kString)},
                             {"income", CelType::Of(K::kDouble)},
                             {"documents", CelType::List(CelType::Of(K::kString))}});
    env.AddRecord("household", {{"members", CelType::List(CelType::Record("person"))},
                                {"housing", CelType::Of(K::kString)}});
    env.AddVariable("person", CelType::Record("person"));
    env.AddVariable("household", CelType::Record("household"));
    for (const char* name : {"x", "y", "s", "l", "m", "b", "t"}) {
      env.AddVariable(name, CelType::Dyn());
    }
    return env;
  }();
  return environment;
}

void Bind(okno::cel::Activation& activation) {
  activation.Set("person.age", Value::Int(30));
  activation.Set("person.id", Value::String("anna"));
  activation.Set("person.documents", Value::List({Value::String("passport")}));
  activation.Set("household.members",
                 Value::List({Value::Map({{Value::String("age"), Value::Int(1)}})}));
  activation.Set("x", Value::Int(3));
  activation.Set("y", Value::Double(2.5));
  activation.Set("s", Value::String("окно"));
  activation.Set("l", Value::List({Value::Int(1), Value::Int(2), Value::Int(3)}));
  activation.Set(
      "m", Value::Map({{Value::String("a"), Value::Int(1)}, {Value::Int(2), Value::String("b")}}));
  activation.Set("b", Value::Bytes("\x00\xff"));
  activation.Set("t", Value::Timestamp(1'700'000'000, 0));
  (void)activation.SetUnknown("l[1]");
  (void)activation.SetUnknown("m.a");
}

std::string Describe(const Value& value) {
  std::string text = value.DebugString();
  if (value.is(okno::cel::Kind::kError)) text += " at " + std::to_string(value.error_offset());
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view expression(reinterpret_cast<const char*>(data), size);
  for (bool check : {true, false}) {
    okno::cel::CompileOptions options;
    options.check = check;
    options.max_expression_length = 4096;
    okno::cel::CompileResult compiled = okno::cel::Compile(expression, FuzzEnvironment(), options);
    if (!compiled.program) continue;
    okno::cel::Activation activation(*compiled.program);
    Bind(activation);
    okno::cel::EvalOptions eval_options;
    eval_options.max_iterations = 10'000;
    Value result = compiled.program->Evaluate(activation, eval_options);
    // Differential: the fast path must give exactly what the general evaluator gives.
    eval_options.use_fast_path = false;
    Value general = compiled.program->Evaluate(activation, eval_options);
    if (Describe(result) != Describe(general)) {
      std::fprintf(stderr, "fast path %s, general %s\n", Describe(result).c_str(),
                   Describe(general).c_str());
      std::abort();
    }
  }
  return 0;
}
