#include "logging/logger.h"
#include "text/ascii.h"
#include "text/utc_time.h"

#include <chrono>
#include <iostream>

namespace pdex::logging {
namespace {

constexpr std::string_view kNames[] = {"debug", "info", "warn", "error"};

}  // namespace

std::optional<Level> ParseLevel(std::string_view s) {
  const std::string lower = text::AsciiLower(s);
  if (lower == "warning") return Level::kWarn;
  for (std::size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == lower) return static_cast<Level>(i);
  }
  return std::nullopt;
}

void Logger::Log(Level level, std::string_view msg, const nlohmann::json& fields) {
  if (!Enabled(level)) return;
  nlohmann::json line = {{"ts", text::FormatUtc(std::chrono::system_clock::now(), /*with_millis=*/true)},
                         {"level", kNames[static_cast<std::size_t>(level)]},
                         {"msg", msg}};
  if (fields.is_object()) line.update(fields);
  // Replace invalid UTF-8 from clients instead of throwing.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  std::lock_guard lock(mu_);
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
  out_->flush();
}

Logger& Default() {
  static Logger logger(std::cerr);
  return logger;
}

}  // namespace pdex::logging
