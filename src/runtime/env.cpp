#include "runtime/env.h"

#include <cstdlib>

#include "text/number.h"

namespace pdex::runtime {

std::optional<std::string> ProcessEnv(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

long long IntVar(const Getenv& getenv, std::string_view name, long long fallback, long long min, long long max) {
  const auto v = getenv(name);
  if (!v || v->empty()) return fallback;
  const std::optional<long long> parsed = text::ParseInteger(*v);
  if (!parsed || *parsed < min || *parsed > max) {
    throw ConfigError(std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
                      std::to_string(max) + " (got '" + *v + "')");
  }
  return *parsed;
}

std::string StringVar(const Getenv& getenv, std::string_view name, std::string fallback) {
  const auto v = getenv(name);
  return v && !v->empty() ? *v : std::move(fallback);
}

}  // namespace pdex::runtime
