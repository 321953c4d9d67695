#include "drift_service/metrics_endpoint.h"

#include <nlohmann/json.hpp>

#include "metrics/exposition.h"

namespace pdex::drift_service {

namespace {

http::Response Error(int status, std::string_view detail) {
  http::Response response;
  response.status = status;
  response.body = nlohmann::json{{"detail", detail}}.dump();
  return response;
}

}  // namespace

MetricsEndpoint::MetricsEndpoint(std::vector<std::shared_ptr<prometheus::Collectable>> sources,
                                 std::function<std::string()> health)
    : sources_(std::move(sources)), health_(std::move(health)) {}

http::Response MetricsEndpoint::Handle(const http::Request& request) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/metrics" && path != "/health") return Error(404, "not found: this port serves /metrics and /health");
  if (request.method != "GET" && request.method != "HEAD") {
    http::Response response = Error(405, "method not allowed");
    response.headers.push_back({"Allow", "GET, HEAD"});
    return response;
  }
  http::Response response;
  if (path == "/metrics") {
    response.body = metrics::RenderText(sources_);
    response.content_type = metrics::kTextContentType;
  } else {
    response.body = health_();
  }
  return response;
}

http::Response MetricsEndpoint::Rejected(int status, std::string_view detail) { return Error(status, detail); }

}  // namespace pdex::drift_service
