#include "common/logging.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>

namespace okno {
namespace {

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& dest) override {
    auto since_epoch = message.time.time_since_epoch();
    std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    int millis = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char time[64];
    std::snprintf(time, sizeof time, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
    std::string_view payload(message.payload.data(), message.payload.size());
    nlohmann::json line = {
        {"time", time},
        {"level", std::string(spdlog::level::to_string_view(message.level).data(),
                              spdlog::level::to_string_view(message.level).size())}};
    nlohmann::json fields = payload.starts_with("{")
                                ? nlohmann::json::parse(payload, nullptr, false)
                                : nlohmann::json();
    if (fields.is_object()) {
      line.update(fields);
    } else {
      line["message"] = std::string(payload);
    }
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

std::string LogFields(const nlohmann::json& fields) {
  return fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status InitLogging(std::string_view level, LogFormat format, std::ostream* to) {
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
  spdlog::sink_ptr sink;
  if (to != nullptr) {
    sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*to, /*force_flush=*/true);
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  }
  auto logger = std::make_shared<spdlog::logger>("okno", std::move(sink));
  if (format == LogFormat::kJson) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  }
  logger->set_level(parsed);
  spdlog::set_default_logger(std::move(logger));
  return Status::Ok();
}

}  // namespace okno
