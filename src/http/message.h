#pragma once
// Transport-independent HTTP request and response values.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pdex::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // raw request target, e.g. "/pokemon/search?name=pika"
  Fields headers;      // names lower-cased
  std::string body;

  // First header with this (lower-case) name.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  Fields headers;  // extra headers
};

// The JSON error body every endpoint uses: {"detail": "..."}.
Response ErrorResponse(int status, std::string_view detail);

}  // namespace pdex::http
