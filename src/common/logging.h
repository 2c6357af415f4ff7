#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "common/status.h"

namespace okno {

// Sets up the process-wide spdlog logger. Logs go to standard error, so standard output stays
// for what a command prints (plans, JSON); each line carries time, level and message.
//
// `level` is one of trace, debug, info, warn, error, off; empty means the environment variable
// OKNO_LOG_LEVEL, or "warn" when that is unset (the CLI is quiet unless asked; the server raises
// it to "info"). Returns InvalidArgument naming the bad level and leaves logging unchanged.
// Call once, early in main; later calls replace the setup.
//
// In the json format each line is one JSON object: time (UTC, ISO 8601), level, and either
// the fields of a message that is itself a JSON object (LogFields) or `message`. For servers,
// whose logs a machine reads.
enum class LogFormat { kText, kJson };
// `to`: where the lines go instead of standard error (tests).
Status InitLogging(std::string_view level = {}, LogFormat format = LogFormat::kText,
                   std::ostream* to = nullptr);

// A message of named fields: with the json format they become the line's own fields.
std::string LogFields(const nlohmann::json& fields);

}  // namespace okno
