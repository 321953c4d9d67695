// Fills a Redis stream with realistic prediction events as fast as it can,
// for bench/drift_consume.sh (pdex-drift's consumption rate is measured on a
// backlog this tool wrote beforehand).
//
//   event_flood [--host H] [--port P] [--stream S] [--count N] [--batch B]
//               [--reference PATH] [--max-len M] [--format rows|batch|json]
//
// Each event is one row of the reference Parquet file (cycling through its
// rows): the features are every column except `prediction` and
// `probability`, in file order (string columns are categorical features,
// numeric ones numbers), `prediction` and `probability` come from their
// columns, the event id is fresh (events::NewEventId) and the timestamp is
// now. The model version is the file's `pdex.model_version` metadata
// ("unknown" without it). Events are sent through events::RedisStreamSink
// as pdex-api's publisher sends them:
//   --format rows (the default, as STREAM_FORMAT=rows): one entry per B
//     events (default 512) encoded by events::EventRowsWriter, the labels
//     of each string column its values in order of first appearance
//     (XADD ... * batch <msgpack>);
//   --format batch (STREAM_FORMAT=batch): the same encoded by
//     events::EventBatchWriter;
//   --format json (STREAM_FORMAT=json): one entry per event encoded by
//     events::EncodeEvent (XADD ... * payload <json>), one pipelined round
//     trip per B events (default 1000).
//
// --max-len 0 (the default here) sends XADD without MAXLEN, so no event of
// the flood is trimmed before the consumer reads it; pdex-api's default is
// STREAM_MAXLEN=1000000.
//
// Prints one line: `events=N seconds=S events_per_second=R bytes=B`, where
// S covers building, encoding and sending every event (the reference is
// read before the clock starts). Exits 1 with a message on a Redis or
// Parquet error, 2 on bad arguments.
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "events/event.h"
#include "events/event_batch.h"
#include "events/event_codec.h"
#include "events/event_rows.h"
#include "events/redis_stream.h"
#include "parquet/reader.h"
#include "parquet/table.h"

namespace {

using pdex::events::FeatureValue;
using pdex::events::PredictionEvent;

struct Args {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string stream = "predictions";
  std::size_t count = 500'000;
  std::size_t batch = 0;  // 0: the format's default
  std::string reference = "models/reference.parquet";
  std::size_t max_len = 0;
  std::string format = "rows";
  bool json() const { return format == "json"; }
};

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "event_flood: %s\nusage: event_flood [--host H] [--port P] [--stream S] [--count N] [--batch B] "
               "[--reference PATH] [--max-len M] [--format rows|batch|json]\n",
               problem.c_str());
  std::exit(2);
}

std::size_t Number(const std::string& flag, const char* text, std::size_t min, std::size_t max) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < min || v > max) {
    Usage(flag + " wants an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "], not '" + text +
          "'");
  }
  return static_cast<std::size_t>(v);
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) Usage(flag == "--help" ? "help" : "missing value after " + flag);
    const char* value = argv[++i];
    if (flag == "--host") {
      a.host = value;
    } else if (flag == "--port") {
      a.port = static_cast<std::uint16_t>(Number(flag, value, 1, 65535));
    } else if (flag == "--stream") {
      a.stream = value;
    } else if (flag == "--count") {
      a.count = Number(flag, value, 1, 100'000'000);
    } else if (flag == "--batch") {
      a.batch = Number(flag, value, 1, 100'000);
    } else if (flag == "--reference") {
      a.reference = value;
    } else if (flag == "--max-len") {
      a.max_len = Number(flag, value, 0, 1'000'000'000);
    } else if (flag == "--format") {
      a.format = value;
      if (a.format != "rows" && a.format != "batch" && a.format != "json") {
        Usage("--format is rows, batch or json, not '" + a.format + "'");
      }
    } else {
      Usage("unknown option " + flag);
    }
  }
  if (a.batch == 0) a.batch = a.json() ? 1000 : 512;
  return a;
}

// The reference's rows as event templates (features, prediction,
// probability); event_id, timestamp and model_version are filled per event.
std::vector<PredictionEvent> Templates(const pdex::parquet::Table& table) {
  using pdex::parquet::Storage;
  using pdex::parquet::TypeKind;
  const auto prediction = table.IndexOf("prediction");
  const auto probability = table.IndexOf("probability");
  if (!prediction || !probability) throw pdex::parquet::ParquetError("the file has no prediction/probability column");
  auto number = [](const pdex::parquet::Column& c, std::size_t row) {
    return c.storage() == Storage::kInt64 ? static_cast<double>(c.ints()[row]) : c.doubles()[row];
  };
  for (const auto& c : table.columns()) {
    if (c.null_count() > 0) throw pdex::parquet::ParquetError("column " + c.name() + " has nulls");
    if (c.storage() != Storage::kInt64 && c.storage() != Storage::kDouble && c.type().kind != TypeKind::kString) {
      throw pdex::parquet::ParquetError("column " + c.name() + " is neither numeric nor a string");
    }
  }
  std::vector<PredictionEvent> rows(table.num_rows());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    PredictionEvent& e = rows[r];
    e.features.reserve(table.num_columns() - 2);
    for (std::size_t c = 0; c < table.num_columns(); ++c) {
      const auto& col = table.column(c);
      if (c == *prediction || c == *probability) continue;
      if (col.type().kind == TypeKind::kString) {
        e.features.emplace_back(col.name(), FeatureValue(std::string(col.StringAt(r))));
      } else {
        e.features.emplace_back(col.name(), FeatureValue(number(col, r)));
      }
    }
    e.prediction = number(table.column(*prediction), r) > 0.5 ? 1 : 0;
    e.probability = number(table.column(*probability), r);
  }
  return rows;
}

// Each feature's labels: a string column's values in order of first
// appearance, none for a numeric one.
std::vector<std::vector<std::string>> Labels(const std::vector<PredictionEvent>& templates) {
  std::vector<std::vector<std::string>> labels(templates.front().features.size());
  for (const PredictionEvent& e : templates) {
    for (std::size_t f = 0; f < e.features.size(); ++f) {
      const auto* text = std::get_if<std::string>(&e.features[f].second);
      if (text != nullptr && std::find(labels[f].begin(), labels[f].end(), *text) == labels[f].end()) {
        labels[f].push_back(*text);
      }
    }
  }
  return labels;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = Parse(argc, argv);
  try {
    const auto reader = pdex::parquet::FileReader::Open(args.reference);
    std::string model_version = "unknown";
    for (const auto& kv : reader.metadata().key_value_metadata) {
      if (kv.key == "pdex.model_version" && kv.value) model_version = *kv.value;
    }
    std::vector<PredictionEvent> templates = Templates(reader.ReadAll());
    if (templates.empty()) throw pdex::parquet::ParquetError(args.reference + " has no rows");
    for (auto& t : templates) t.model_version = model_version;

    pdex::redis::ConnectionOptions connection;
    connection.host = args.host;
    connection.port = args.port;
    connection.command_timeout = std::chrono::milliseconds(10'000);
    pdex::events::RedisStreamSinkOptions sink_options;
    sink_options.stream = args.stream;
    sink_options.max_len = args.max_len;
    pdex::events::RedisStreamSink sink(connection, sink_options);

    pdex::events::EventSchema schema{model_version, {}};
    for (const auto& [name, value] : templates.front().features) schema.feature_names.push_back(name);
    schema.labels = Labels(templates);
    const pdex::events::EventBatchWriter writer(schema);
    const pdex::events::EventRowsWriter rows_writer(schema);
    std::vector<pdex::events::FeatureValueView> values;
    std::string packed;

    std::vector<std::string> payloads;
    payloads.reserve(args.batch);
    std::size_t bytes = 0;
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t sent = 0; sent < args.count;) {
      const std::size_t n = std::min(args.batch, args.count - sent);
      payloads.clear();
      packed.clear();
      const auto now = std::chrono::system_clock::now();
      for (std::size_t i = 0; i < n; ++i) {
        PredictionEvent& event = templates[(sent + i) % templates.size()];
        if (args.format != "rows") event.event_id = pdex::events::NewEventId();  // rows draw theirs as bytes
        event.timestamp = now;
        if (args.json()) {
          payloads.push_back(pdex::events::EncodeEvent(event));
          bytes += payloads.back().size();
          continue;
        }
        values.clear();
        for (const auto& [name, value] : event.features) {
          const std::string* text = std::get_if<std::string>(&value);
          values.push_back(text != nullptr ? pdex::events::FeatureValueView(*text)
                                           : pdex::events::FeatureValueView(std::get<double>(value)));
        }
        const pdex::events::EventView view{event.timestamp, values, event.prediction, event.probability};
        if (args.format == "rows") {
          std::array<unsigned char, pdex::events::kEventIdBytes> id;
          pdex::events::WriteNewEventIdBytes(id);
          rows_writer.AppendRow(packed, view, id);
        } else {
          writer.AppendEvent(packed, view, event.event_id);
        }
      }
      if (!args.json()) {
        payloads.emplace_back();
        if (args.format == "rows") {
          rows_writer.AppendBatch(payloads.back(), n, packed);
        } else {
          writer.AppendBatch(payloads.back(), n, packed);
        }
        bytes += payloads.back().size();
      }
      sink.Send(payloads);
      sent += n;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("events=%zu seconds=%.3f events_per_second=%.0f bytes=%zu\n", args.count, seconds,
                static_cast<double>(args.count) / seconds, bytes);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "event_flood: %s\n", e.what());
    return 1;
  }
}
