// pdex-drift's HTTP side on METRICS_PORT: GET /metrics (Prometheus text
// format) and GET /health. Everything else is 404 (405 for other methods on
// these paths), with a JSON detail.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <prometheus/collectable.h>

#include "http/server.h"

namespace pdex::drift_service {

// Thread safety: Handle may run on any number of I/O threads; `health`
// must be thread-safe.
class MetricsEndpoint final : public http::RequestHandler {
 public:
  // `health` returns the /health body (a JSON object).
  MetricsEndpoint(std::vector<std::shared_ptr<prometheus::Collectable>> sources, std::function<std::string()> health);

  http::Response Handle(const http::Request& request) override;
  http::Response Rejected(int status, std::string_view detail) override;

 private:
  std::vector<std::shared_ptr<prometheus::Collectable>> sources_;
  std::function<std::string()> health_;
};

}  // namespace pdex::drift_service
