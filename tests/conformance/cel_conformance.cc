// Runs CEL's official conformance tests (../shared/cel-spec, JSON form) and Okno's own file of
// unknown-value cases through the engine, one runner for both. Prints every failure and every
// skip with its reason, a line per file, and `N passed, M failed, K skipped` last. Exits 1 when
// a test fails that the known-failures file does not list, or when a listed test passes.
//
// A test is skipped only mechanically, when it needs protobuf messages, which Okno's CEL has
// none of: its bindings, expected value or declarations hold an object_value, an @type, a
// message type or a wrapper type.

#include <sodium.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cel/parser.h"
#include "cel/program.h"
#include "support/shared_data.h"

namespace okno::cel {
namespace {

using nlohmann::json;

// The files of ../shared/cel-spec/README.md that apply to an engine without protobuf
// messages and extensions.
const char* const kApplicableFiles[] = {
    "basic", "comparisons", "conversions", "fields",   "fp_math",    "integer_math", "lists",
    "logic", "macros",      "string",      "plumbing", "timestamps", "parse",        "namespace"};

bool NeedsMessages(const json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "object_value" || key == "@type" || key == "message_type" || key == "wrapper") {
        return true;
      }
      if (NeedsMessages(value)) return true;
    }
  } else if (node.is_array()) {
    for (const json& item : node) {
      if (NeedsMessages(item)) return true;
    }
  }
  return false;
}

// The name of a protobuf message the expression builds (`TestAllTypes{...}`), or empty.
std::string FindStruct(const Expr& expr) {
  if (expr.kind == ExprKind::kStruct) return expr.name;
  for (const auto& arg : expr.args) {
    std::string found = FindStruct(*arg);
    if (!found.empty()) return found;
  }
  return "";
}

std::string BuiltMessage(const std::string& expression) {
  Source source(expression);
  ParseResult parsed = Parse(source);
  return parsed.root ? FindStruct(*parsed.root) : "";
}

// A conformance declaration's type (cel.expr.Type, JSON form) as a checker type.
CelType TypeFromJson(const json& type) {
  using K = CelType::Kind;
  if (type.contains("primitive")) {
    std::string name = type["primitive"].get<std::string>();
    if (name == "BOOL") return CelType::Of(K::kBool);
    if (name == "INT64") return CelType::Of(K::kInt);
    if (name == "UINT64") return CelType::Of(K::kUint);
    if (name == "DOUBLE") return CelType::Of(K::kDouble);
    if (name == "STRING") return CelType::Of(K::kString);
    if (name == "BYTES") return CelType::Of(K::kBytes);
  }
  if (type.contains("list_type")) {
    return CelType::List(TypeFromJson(type["list_type"].value("elem_type", json::object())));
  }
  if (type.contains("map_type")) {
    return CelType::Map(TypeFromJson(type["map_type"].value("key_type", json::object())),
                        TypeFromJson(type["map_type"].value("value_type", json::object())));
  }
  if (type.contains("null")) return CelType::Of(K::kNull);
  if (type.contains("well_known")) {
    std::string name = type["well_known"].get<std::string>();
    if (name == "TIMESTAMP") return CelType::Of(K::kTimestamp);
    if (name == "DURATION") return CelType::Of(K::kDuration);
  }
  return CelType::Dyn();
}

std::string DecodeBase64(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.c_str(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw std::runtime_error("bad base64 '" + text + "'");
  }
  out.resize(length);
  return out;
}

double ParseDouble(const json& value) {
  if (value.is_number()) return value.get<double>();
  std::string text = value.get<std::string>();
  if (text == "NaN") return std::nan("");
  if (text == "Infinity") return INFINITY;
  if (text == "-Infinity") return -INFINITY;
  return std::stod(text);
}

// A conformance Value message (protobuf JSON mapping) as an engine value.
Value FromJson(const json& v) {
  if (v.contains("null_value")) return Value::Null();
  if (v.contains("bool_value")) return Value::Bool(v["bool_value"].get<bool>());
  if (v.contains("int64_value")) {
    const json& i = v["int64_value"];
    return Value::Int(i.is_string() ? std::stoll(i.get<std::string>()) : i.get<int64_t>());
  }
  if (v.contains("uint64_value")) {
    const json& u = v["uint64_value"];
    return Value::Uint(u.is_string() ? std::stoull(u.get<std::string>()) : u.get<uint64_t>());
  }
  if (v.contains("double_value")) return Value::Double(ParseDouble(v["double_value"]));
  if (v.contains("string_value")) return Value::String(v["string_value"].get<std::string>());
  if (v.contains("bytes_value")) {
    return Value::Bytes(DecodeBase64(v["bytes_value"].get<std::string>()));
  }
  if (v.contains("type_value")) return Value::Type(v["type_value"].get<std::string>());
  if (v.contains("list_value")) {
    std::vector<Value> elements;
    for (const json& e : v["list_value"].value("values", json::array())) {
      elements.push_back(FromJson(e));
    }
    return Value::List(std::move(elements));
  }
  if (v.contains("map_value")) {
    std::vector<std::pair<Value, Value>> entries;
    for (const json& e : v["map_value"].value("entries", json::array())) {
      entries.emplace_back(FromJson(e["key"]), FromJson(e["value"]));
    }
    return Value::Map(std::move(entries));
  }
  throw std::runtime_error("unsupported value " + v.dump());
}

// Strict sameness for checking results: same kind (1 is not 1u), NaN matches NaN.
bool Same(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kDouble:
      if (std::isnan(a.double_value())) return std::isnan(b.double_value());
      return a.double_value() == b.double_value() &&
             std::signbit(a.double_value()) == std::signbit(b.double_value());
    case Kind::kList: {
      const auto& x = a.list_elements();
      const auto& y = b.list_elements();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Same(x[i], y[i])) return false;
      }
      return true;
    }
    case Kind::kMap: {
      if (a.map_entries().size() != b.map_entries().size()) return false;
      for (const auto& [key, value] : a.map_entries()) {
        const Value* other = b.MapFind(key);
        if (other == nullptr || !Same(value, *other)) return false;
      }
      return true;
    }
    case Kind::kUnknown:
      return a.unknown_paths() == b.unknown_paths();
    case Kind::kError:
      return true;
    default:
      return Equal(a, b);
  }
}

struct Counts {
  int passed = 0, failed = 0, skipped = 0, known = 0;
};

class Runner {
 public:
  explicit Runner(std::map<std::string, std::string> known_failures)
      : known_failures_(std::move(known_failures)) {}

  // Runs every test of one file; `label` names the file in the output.
  Counts RunFile(const std::string& label, const json& file) {
    Counts counts;
    for (const json& section : file.at("section")) {
      for (const json& test : section.value("test", json::array())) {
        std::string id = label + "/" + section.value("name", "") + "/" + test.value("name", "");
        RunTest(id, test, counts);
      }
    }
    return counts;
  }

  const std::set<std::string>& seen_known() const { return seen_known_; }

 private:
  void RunTest(const std::string& id, const json& test, Counts& counts) {
    std::string message = BuiltMessage(test.value("expr", ""));
    if (NeedsMessages(test) || !message.empty()) {
      std::cout << "SKIP " << id << ": needs protobuf messages"
                << (message.empty() ? "" : " (builds " + message + ")") << "\n";
      ++counts.skipped;
      return;
    }
    std::string failure;
    try {
      failure = Check(test);
    } catch (const std::exception& error) {
      failure = std::string("runner error: ") + error.what();
    }
    auto known = known_failures_.find(id);
    if (known != known_failures_.end()) seen_known_.insert(id);
    if (failure.empty()) {
      ++counts.passed;
      if (known != known_failures_.end()) {
        std::cout << "FIXED " << id << ": listed as a known failure but passes; remove it\n";
        ++counts.failed;
      }
      return;
    }
    if (known != known_failures_.end()) {
      std::cout << "KNOWN " << id << " (" << known->second << ")\n";
      ++counts.known;
      ++counts.failed;
      return;
    }
    std::cout << "FAIL " << id << "\n  expr: " << test.value("expr", "") << "\n  " << failure
              << "\n";
    ++counts.failed;
    ++unexpected_;
  }

  // Empty when the test passes, else what went wrong.
  std::string Check(const json& test) {
    Environment environment;
    environment.set_container(test.value("container", ""));
    for (const json& declaration : test.value("type_env", json::array())) {
      if (declaration.contains("ident")) {
        environment.AddVariable(declaration.at("name").get<std::string>(),
                                TypeFromJson(declaration["ident"].value("type", json::object())));
      }
    }
    CompileOptions options;
    options.check = !test.value("disable_check", false);
    CompileResult compiled = Compile(test.at("expr").get<std::string>(), environment, options);
    if (!compiled.errors.empty()) {
      const Diagnostic& error = compiled.errors.front();
      return "compile error " + std::to_string(error.line) + ":" + std::to_string(error.column) +
             ": " + error.message;
    }
    Activation activation(*compiled.program);
    const json bindings = test.value("bindings", json::object());
    for (const auto& [name, binding] : bindings.items()) {
      activation.Set(name, FromJson(binding.at("value")));
    }
    for (const json& path : test.value("unknown_paths", json::array())) {
      Status status = activation.SetUnknown(path.get<std::string>());
      if (!status.ok()) return status.ToString();
    }
    Value result = compiled.program->Evaluate(activation);
    EvalOptions general_only;
    general_only.use_fast_path = false;
    Value general = compiled.program->Evaluate(activation, general_only);
    if (result.DebugString() != general.DebugString()) {
      return "the fast path gives " + result.DebugString() + ", the general evaluator " +
             general.DebugString();
    }

    Value expected;
    if (test.contains("value")) {
      expected = FromJson(test["value"]);
    } else if (test.contains("eval_error")) {
      expected = Value::Error("any");
    } else if (test.contains("unknown_result")) {
      expected = Value::Unknown(test["unknown_result"].get<std::vector<std::string>>());
    } else {
      expected = Value::Bool(true);
    }
    if (Same(result, expected)) return "";
    return "expected " + expected.DebugString() + ", got " + result.DebugString();
  }

  std::map<std::string, std::string> known_failures_;
  std::set<std::string> seen_known_;

 public:
  int unexpected_ = 0;
};

// Lines "file/section/test  reason"; # starts a comment.
std::map<std::string, std::string> ReadKnownFailures(const std::string& path) {
  std::map<std::string, std::string> known;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find_first_of(" \t");
    known[line.substr(0, space)] =
        space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
  }
  return known;
}

json ReadJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return json::parse(in);
}

int Main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  if (std::optional<int> code = testing::MissingSharedDataExitCode(argv[0])) return *code;
  std::string known_path = argc > 1 ? argv[1] : OKNO_KNOWN_FAILURES;
  std::string unknowns_path = argc > 2 ? argv[2] : OKNO_UNKNOWNS_FILE;
  Runner runner(ReadKnownFailures(known_path));
  Counts total;
  auto add = [&](const std::string& label, const Counts& counts, int expected_total) {
    int sum = counts.passed + counts.failed + counts.skipped;
    std::cout << label << ": " << sum << " tests: " << counts.passed << " passed, " << counts.failed
              << " failed (" << counts.known << " known), " << counts.skipped << " skipped\n";
    if (expected_total >= 0 && sum != expected_total) {
      std::cout << label << ": counted " << sum << " tests, the file has " << expected_total
                << "\n";
      ++runner.unexpected_;
    }
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    total.known += counts.known;
  };
  std::filesystem::path dir = *testing::SharedDir() / "cel-spec/tests/simple/testdata-json";
  for (const char* name : kApplicableFiles) {
    json file = ReadJsonFile(dir / (std::string(name) + ".json"));
    int in_file = 0;
    for (const json& section : file.at("section"))
      in_file += section.value("test", json::array()).size();
    add(name, runner.RunFile(name, file), in_file);
  }
  Counts conformance = total;
  std::cout << "conformance: " << conformance.passed << " of "
            << conformance.passed + conformance.failed << " applicable tests pass ("
            << conformance.skipped << " skipped for protobuf messages)\n";
  json unknowns = ReadJsonFile(unknowns_path);
  int unknown_tests = 0;
  for (const json& section : unknowns.at("section")) {
    unknown_tests += section.value("test", json::array()).size();
  }
  add("unknowns", runner.RunFile("unknowns", unknowns), unknown_tests);
  for (const auto& [id, reason] : ReadKnownFailures(known_path)) {
    if (!runner.seen_known().contains(id)) {
      std::cout << "STALE " << id << ": listed as a known failure but no such test ran\n";
      ++runner.unexpected_;
    }
  }
  std::cout << total.passed << " passed, " << total.failed << " failed, " << total.skipped
            << " skipped\n";
  return runner.unexpected_ == 0 ? 0 : 1;
}

}  // namespace
}  // namespace okno::cel

int main(int argc, char** argv) { return okno::cel::Main(argc, argv); }
