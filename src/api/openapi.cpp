#include <nlohmann/json.hpp>

#include "api/route_spec.h"
#include "text/ascii.h"

namespace pdex::api {

std::string OpenApiDocument(const std::vector<RouteSpec>& routes, const std::string& version) {
  using nlohmann::json;
  json paths = json::object();
  const json error_schema = {{"$ref", "#/components/schemas/Error"}};
  for (const RouteSpec& r : routes) {
    json params = json::array();
    for (const ParamSpec& p : r.params) {
      params.push_back({{"name", p.name},
                        {"in", p.in},
                        {"required", p.required || p.in == "path"},
                        {"description", p.description},
                        {"schema", {{"type", p.type}}}});
    }
    json responses = {{"200", {{"description", "Success"}}}};
    if (!r.params.empty() || !r.request_body.empty()) {
      responses["422"] = {{"description", "Invalid parameter or body; detail names the field"},
                          {"content", {{"application/json", {{"schema", error_schema}}}}}};
    }
    if (r.path.find('{') != std::string::npos || !r.request_body.empty()) {
      responses["404"] = {{"description", "Not found"},
                          {"content", {{"application/json", {{"schema", error_schema}}}}}};
    }
    if (r.needs_api_key) {
      responses["401"] = {{"description", "X-API-Key missing (when API_KEYS is set)"}};
      responses["403"] = {{"description", "X-API-Key wrong (when API_KEYS is set)"}};
      responses["503"] = {{"description", "Database unavailable"}};
    }
    json op = {{"summary", r.summary}, {"tags", {r.tag}}, {"parameters", params}, {"responses", responses}};
    if (!r.request_body.empty()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", json::parse(r.request_body)}}}}}};
    }
    if (r.needs_api_key) op["security"] = json::array({{{"ApiKey", json::array()}}});
    paths[r.path][text::AsciiLower(r.method)] = op;
  }
  const json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "PredictionDex API"},
        {"version", version},
        {"description", "Pokémon Let's Go game data and battle predictions."}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes", {{"ApiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"properties", {{"detail", {{"description", "A message, or a list of {loc, msg, type} for 422"}}}}}}}}}}}};
  return doc.dump(2);
}

}  // namespace pdex::api
