// The drift worker's at-least-once rules against a real Redis stream: a
// buffered event is acknowledged only after its report is on disk, even when
// the stream hands it back again (after a reconnect, the source re-reads its
// own pending entries).
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <array>
#include <filesystem>
#include <set>
#include <sstream>

#include "drift_service/worker.h"
#include "events/event_batch.h"
#include "events/event_codec.h"
#include "events/redis_stream.h"
#include "redis/connection.h"
#include "parquet/reader.h"
#include "redis_server.h"
#include "test_support.h"
#include "support/metric_sum.h"

namespace pdex::drift_service {
namespace {

using namespace std::chrono_literals;

drift::Reference MakeReference() {
  parquet::Table table;
  parquet::Column hp("a_hp", parquet::ColumnType::Of(parquet::TypeKind::kDouble), false);
  for (int i = 0; i < 100; ++i) hp.AppendDouble(40 + i % 30);
  table.AddColumn(std::move(hp));
  return drift::Reference::FromTable(table, {}, "reference");
}

std::string Payload(int i) {
  events::PredictionEvent e;
  e.event_id = "event-" + std::to_string(i);
  e.timestamp = std::chrono::system_clock::now();
  e.model_version = "1.0.0";
  e.features = {{"a_hp", 40.0 + i}};
  e.prediction = 1;
  e.probability = 0.75;
  return events::EncodeEvent(e);
}

// One batch entry of `n` events, event-<first>...
std::string Batch(int first, int n) {
  const events::EventBatchWriter writer(events::EventSchema{"1.0.0", {"a_hp"}});
  std::string packed;
  for (int i = first; i < first + n; ++i) {
    const std::array<events::FeatureValueView, 1> values{40.0 + i % 30};
    writer.AppendEvent(packed, events::EventView{std::chrono::system_clock::now(), values, 1, 0.75},
                       "event-" + std::to_string(i));
  }
  std::string batch;
  writer.AppendBatch(batch, static_cast<std::size_t>(n), packed);
  return batch;
}

class DriftWorkerRedisTest : public ::testing::Test {
 protected:
  redis::ConnectionOptions Options() const {
    redis::ConnectionOptions o;
    o.port = server_.port();
    return o;
  }
  long long Pending() {
    const redis::Reply summary = redis::Connection(Options()).Command({"XPENDING", "predictions", "pdex-drift"});
    return summary.elements().at(0).integer();
  }

  pdex::testing::RedisServer server_;
  pdex::testing::TempDir dir_;
  std::ostringstream log_;
  logging::Logger logger_{log_};
  drift::Reference reference_ = MakeReference();
  prometheus::Registry registry_;
  DriftMetrics metrics_{registry_, reference_.rows()};
};

TEST_F(DriftWorkerRedisTest, BufferedEventsHandedBackAreNotAcknowledgedBeforeTheirReport) {
  events::RedisStreamSink sink(Options());
  std::vector<std::string> payloads;
  for (int i = 0; i < 5; ++i) payloads.push_back(Payload(i));
  sink.Send(payloads);

  events::RedisStreamSourceOptions source_options;
  source_options.consumer = "worker";
  events::RedisStreamSource source(Options(), source_options);
  report::ReportDirectory reports(dir_.path(), 10, logger_);
  WorkerOptions options;
  options.buffer_size = 10;
  options.read_wait = 100ms;
  DriftWorker worker(reference_, {}, source, reports, metrics_, logger_, options);
  for (int i = 0; i < 50 && worker.buffered() < 5; ++i) worker.Poll();
  ASSERT_EQ(worker.buffered(), 5u);
  EXPECT_EQ(Pending(), 5);

  // Drop every client connection: the source reconnects and re-reads its own
  // pending entries, the very events the worker holds.
  redis::Connection(Options()).Command({"CLIENT", "KILL", "TYPE", "normal"});
  for (int i = 0; i < 5; ++i) {
    try {
      worker.Poll();
    } catch (const std::exception&) {
      // The first read after the kill may fail; the next one reconnects.
    }
  }
  EXPECT_EQ(worker.buffered(), 5u);
  EXPECT_EQ(testing::MetricSum(registry_, "drift_events_duplicate_total"), 0);
  EXPECT_EQ(Pending(), 5) << "a buffered event was acknowledged before its report";

  ASSERT_TRUE(worker.Flush());
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(reports.List().size(), 1u);
}

TEST_F(DriftWorkerRedisTest, ABatchEntryIsAcknowledgedOnlyOnceAllItsEventsAreReported) {
  events::RedisStreamSink sink(Options());
  sink.Send(std::vector<std::string>{Batch(0, 25)});
  events::RedisStreamSourceOptions source_options;
  source_options.consumer = "worker";
  WorkerOptions options;
  options.buffer_size = 10;
  options.read_wait = 100ms;
  {
    events::RedisStreamSource source(Options(), source_options);
    report::ReportDirectory reports(dir_.path(), 10, logger_);
    DriftWorker worker(reference_, {}, source, reports, metrics_, logger_, options);
    ASSERT_TRUE(worker.Poll());  // events 0-9
    EXPECT_EQ(Pending(), 1) << "acknowledged with 15 of its events unreported";
    ASSERT_TRUE(worker.Poll());  // events 10-19
    EXPECT_EQ(Pending(), 1);
    EXPECT_EQ(worker.buffered(), 5u);
    // The worker dies here, its last 5 events unreported.
  }
  events::RedisStreamSource source(Options(), source_options);
  report::ReportDirectory reports(dir_.path(), 10, logger_);
  DriftWorker restarted(reference_, {}, source, reports, metrics_, logger_, options);
  for (int i = 0; i < 20 && restarted.buffered() < 5; ++i) restarted.Poll();
  EXPECT_EQ(restarted.buffered(), 5u);  // the 20 archived events are duplicates
  EXPECT_EQ(testing::MetricSum(registry_, "drift_events_duplicate_total"), 20);
  EXPECT_EQ(Pending(), 1);
  ASSERT_TRUE(restarted.Flush());
  EXPECT_EQ(Pending(), 0);
  std::set<std::string> archived;
  std::size_t rows = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().filename().string().rfind("predictions_", 0) != 0) continue;
    const parquet::Table table = parquet::FileReader::Open(entry.path().string()).ReadAll();
    for (std::size_t r = 0; r < table.num_rows(); ++r, ++rows) archived.emplace(table.column("event_id").StringAt(r));
  }
  EXPECT_EQ(rows, 25u);
  EXPECT_EQ(archived.size(), 25u);
}

}  // namespace
}  // namespace pdex::drift_service
