#include "common/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace okno {

Status InitLogging(std::string_view level) {
  std::string name(level);
  if (name.empty()) {
    const char* from_env = std::getenv("OKNO_LOG_LEVEL");
    name = from_env != nullptr && *from_env != '\0' ? from_env : "warn";
  }
  // spdlog maps any unknown name to "off", so check the name against the levels it knows.
  spdlog::level::level_enum parsed = spdlog::level::from_str(name);
  if (parsed == spdlog::level::off && name != "off") {
    return InvalidArgumentError("log level '" + name +
                                "' is not one of trace, debug, info, warn, error, off");
  }
  auto logger = std::make_shared<spdlog::logger>(
      "okno", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(parsed);
  spdlog::set_default_logger(std::move(logger));
  return Status::Ok();
}

}  // namespace okno
