#pragma once
// The PredictionDex HTTP service: routing plus everything around a handler
// (request ids, API keys, error mapping, metrics, access logs).
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <prometheus/registry.h>

#include "api/data_version.h"
#include "api/response_cache.h"
#include "api/route_spec.h"
#include "events/publisher.h"
#include "http/router.h"
#include "http/server.h"
#include "logging/logger.h"
#include "metrics/http_metrics.h"
#include "metrics/model_metrics.h"
#include "prediction/battle_model.h"
#include "store/store.h"

namespace pdex::api {

struct ServiceOptions {
  std::vector<std::string> api_keys;  // empty: no authentication
  std::string version = "0.1.0";
  // How long a confirmed data version is trusted before the store is asked
  // again (see DataVersion).
  std::chrono::milliseconds data_version_check{100};
  // The battle model behind /predict/*; not owned, must outlive the
  // service. Null: no prediction routes.
  const prediction::BattleModel* model = nullptr;
  // Where each prediction's event goes (one per move scored); not owned,
  // must outlive the service. Null: predictions publish nothing.
  events::EventPublisher* publisher = nullptr;
  // The registry /metrics exports; shared so that components made before
  // the service (the publisher, an embedded drift worker) register on it.
  // Null: the service makes its own.
  std::shared_ptr<prometheus::Registry> registry;
};

// Thread safety: after construction and AddRoutes, Handle/Rejected may run
// concurrently on any number of threads.
class ApiService final : public http::RequestHandler {
 public:
  // `store` and `logger` must outlive the service. Registers the game routes
  // and /health, /ready, /metrics, /openapi.json.
  ApiService(store::Store& store, logging::Logger& logger, ServiceOptions options);

  // Adds routes (before serving starts).
  void AddRoutes(std::vector<RouteSpec> routes);
  // Until the store has its schema and data, store-backed routes answer 503
  // and /ready is not ready.
  void SetStoreReady(bool ready) { store_ready_.store(ready); }

  http::Response Handle(const http::Request& request) override;
  http::Response Rejected(int status, std::string_view detail) override;

 private:
  http::Response Dispatch(const http::Request& request, const http::Target& target,
                          const http::Router::Match& match);
  void Finish(const http::Request* request, std::string_view endpoint, const std::string& request_id,
              std::chrono::steady_clock::time_point start, http::Response& response);
  // The data version cached responses are tagged with; ApiError 503 when the
  // database holds no data, StoreUnavailable when it cannot be reached.
  std::string CurrentDataVersion();
  // The same for predictions, which need only the game data in memory: while
  // the database cannot be reached, the version last confirmed (counted in
  // predictions_without_database_total, logged once per outage);
  // StoreUnavailable only when none was ever confirmed.
  std::string PredictionDataVersion();
  // Throws ApiError 401/403 unless the request carries a configured API key.
  void CheckApiKey(const http::Request& request) const;

  store::Store& store_;
  logging::Logger& logger_;
  ServiceOptions options_;
  std::shared_ptr<prometheus::Registry> registry_;
  metrics::HttpMetrics http_metrics_;
  std::optional<metrics::ModelMetrics> model_metrics_;
  std::vector<std::shared_ptr<prometheus::Collectable>> metric_sources_;
  http::Router router_;
  std::vector<RouteSpec> specs_;
  std::string openapi_;
  ResponseCache cache_;
  DataVersion data_version_;
  prometheus::Counter& predictions_without_database_;
  std::atomic<bool> database_outage_logged_{false};
  std::atomic<bool> store_ready_{false};
};

// Compares secrets in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace pdex::api
