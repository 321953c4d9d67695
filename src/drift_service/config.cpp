#include "drift_service/config.h"

#include <unistd.h>

#include <limits>

#include "redis/redis_url.h"

namespace pdex::drift_service {

using runtime::IntVar;
using runtime::StringVar;

namespace {

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "pdex-drift";
  return name;
}

}  // namespace

DriftConfig LoadDriftConfig(const Getenv& getenv) {
  DriftConfig c;
  QueueConfig& q = c.queue;
  if (const auto url = getenv("REDIS_URL"); url && !url->empty()) {
    try {
      q.redis = redis::ParseRedisUrl(*url);
    } catch (const redis::RedisUrlError& e) {
      throw ConfigError(std::string("REDIS_URL: ") + e.what());
    }
  } else if (const auto host = getenv("REDIS_HOST"); host && !host->empty()) {
    redis::ConnectionOptions options;
    options.host = *host;
    options.port = static_cast<std::uint16_t>(IntVar(getenv, "REDIS_PORT", 6379, 1, 65535));
    options.password = StringVar(getenv, "REDIS_PASSWORD", "");
    options.db = static_cast<int>(IntVar(getenv, "REDIS_DB", 0, 0, 1 << 20));
    q.redis = options;
  }
  const std::string mode = StringVar(getenv, "QUEUE_MODE", "stream");
  if (mode == "stream") {
    q.mode = QueueMode::kStream;
  } else if (mode == "list") {
    q.mode = QueueMode::kList;
  } else if (mode == "off") {
    q.mode = QueueMode::kOff;
  } else {
    throw ConfigError("QUEUE_MODE must be stream, list or off (got '" + mode + "')");
  }
  const std::string format = StringVar(getenv, "STREAM_FORMAT", "rows");
  if (format == "rows") {
    q.event_format = events::EventFormat::kRows;
  } else if (format == "batch") {
    q.event_format = events::EventFormat::kBatch;
  } else if (format == "json") {
    q.event_format = events::EventFormat::kJson;
  } else {
    throw ConfigError("STREAM_FORMAT must be rows, batch or json (got '" + format + "')");
  }
  q.key = StringVar(getenv, "QUEUE_NAME", q.key);
  q.stream_max_length = static_cast<std::size_t>(IntVar(getenv, "STREAM_MAXLEN", 1'000'000, 1000, 1LL << 40));
  q.group = StringVar(getenv, "CONSUMER_GROUP", q.group);
  q.consumer = StringVar(getenv, "CONSUMER_NAME", HostName());
  c.worker.buffer_size = static_cast<std::size_t>(IntVar(getenv, "BUFFER_SIZE", 1000, 1, 10'000'000));
  c.worker.report_frequency = std::chrono::seconds(IntVar(getenv, "REPORT_FREQUENCY", 3600, 1, 31'536'000));
  // A live worker holds events unacknowledged for up to a report period, so
  // only entries idle well beyond it belong to a dead worker.
  const long long default_claim_idle = 2 * c.worker.report_frequency.count() + 60;
  q.claim_idle = std::chrono::seconds(IntVar(getenv, "CLAIM_IDLE_SECONDS", default_claim_idle, 1, 63'072'000));
  c.worker.keep_reports = static_cast<std::size_t>(IntVar(getenv, "KEEP_REPORTS", 168, 1, 1'000'000));
  c.reference_path = StringVar(getenv, "REFERENCE_DATA_PATH", "");
  c.reports_dir = StringVar(getenv, "REPORTS_DIR", c.reports_dir);
  c.column_config = StringVar(getenv, "COLUMN_CONFIG", "");
  c.bind_address = StringVar(getenv, "BIND_ADDRESS", c.bind_address);
  c.metrics_port = static_cast<std::uint16_t>(IntVar(getenv, "METRICS_PORT", 8001, 0, 65535));
  c.event_queue_capacity =
      static_cast<std::size_t>(IntVar(getenv, "EVENT_QUEUE_CAPACITY", 100'000, 1, 100'000'000));
  c.event_linger = std::chrono::milliseconds(IntVar(getenv, "EVENT_LINGER_MS", c.event_linger.count(), 0, 60'000));
  if (const auto v = getenv("LOG_LEVEL"); v && !v->empty()) {
    const auto level = logging::ParseLevel(*v);
    if (!level) throw ConfigError("LOG_LEVEL must be debug, info, warning or error (got '" + *v + "')");
    c.log_level = *level;
  }
  return c;
}

}  // namespace pdex::drift_service
