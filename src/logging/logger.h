#pragma once
// Structured logging: one JSON object per line.
#include <atomic>
#include <mutex>
#include <optional>
#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pdex::logging {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// "debug", "info", "warn"/"warning", "error" (any case); nullopt otherwise.
std::optional<Level> ParseLevel(std::string_view s);

// Writes {"ts": ..., "level": ..., "msg": ..., <fields>} lines to a stream.
//
// Thread safety: Log and SetLevel may be called from any thread; each line is
// written whole. The stream must outlive the logger.
class Logger {
 public:
  explicit Logger(std::ostream& out, Level min_level = Level::kInfo)
      : out_(&out), min_level_(min_level) {}

  bool Enabled(Level level) const { return level >= min_level_.load(std::memory_order_relaxed); }
  void SetLevel(Level level) { min_level_.store(level, std::memory_order_relaxed); }
  void Log(Level level, std::string_view msg, const nlohmann::json& fields = nlohmann::json::object());

 private:
  std::ostream* out_;
  std::atomic<Level> min_level_;
  std::mutex mu_;
};

// The process-wide logger (stderr, info) that services log through.
Logger& Default();

}  // namespace pdex::logging
