// pdex-drift: the drift service. Consumes prediction events from Redis,
// compares them with the training reference and writes drift reports;
// serves /metrics on METRICS_PORT. Configuration: docs/configuration.md.
#include <filesystem>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>
#include <prometheus/registry.h>

#include "drift/reference.h"
#include "drift_service/config.h"
#include "drift_service/drift_metrics.h"
#include "drift_service/metrics_endpoint.h"
#include "drift_service/queue.h"
#include "drift_service/worker.h"
#include "http/server.h"
#include "logging/logger.h"
#include "metrics/process_collector.h"
#include "prediction/battle_model.h"
#include "report/report_directory.h"
#include "runtime/env.h"
#include "runtime/signals.h"

int main() {
  using pdex::logging::Level;
  auto& log = pdex::logging::Default();
  pdex::runtime::TerminationSignals signals;

  try {
    const auto config = pdex::drift_service::LoadDriftConfig(pdex::runtime::ProcessEnv);
    log.SetLevel(config.log_level);
    if (config.queue.mode == pdex::drift_service::QueueMode::kOff) {
      throw pdex::drift_service::ConfigError("QUEUE_MODE=off: pdex-drift has nothing to consume");
    }
    if (!config.queue.redis) {
      throw pdex::drift_service::ConfigError(
          "pdex-drift reads events from Redis: set REDIS_HOST (and REDIS_PORT) or REDIS_URL "
          "(without Redis, pdex-api runs the drift worker itself)");
    }
    const auto options = config.column_config.empty()
                             ? pdex::drift::DriftOptions{}
                             : pdex::drift::DriftOptions::ReadFile(config.column_config);
    const std::string reference_path = config.reference_path.empty()
                                           ? (pdex::prediction::LocateModelDir() / "reference.parquet").string()
                                           : config.reference_path;
    if (!std::filesystem::is_regular_file(reference_path)) {
      throw pdex::drift::ReferenceError("reference data not found: " + reference_path +
                                        " (set REFERENCE_DATA_PATH to a Parquet or CSV file)");
    }
    const auto reference = pdex::drift::Reference::Load(reference_path, options);
    log.Log(Level::kInfo, "reference loaded",
            {{"path", reference_path}, {"rows", reference.rows()}, {"columns", reference.columns().size()}});

    auto registry = std::make_shared<prometheus::Registry>();
    pdex::drift_service::DriftMetrics metrics(*registry, reference.rows());
    pdex::report::ReportDirectory reports(config.reports_dir, config.worker.keep_reports, log);
    const auto source = pdex::drift_service::OpenEventSource(config.queue);
    pdex::drift_service::DriftWorker worker(reference, options, *source, reports, metrics, log, config.worker);

    pdex::drift_service::MetricsEndpoint endpoint(
        {registry, std::make_shared<pdex::metrics::ProcessCollector>()}, [&] {
          return nlohmann::json{{"status", "ok"}, {"queue", config.queue.redis->Describe()}}.dump();
        });
    pdex::http::ServerOptions server_options;
    server_options.address = config.bind_address;
    server_options.port = config.metrics_port;
    server_options.threads = 1;
    pdex::http::Server server(server_options, endpoint);
    server.Start();
    log.Log(Level::kInfo, "pdex-drift running",
            {{"queue", config.queue.redis->Describe()},
             {"mode", config.queue.mode == pdex::drift_service::QueueMode::kStream ? "stream" : "list"},
             {"consumer", config.queue.consumer},
             {"buffer_size", config.worker.buffer_size},
             {"report_frequency_seconds", config.worker.report_frequency.count()},
             {"reports_dir", config.reports_dir},
             {"metrics_port", server.port()}});

    std::jthread consumer([&](std::stop_token stop) { worker.Run(stop); });
    const int stop_signal = signals.Wait();
    log.Log(Level::kInfo, "shutting down: writing the buffered events' report", {{"signal", stop_signal}});
    consumer.request_stop();
    consumer.join();
    server.Stop();
    return 0;
  } catch (const std::exception& e) {
    log.Log(Level::kError, "start-up failed", {{"error", e.what()}});
    std::cerr << "pdex-drift: " << e.what() << "\n";
    return 1;
  }
}
