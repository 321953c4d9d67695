// pdex-api: the PredictionDex HTTP service. Configuration: see docs/configuration.md.
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <thread>

#include "api/config.h"
#include "api/service.h"
#include "domain/game_data.h"
#include "http/server.h"
#include "logging/logger.h"
#include "prediction/battle_model.h"
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

}  // namespace

int main() {
  auto& log = pdex::logging::Default();
  // Block termination signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

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
    pdex::api::ApiService service(
        *store, log,
        {config.api_keys, PDEX_VERSION, std::chrono::milliseconds(config.data_version_check_ms), &model});

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
             {"api_keys", config.api_keys.size()}});

    std::jthread bootstrap([&](std::stop_token stop) { KeepStoreLoaded(stop, *store, data, service, log); });
    int sig = 0;
    sigwait(&signals, &sig);
    log.Log(Level::kInfo, "shutting down", {{"signal", sig}});
    bootstrap.request_stop();
    server.Stop();
    return 0;
  } catch (const std::exception& e) {
    log.Log(Level::kError, "start-up failed", {{"error", e.what()}});
    std::cerr << "pdex-api: " << e.what() << "\n";
    return 1;
  }
}
