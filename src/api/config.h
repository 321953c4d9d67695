#pragma once
// pdex-api configuration from the environment (twelve-factor).
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "logging/logger.h"
#include "runtime/env.h"

namespace pdex::api {

using ConfigError = runtime::ConfigError;

struct ApiConfig {
  std::string bind_address = "0.0.0.0";      // BIND_ADDRESS
  std::uint16_t port = 8000;                 // PORT
  std::string database_url;                  // DATABASE_URL (default: embedded SQLite)
  std::vector<std::string> api_keys;         // API_KEYS, comma-separated
  logging::Level log_level = logging::Level::kInfo;  // LOG_LEVEL
  int http_threads = 1;                      // HTTP_THREADS (the loader defaults it to the CPU count)
  int db_pool_size = 8;                      // DB_POOL_SIZE
  int request_timeout_seconds = 15;          // HTTP_REQUEST_TIMEOUT
  int data_version_check_ms = 100;           // DATA_VERSION_CHECK_MS
};

using Getenv = runtime::Getenv;

// Reads the variables above; throws ConfigError naming the variable on a bad
// value. `getenv` is injectable for tests.
ApiConfig LoadApiConfig(const Getenv& getenv);
using runtime::ProcessEnv;

}  // namespace pdex::api
