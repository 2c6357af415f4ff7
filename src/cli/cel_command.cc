// okno cel EXPR [--vars FILE] [--unknown PATH]... [--json]: evaluates one CEL expression, for
// methodologists trying a rule and for scripts.

#include <CLI/CLI.hpp>

#include "cel/program.h"
#include "cel/value_json.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/data_file.h"

namespace okno::cli {
namespace {

struct CelArguments {
  std::string expression;
  std::string vars_file;
  std::vector<std::string> unknown_paths;
  bool json = false;
};

void PrintDiagnostic(std::ostream& out, std::ostream& err, const CelArguments& args,
                     const cel::Source& source, const cel::Diagnostic& diagnostic,
                     const char* kind_ru, const char* kind_en) {
  if (args.json) {
    nlohmann::json error = {
        {"message", diagnostic.message}, {"line", diagnostic.line}, {"column", diagnostic.column}};
    out << nlohmann::json({{"error", error}}).dump() << "\n";
    return;
  }
  err << "okno cel: " << kind_ru << " (" << kind_en << "), " << diagnostic.line << ":"
      << diagnostic.column << ": " << diagnostic.message << "\n"
      << source.Snippet(diagnostic.line, diagnostic.column) << "\n";
}

// A usage problem that is not about the expression itself (a vars file, a path).
int InputError(std::ostream& out, std::ostream& err, const CelArguments& args,
               const std::string& message) {
  if (args.json) {
    out << nlohmann::json({{"error", {{"message", message}, {"line", 0}, {"column", 0}}}}).dump()
        << "\n";
  } else {
    err << "okno cel: " << message << "\n";
  }
  return kExitUsage;
}

int RunCel(const CelArguments& args, std::ostream& out, std::ostream& err) {
  nlohmann::json vars = nlohmann::json::object();
  if (!args.vars_file.empty()) {
    Result<nlohmann::json> read = ReadDataFile(args.vars_file);
    if (!read.ok()) return InputError(out, err, args, read.status().message());
    if (!read->is_object()) {
      return InputError(out, err, args,
                        args.vars_file + ": must map variable names to values (an object)");
    }
    vars = std::move(*read);
  }

  cel::Environment environment;
  for (const auto& [name, value] : vars.items()) {
    environment.AddVariable(name, cel::CelType::Dyn());
  }
  for (const std::string& path : args.unknown_paths) {
    std::string root = path.substr(0, path.find_first_of(".["));
    if (environment.FindVariable(root) == nullptr) {
      environment.AddVariable(root, cel::CelType::Dyn());
    }
  }

  cel::CompileResult compiled = cel::Compile(args.expression, environment);
  if (!compiled.errors.empty()) {
    cel::Source source(args.expression);
    PrintDiagnostic(out, err, args, source, compiled.errors.front(), "ошибка в выражении",
                    "invalid expression");
    return kExitUsage;
  }
  const cel::Program& program = *compiled.program;
  cel::Activation activation(program);
  for (const auto& [name, json] : vars.items()) {
    Result<cel::Value> value = cel::ValueFromJson(json);
    if (!value.ok()) {
      return InputError(out, err, args,
                        args.vars_file + ": " + name + ": " + value.status().message());
    }
    activation.Set(name, std::move(*value));
  }
  for (const std::string& path : args.unknown_paths) {
    if (Status status = activation.SetUnknown(path); !status.ok()) {
      return InputError(out, err, args, status.message());
    }
  }

  cel::Value result = program.Evaluate(activation);
  if (result.is(cel::Kind::kError)) {
    cel::Diagnostic diagnostic =
        program.source().MakeDiagnostic(std::max(0, result.error_offset()), result.error_message());
    PrintDiagnostic(out, err, args, program.source(), diagnostic, "ошибка вычисления",
                    "evaluation error");
    return kExitFailure;
  }
  if (result.is(cel::Kind::kUnknown)) {
    if (args.json) {
      out << nlohmann::json({{"unknown", result.unknown_paths()}}).dump() << "\n";
    } else {
      out << "неизвестно (unknown), зависит от (depends on):";
      for (const std::string& path : result.unknown_paths()) out << " " << path;
      out << "\n";
    }
    return kExitOk;
  }
  if (args.json) {
    out << nlohmann::json({{"value", cel::ValueToJson(result)}}).dump() << "\n";
  } else {
    out << result.DebugString() << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddCelCommand(CLI::App& app, CommandContext& context, const CommandInfo& info) {
  auto args = std::make_shared<CelArguments>();
  CLI::App* command = app.add_subcommand(std::string(info.name), std::string(info.summary));
  command->add_option("expression", args->expression, "выражение CEL (the CEL expression)")
      ->required();
  command->add_option("--vars", args->vars_file,
                      "значения переменных, JSON или YAML (variables: a .json/.yaml object)");
  command->add_option("--unknown", args->unknown_paths,
                      "неизвестный факт, можно несколько (an unknown fact path, repeatable): "
                      "x, x.y, x[0], x[\"k\"]");
  command->add_flag("--json", args->json, "вывод в JSON (print JSON)");
  command->footer(
      "Пример (example):\n"
      "  okno cel 'person.age >= 18 && income < 20644' --vars facts.yaml --unknown income\n"
      "Коды выхода (exit codes): 0 значение или неизвестно (a value or unknown), "
      "1 ошибка вычисления (evaluation error), 2 ошибка в выражении (parse or check error)");
  command->callback([&context, args] {
    context.action = [args](std::ostream& out, std::ostream& err) {
      return RunCel(*args, out, err);
    };
  });
}

}  // namespace okno::cli
