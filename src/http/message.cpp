#include "http/message.h"

#include <nlohmann/json.hpp>

namespace pdex::http {

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

Response ErrorResponse(int status, std::string_view detail) {
  Response r;
  r.status = status;
  r.body = nlohmann::json{{"detail", detail}}.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace pdex::http
