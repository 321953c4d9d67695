// Configuration of the drift pipeline from the environment, with the names
// of the architecture document (REDIS_HOST, REDIS_PORT, REPORT_FREQUENCY,
// BUFFER_SIZE, REFERENCE_DATA_PATH) plus our own. Read by pdex-drift, and by
// pdex-api for its publisher and its embedded worker. docs/configuration.md
// lists every variable.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "drift_service/worker.h"
#include "events/publisher.h"
#include "logging/logger.h"
#include "redis/connection.h"
#include "runtime/env.h"

namespace pdex::drift_service {

using ConfigError = runtime::ConfigError;
using Getenv = runtime::Getenv;

enum class QueueMode {
  kOff,     // QUEUE_MODE=off: pdex-api publishes nothing (no drift monitoring)
  kStream,  // Redis Streams: XADD / XREADGROUP + XACK (at-least-once)
  kList,    // QUEUE_MODE=list: RPUSH / BLPOP on a list (the architecture
            // document's protocol, at-most-once)
};

struct QueueConfig {
  // Redis, when REDIS_URL or REDIS_HOST is set; otherwise the embedded
  // in-process queue (pdex-api only).
  std::optional<redis::ConnectionOptions> redis;
  QueueMode mode = QueueMode::kStream;   // QUEUE_MODE = stream | list | off
  std::string key = "predictions";       // QUEUE_NAME: the stream or list
  std::size_t stream_max_length = 1'000'000;  // STREAM_MAXLEN (approximate cap, in events)
  // STREAM_FORMAT = rows | batch | json: what pdex-api writes to the
  // stream (and to the embedded mode's channel), one MessagePack batch of
  // events per entry, in rows (the cheapest to write, events/event_rows.h)
  // or with repeats (less than half the bytes, events/event_batch.h), or
  // one JSON event per entry (events/event_codec.h). The list mode and the
  // consumers ignore it: lists always carry JSON, consumers read all three.
  events::EventFormat event_format = events::EventFormat::kRows;
  std::string group = "pdex-drift";      // CONSUMER_GROUP
  std::string consumer;                  // CONSUMER_NAME (default: host name)
  // CLAIM_IDLE_SECONDS: entries unacknowledged this long belong to a dead
  // worker and are claimed (default 2 × REPORT_FREQUENCY + 60 s).
  std::chrono::seconds claim_idle{7260};
};

struct DriftConfig {
  QueueConfig queue;
  WorkerOptions worker;              // BUFFER_SIZE, REPORT_FREQUENCY, KEEP_REPORTS
  std::string reference_path;        // REFERENCE_DATA_PATH (empty: the model's reference.parquet)
  std::string reports_dir = "reports";  // REPORTS_DIR
  std::string column_config;         // COLUMN_CONFIG (optional JSON file)
  std::string bind_address = "0.0.0.0";  // BIND_ADDRESS (metrics endpoint)
  std::uint16_t metrics_port = 8001;     // METRICS_PORT
  std::size_t event_queue_capacity = 100'000;  // EVENT_QUEUE_CAPACITY (pdex-api's publisher)
  std::chrono::milliseconds event_linger{250};  // EVENT_LINGER_MS (pdex-api's publisher)
  logging::Level log_level = logging::Level::kInfo;  // LOG_LEVEL
};

// Throws ConfigError naming the variable on a bad value.
DriftConfig LoadDriftConfig(const Getenv& getenv);

}  // namespace pdex::drift_service
