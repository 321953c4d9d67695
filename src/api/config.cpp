#include "api/config.h"

#include <thread>

#include "store/open_store.h"

namespace pdex::api {
namespace {

int IntVar(const Getenv& getenv, std::string_view name, int fallback, int min, int max) {
  return static_cast<int>(runtime::IntVar(getenv, name, fallback, min, max));
}


std::string Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

}  // namespace

ApiConfig LoadApiConfig(const Getenv& getenv) {
  ApiConfig c;
  if (const auto v = getenv("BIND_ADDRESS"); v && !v->empty()) c.bind_address = *v;
  c.port = static_cast<std::uint16_t>(IntVar(getenv, "PORT", 8000, 0, 65535));
  const auto url = getenv("DATABASE_URL");
  c.database_url = url && !url->empty() ? *url : store::kDefaultDatabaseUrl;
  if (const auto keys = getenv("API_KEYS"); keys && !Trim(*keys).empty()) {
    std::string_view rest = *keys;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string key = Trim(rest.substr(0, comma));
      if (!key.empty()) c.api_keys.push_back(std::move(key));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    // Separators without a key are a mistake that must not silently turn
    // authentication off (empty or blank means unset, like every variable).
    if (c.api_keys.empty()) throw ConfigError("API_KEYS holds separators but no key (got '" + *keys + "')");
  }
  if (const auto v = getenv("LOG_LEVEL"); v && !v->empty()) {
    const auto level = logging::ParseLevel(*v);
    if (!level) throw ConfigError("LOG_LEVEL must be debug, info, warning or error (got '" + *v + "')");
    c.log_level = *level;
  }
  const int cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  c.http_threads = IntVar(getenv, "HTTP_THREADS", cpus, 1, 256);
  c.db_pool_size = IntVar(getenv, "DB_POOL_SIZE", std::max(8, c.http_threads), 1, 1024);
  c.request_timeout_seconds = IntVar(getenv, "HTTP_REQUEST_TIMEOUT", 15, 1, 3600);
  c.data_version_check_ms = IntVar(getenv, "DATA_VERSION_CHECK_MS", 100, 0, 60'000);
  return c;
}

}  // namespace pdex::api
