// A running pdex-api service over a freshly loaded store, for integration tests.
#pragma once

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api/service.h"
#include "domain/game_data.h"
#include "http/server.h"
#include "prediction/battle_model.h"
#include "store/open_store.h"

namespace pdex::testing {

class ApiServer {
 public:
  // `model` (optional, not owned) enables the /predict routes; predictions
  // offer their events to `publisher` (optional, not owned).
  explicit ApiServer(const std::string& url, std::vector<std::string> api_keys = {},
                     std::chrono::milliseconds request_timeout = std::chrono::seconds(15),
                     const prediction::BattleModel* model = nullptr, events::EventPublisher* publisher = nullptr)
      : logger_(log_), store_(store::OpenStore(url, 4)) {
    store_->Migrate();
    store_->Load(domain::LoadGameData(PDEX_SOURCE_DATA_DIR));
    api::ServiceOptions service_options;
    service_options.api_keys = std::move(api_keys);
    service_options.model = model;
    service_options.publisher = publisher;
    service_ = std::make_unique<api::ApiService>(*store_, logger_, std::move(service_options));
    service_->SetStoreReady(true);
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.request_timeout = request_timeout;
    server_ = std::make_unique<http::Server>(options, *service_);
    server_->Start();
  }
  std::uint16_t port() const { return server_->port(); }
  store::Store& store() { return *store_; }

 private:
  std::ostringstream log_;
  logging::Logger logger_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<api::ApiService> service_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace pdex::testing
