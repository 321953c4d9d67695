// The drift worker's at-least-once rules against a real Redis stream: a
// buffered event is acknowledged only after its report is on disk, even when
// the stream hands it back again (after a reconnect, the source re-reads its
// own pending entries).
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <sstream>

#include "drift_service/worker.h"
#include "events/event_codec.h"
#include "events/redis_stream.h"
#include "redis/connection.h"
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

}  // namespace
}  // namespace pdex::drift_service
