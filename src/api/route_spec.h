#pragma once
// A route declared once: the router and the OpenAPI document both read it.
#include <string>
#include <vector>

#include "http/router.h"

namespace pdex::api {

struct ParamSpec {
  std::string name;
  std::string in;    // "path" or "query"
  std::string type;  // "integer" or "string"
  bool required = false;
  std::string description;
};

struct RouteSpec {
  std::string method;
  std::string path;  // route template, e.g. "/pokemon/{id}"
  std::string tag;
  std::string summary;
  std::vector<ParamSpec> params;
  bool needs_api_key = true;  // false for /health, /ready, /metrics, /openapi.json
  http::Handler handler;
  // The response depends only on the request and the loaded data set, so it
  // may be reused until the data changes (see ResponseCache).
  bool cache_by_data_version = false;
  // JSON Schema of the request body (JSON text); empty when there is none.
  std::string request_body{};
};

// The OpenAPI 3.0 document describing `routes`.
std::string OpenApiDocument(const std::vector<RouteSpec>& routes, const std::string& version);

}  // namespace pdex::api
