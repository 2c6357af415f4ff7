#pragma once

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
Status InitLogging(std::string_view level = {});

}  // namespace okno
