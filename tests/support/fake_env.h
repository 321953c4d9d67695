// An injected environment for the tests of the configuration loaders
// (api/config.h, drift_service/config.h). Header-only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/env.h"

namespace pdex::testing {

using Env = std::map<std::string, std::string, std::less<>>;

// A getenv that reads `env`, which must outlive it.
inline runtime::Getenv GetenvOf(const Env& env) {
  return [&env](std::string_view name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

// The message of the runtime::ConfigError that load(GetenvOf(env)) throws;
// "" when it throws none.
template <typename Load>
std::string ConfigErrorOf(Load load, const Env& env) {
  try {
    load(GetenvOf(env));
  } catch (const runtime::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace pdex::testing
