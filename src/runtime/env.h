// Reading configuration from the environment (twelve-factor), shared by the
// services' configuration loaders. Pure functions over an injectable
// `getenv`, so loaders are tested without touching the process environment.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pdex::runtime {

// A variable holds a value that cannot be used; the message names it.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Getenv = std::function<std::optional<std::string>(std::string_view)>;

// The process environment.
std::optional<std::string> ProcessEnv(std::string_view name);

// The integer in `name`, or `fallback` when unset or empty; throws
// ConfigError naming the variable when it is not an integer in [min, max].
long long IntVar(const Getenv& getenv, std::string_view name, long long fallback, long long min, long long max);

// The value of `name`, or `fallback` when unset or empty.
std::string StringVar(const Getenv& getenv, std::string_view name, std::string fallback);

}  // namespace pdex::runtime
