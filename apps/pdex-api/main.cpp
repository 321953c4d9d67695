// pdex-api: the PredictionDex HTTP service. Configuration: see docs/configuration.md.
#include <condition_variable>
#include <iostream>
#include <thread>

#include "api/config.h"
#include "api/predict_routes.h"
#include "api/report_routes.h"
#include "api/service.h"
#include "domain/game_data.h"
#include "drift/reference.h"
#include "drift_service/config.h"
#include "drift_service/drift_metrics.h"
#include "drift_service/queue.h"
#include "drift_service/worker.h"
#include "events/in_process_channel.h"
#include "events/publisher.h"
#include "http/server.h"
#include "logging/logger.h"
#include "prediction/battle_model.h"
#include "report/report_directory.h"
#include "runtime/signals.h"
#include "store/open_store.h"

namespace {

using pdex::logging::Level;

// Creates the schema and loads the data, retrying with back-off while the
// database is unreachable (so the service can start before its database),
// then checks every few seconds that the data is still there and reloads it
// if the database lost it (recreated empty). A data set that differs but
// exists is left alone: another replica may have loaded a newer one.
void KeepStoreLoaded(std::stop_token stop, pdex::store::Store& store, const pdex::domain::GameData& data,
                     pdex::api::ApiService& service, pdex::logging::Logger& log) {
  constexpr auto kCheckEvery = std::chrono::seconds(5);
  auto delay = std::chrono::milliseconds(200);
  bool loaded = false;
  std::mutex mu;
  std::condition_variable_any cv;
  while (!stop.stop_requested()) {
    try {
      if (loaded && !store.LoadedFingerprint()) throw pdex::store::StoreError("game data missing");
      if (!loaded) {
        const int version = store.Migrate();
        const bool wrote = store.Load(data);
        loaded = true;
        delay = std::chrono::milliseconds(200);
        service.SetStoreReady(true);
        log.Log(Level::kInfo, "database ready",
                {{"schema_version", version}, {"data_loaded", wrote}, {"fingerprint", data.Fingerprint()}});
      }
    } catch (const pdex::store::StoreUnavailable& e) {
      // Requests report the outage themselves; keep the loaded state.
      if (!loaded) log.Log(Level::kWarn, "database not reachable, retrying", {{"error", e.what()}});
    } catch (const std::exception& e) {
      if (loaded) service.SetStoreReady(false);
      loaded = false;
      log.Log(Level::kWarn, "database not ready, retrying", {{"error", e.what()}, {"retry_in_ms", delay.count()}});
    }
    std::unique_lock lock(mu);
    cv.wait_for(lock, stop, loaded ? std::chrono::duration_cast<std::chrono::milliseconds>(kCheckEvery) : delay,
                [] { return false; });
    if (!loaded) delay = std::min(delay * 2, std::chrono::milliseconds(5000));
  }
}

// The embedded mode's drift worker: the same code as pdex-drift, reading
// the in-process channel on a background thread; pdex-api serves its
// reports under /reports/.
struct EmbeddedDrift {
  EmbeddedDrift(const pdex::drift_service::DriftConfig& config, const std::filesystem::path& model_dir,
                pdex::events::EventSource& source, prometheus::Registry& registry, pdex::logging::Logger& log)
      : options(config.column_config.empty() ? pdex::drift::DriftOptions{}
                                             : pdex::drift::DriftOptions::ReadFile(config.column_config)),
        reference(pdex::drift::Reference::Load(ReferencePath(config, model_dir), options)),
        reports(config.reports_dir, config.worker.keep_reports, log),
        metrics(registry, reference.rows()),
        worker(reference, options, source, reports, metrics, log, WithDrain(config.worker)) {}

  static std::string ReferencePath(const pdex::drift_service::DriftConfig& config, const std::filesystem::path& model_dir) {
    const std::string path =
        config.reference_path.empty() ? (model_dir / "reference.parquet").string() : config.reference_path;
    if (!std::filesystem::is_regular_file(path)) {
      throw pdex::drift::ReferenceError("reference data not found: " + path +
                                        " (set REFERENCE_DATA_PATH to a Parquet or CSV file)");
    }
    return path;
  }
  static pdex::drift_service::WorkerOptions WithDrain(pdex::drift_service::WorkerOptions options) {
    options.drain_on_stop = true;
    return options;
  }

  pdex::drift::DriftOptions options;
  pdex::drift::Reference reference;
  pdex::report::ReportDirectory reports;
  pdex::drift_service::DriftMetrics metrics;
  pdex::drift_service::DriftWorker worker;
};

}  // namespace

int main() {
  auto& log = pdex::logging::Default();
  // Before any thread starts: main waits for SIGINT/SIGTERM below.
  pdex::runtime::TerminationSignals signals;

  try {
    const pdex::api::ApiConfig config = pdex::api::LoadApiConfig(pdex::api::ProcessEnv);
    log.SetLevel(config.log_level);
    // Bad data is a start-up error, before anything is served.
    const pdex::domain::GameData data = pdex::domain::LoadValidGameData(pdex::domain::LocateDataDir());
    const std::filesystem::path model_dir = pdex::prediction::LocateModelDir();
    const pdex::prediction::BattleModel model = pdex::prediction::BattleModel::Load(model_dir);
    log.Log(Level::kInfo, "model loaded",
            {{"dir", model_dir.string()}, {"version", model.version()}, {"trained_at", model.trained_at()}});
    const auto store =
        pdex::store::OpenStore(config.database_url, static_cast<std::size_t>(config.db_pool_size));

    // Prediction events: to Redis when it is configured, else through an
    // in-process channel to a drift worker of our own; none with
    // QUEUE_MODE=off.
    const auto drift_config = pdex::drift_service::LoadDriftConfig(pdex::api::ProcessEnv);
    const bool publishing = drift_config.queue.mode != pdex::drift_service::QueueMode::kOff;
    auto registry = std::make_shared<prometheus::Registry>();
    std::shared_ptr<pdex::events::InProcessChannel> channel;
    std::shared_ptr<pdex::events::EventSink> sink;
    if (publishing && drift_config.queue.redis) {
      sink = pdex::drift_service::OpenEventSink(drift_config.queue);
    } else if (publishing) {
      channel = std::make_shared<pdex::events::InProcessChannel>(
          std::max<std::size_t>(drift_config.worker.buffer_size, 10'000));
      sink = channel;
    }
    std::unique_ptr<EmbeddedDrift> embedded;
    if (channel) embedded = std::make_unique<EmbeddedDrift>(drift_config, model_dir, *channel, *registry, log);
    std::unique_ptr<pdex::events::EventPublisher> publisher;
    if (sink) {
      pdex::events::PublisherOptions publisher_options;
      publisher_options.queue_capacity = drift_config.event_queue_capacity;
      publisher_options.linger = drift_config.event_linger;
      publisher_options.format = drift_config.queue.mode == pdex::drift_service::QueueMode::kList
                                     ? pdex::events::EventFormat::kJson
                                     : drift_config.queue.event_format;
      publisher = std::make_unique<pdex::events::EventPublisher>(
          sink, pdex::api::PredictionEventSchema(model.version(), data.types), publisher_options, *registry, log);
    }

    pdex::api::ServiceOptions service_options;
    service_options.api_keys = config.api_keys;
    service_options.version = PDEX_VERSION;
    service_options.data_version_check = std::chrono::milliseconds(config.data_version_check_ms);
    service_options.model = &model;
    service_options.publisher = publisher.get();
    service_options.registry = registry;
    pdex::api::ApiService service(*store, log, std::move(service_options));
    if (embedded) service.AddRoutes(pdex::api::ReportRoutes(drift_config.reports_dir));
    std::jthread drift_thread;
    if (embedded) drift_thread = std::jthread([&](std::stop_token stop) { embedded->worker.Run(stop); });

    pdex::http::ServerOptions options;
    options.address = config.bind_address;
    options.port = config.port;
    options.threads = config.http_threads;
    options.request_timeout = std::chrono::seconds(config.request_timeout_seconds);
    pdex::http::Server server(options, service);
    server.Start();
    log.Log(Level::kInfo, "pdex-api listening",
            {{"address", config.bind_address}, {"port", server.port()},
             {"threads", config.http_threads}, {"database", config.database_url.substr(0, config.database_url.find(':'))},
             {"api_keys", config.api_keys.size()},
             {"events", !publishing               ? "off"
                        : drift_config.queue.redis ? drift_config.queue.redis->Describe()
                                                   : "embedded drift worker"},
             {"reports_dir", embedded ? drift_config.reports_dir : ""}});

    std::jthread bootstrap([&](std::stop_token stop) { KeepStoreLoaded(stop, *store, data, service, log); });
    const int stop_signal = signals.Wait();
    log.Log(Level::kInfo, "shutting down", {{"signal", stop_signal}});
    bootstrap.request_stop();
    server.Stop();
    // Deliver what was predicted, then let the embedded worker report it.
    if (publisher) publisher->Stop(std::chrono::steady_clock::now() + std::chrono::seconds(2));
    if (channel) channel->Close();
    if (drift_thread.joinable()) {
      drift_thread.request_stop();
      drift_thread.join();
    }
    return 0;
  } catch (const std::exception& e) {
    log.Log(Level::kError, "start-up failed", {{"error", e.what()}});
    std::cerr << "pdex-api: " << e.what() << "\n";
    return 1;
  }
}
