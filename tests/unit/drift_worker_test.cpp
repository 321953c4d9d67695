// The drift worker over the in-process channel and a real reports directory.
#include "drift_service/worker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <prometheus/registry.h>

#include "events/event_batch.h"
#include "events/event_codec.h"
#include "events/in_process_channel.h"
#include "parquet/reader.h"
#include "test_support.h"
#include "support/metric_sum.h"

namespace pdex::drift_service {
namespace {

using namespace std::chrono_literals;

drift::Reference MakeReference() {
  parquet::Table table;
  parquet::Column hp("a_hp", parquet::ColumnType::Of(parquet::TypeKind::kDouble), false);
  parquet::Column type("a_type1", parquet::ColumnType::Of(parquet::TypeKind::kString), false);
  parquet::Column prediction("prediction", parquet::ColumnType::Of(parquet::TypeKind::kInt64), false);
  parquet::Column probability("probability", parquet::ColumnType::Of(parquet::TypeKind::kDouble), false);
  for (int i = 0; i < 200; ++i) {
    hp.AppendDouble(40 + i % 60);
    type.AppendString(i % 3 == 0 ? "Fire" : "Water");
    prediction.AppendInt(i % 2);
    probability.AppendDouble((i % 100) / 100.0);
  }
  table.AddColumn(std::move(hp));
  table.AddColumn(std::move(type));
  table.AddColumn(std::move(prediction));
  table.AddColumn(std::move(probability));
  return drift::Reference::FromTable(table, {}, "reference");
}

events::PredictionEvent Event(int i, std::string id = "") {
  events::PredictionEvent e;
  e.event_id = id.empty() ? "event-" + std::to_string(i) : std::move(id);
  e.timestamp = std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000 + i));
  e.model_version = "1.0.0";
  e.features = {{"a_hp", 40.0 + i % 60}, {"a_type1", std::string(i % 3 == 0 ? "Fire" : "Water")}};
  e.prediction = i % 2;
  e.probability = (i % 100) / 100.0;
  return e;
}

double Value(prometheus::Registry& registry, const std::string& name, const std::string& label_value = "") {
  return testing::MetricSum(registry, name, label_value);
}

std::vector<std::string> ArchivedIds(const std::filesystem::path& dir) {
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("predictions_", 0) != 0) continue;
    const parquet::Table table = parquet::FileReader::Open(entry.path().string()).ReadAll();
    const parquet::Column& column = table.column("event_id");
    for (std::size_t r = 0; r < table.num_rows(); ++r) ids.emplace_back(column.StringAt(r));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

class DriftWorkerTest : public ::testing::Test {
 protected:
  void Send(const std::vector<std::string>& payloads) { channel_.Send(payloads); }
  void SendEvents(int from, int to) {
    std::vector<std::string> payloads;
    for (int i = from; i < to; ++i) payloads.push_back(events::EncodeEvent(Event(i)));
    Send(payloads);
  }
  std::unique_ptr<DriftWorker> MakeWorker(WorkerOptions options = {}) {
    options.read_wait = 10ms;
    return std::make_unique<DriftWorker>(reference_, drift::DriftOptions{}, channel_, reports_, metrics_, logger_,
                                         options, [this] { return now_; });
  }

  std::ostringstream log_;
  logging::Logger logger_{log_};
  pdex::testing::TempDir dir_;
  drift::Reference reference_ = MakeReference();
  events::InProcessChannel channel_{10'000};
  report::ReportDirectory reports_{dir_.path(), 168, logger_};
  prometheus::Registry registry_;
  DriftMetrics metrics_{registry_, reference_.rows()};
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point(std::chrono::hours(500'000));
};

TEST_F(DriftWorkerTest, EveryInvalidReasonIsExportedAtZeroFromTheStart) {
  std::set<std::string> reasons;
  for (const prometheus::MetricFamily& family : registry_.Collect()) {
    if (family.name != "drift_events_invalid_total") continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      ASSERT_EQ(metric.label.size(), 1u);
      EXPECT_EQ(metric.counter.value, 0);
      reasons.insert(metric.label[0].value);
    }
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"bad_json", "missing_field", "wrong_type", "non_finite", "bad_timestamp",
                                            "bad_batch", "unknown_column", "duplicate_field"}));
}

TEST_F(DriftWorkerTest, ReportsWhenTheBufferIsFull) {
  WorkerOptions options;
  options.buffer_size = 10;
  auto worker = MakeWorker(options);
  SendEvents(0, 15);
  EXPECT_TRUE(worker->Poll());
  EXPECT_EQ(reports_.List().size(), 1u);
  EXPECT_EQ(ArchivedIds(dir_.path()).size(), 10u);
  EXPECT_FALSE(worker->Poll());  // 5 buffered, not due
  EXPECT_EQ(worker->buffered(), 5u);
  EXPECT_EQ(Value(registry_, "drift_reports_total"), 1);
  EXPECT_EQ(Value(registry_, "drift_events_consumed_total"), 15);
  EXPECT_EQ(Value(registry_, "drift_buffer_events"), 5);
  EXPECT_EQ(Value(registry_, "drift_reference_rows"), 200);
  EXPECT_GT(Value(registry_, "drift_last_report_timestamp_seconds"), 0);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "index.html"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "latest.json"));
}

// A batch payload of events i in [from, to).
std::string BatchOf(int from, int to) {
  const events::EventBatchWriter writer(events::EventSchema{"1.0.0", {"a_hp", "a_type1"}});
  std::string packed;
  for (int i = from; i < to; ++i) {
    const events::PredictionEvent e = Event(i);
    const std::array<events::FeatureValueView, 2> values{std::get<double>(e.features[0].second),
                                                         std::string_view(std::get<std::string>(e.features[1].second))};
    writer.AppendEvent(packed, events::EventView{e.timestamp, values, e.prediction, e.probability}, e.event_id);
  }
  std::string batch;
  writer.AppendBatch(batch, static_cast<std::size_t>(to - from), packed);
  return batch;
}

TEST_F(DriftWorkerTest, ABatchLargerThanTheBufferIsSplitAcrossReports) {
  WorkerOptions options;
  options.buffer_size = 10;
  auto worker = MakeWorker(options);
  Send({BatchOf(0, 25), events::EncodeEvent(Event(25))});
  EXPECT_TRUE(worker->Poll());
  EXPECT_TRUE(worker->Poll());
  EXPECT_FALSE(worker->Poll());  // 5 of the batch and the JSON event: not due
  EXPECT_EQ(worker->buffered(), 6u);
  std::vector<std::size_t> sizes;
  for (const auto& r : reports_.List()) sizes.push_back(r.event_count);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{10, 10}));
  EXPECT_EQ(ArchivedIds(dir_.path()).size(), 20u);
  EXPECT_EQ(Value(registry_, "drift_events_consumed_total"), 26);
  EXPECT_EQ(Value(registry_, "drift_buffer_events"), 6);
}

TEST_F(DriftWorkerTest, ABatchsInvalidEventsAreCountedAndItsOthersKept) {
  auto worker = MakeWorker();
  std::string batch = BatchOf(0, 3);
  const std::string wrong_schema = [] {
    const events::EventBatchWriter writer(events::EventSchema{"1.0.0", {"a_mystery"}});
    const std::array<events::FeatureValueView, 1> values{1.0};
    std::string packed;
    writer.AppendEvent(packed, events::EventView{std::chrono::system_clock::now(), values, 1, 0.5}, "odd");
    std::string out;
    writer.AppendBatch(out, 1, packed);
    return out;
  }();
  Send({batch, wrong_schema, batch.substr(0, batch.size() - 3)});
  worker->Poll();
  worker->Poll();
  EXPECT_EQ(worker->buffered(), 3u);
  EXPECT_EQ(Value(registry_, "drift_events_invalid_total", "unknown_column"), 1);
  EXPECT_EQ(Value(registry_, "drift_events_invalid_total", "bad_batch"), 1);
  EXPECT_EQ(Value(registry_, "drift_events_consumed_total"), 5);
}

TEST_F(DriftWorkerTest, StoppingReportsEverythingReadInReportsOfAtMostTheBufferSize) {
  WorkerOptions options;
  options.buffer_size = 10;
  options.drain_on_stop = true;
  auto worker = MakeWorker(options);
  Send({BatchOf(0, 34)});
  channel_.Close();
  std::jthread thread([&](std::stop_token stop) { worker->Run(stop); });
  thread.request_stop();
  thread.join();
  std::vector<std::size_t> sizes;
  for (const auto& r : reports_.List()) sizes.push_back(r.event_count);
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 10, 10, 10}));
  EXPECT_EQ(ArchivedIds(dir_.path()).size(), 34u);
}

TEST_F(DriftWorkerTest, ReportsWhenTheFrequencyElapsesAndSkipsEmptyWindows) {
  WorkerOptions options;
  options.report_frequency = 60s;
  auto worker = MakeWorker(options);
  now_ += 120s;  // an empty window: nothing to report
  EXPECT_FALSE(worker->Poll());
  SendEvents(0, 3);
  EXPECT_FALSE(worker->Poll());
  EXPECT_EQ(worker->buffered(), 3u);
  now_ += 61s;
  EXPECT_TRUE(worker->Poll());
  ASSERT_EQ(reports_.List().size(), 1u);
  EXPECT_EQ(reports_.List()[0].event_count, 3u);
}

TEST_F(DriftWorkerTest, DuplicatesAreDroppedByEventId) {
  auto worker = MakeWorker();
  const std::string payload = events::EncodeEvent(Event(1));
  Send({payload, payload, payload});
  worker->Poll();
  EXPECT_EQ(worker->buffered(), 1u);
  EXPECT_EQ(Value(registry_, "drift_events_duplicate_total"), 2);
}

TEST_F(DriftWorkerTest, InvalidEventsAreCountedByReasonAndSkipped) {
  auto worker = MakeWorker();
  events::PredictionEvent unknown = Event(1);
  unknown.features.emplace_back("a_mystery", 1.0);
  events::PredictionEvent wrong = Event(2);
  wrong.features[1].second = 3.0;  // a number for the categorical a_type1
  events::PredictionEvent missing = Event(3);
  missing.features.pop_back();
  Send({"{not json", "", R"({"timestamp": "2026-11-26T10:00:00Z"})", events::EncodeEvent(unknown),
        events::EncodeEvent(wrong), events::EncodeEvent(missing), events::EncodeEvent(Event(4))});
  worker->Poll();
  EXPECT_EQ(worker->buffered(), 1u);
  EXPECT_EQ(Value(registry_, "drift_events_invalid_total", "bad_json"), 2);
  EXPECT_EQ(Value(registry_, "drift_events_invalid_total", "missing_field"), 2);
  EXPECT_EQ(Value(registry_, "drift_events_invalid_total", "unknown_column"), 1);
  EXPECT_EQ(Value(registry_, "drift_events_invalid_total", "wrong_type"), 1);
  // Logged once per reason, not once per event.
  const std::string log = log_.str();
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 4);
}

TEST_F(DriftWorkerTest, ARestartedWorkerSkipsEventsAlreadyArchived) {
  WorkerOptions options;
  options.buffer_size = 5;
  {
    auto worker = MakeWorker(options);
    SendEvents(0, 5);
    EXPECT_TRUE(worker->Poll());
  }
  // As after a crash between writing and acknowledging: the same events again.
  report::ReportDirectory reopened(dir_.path(), 168, logger_);
  DriftWorker restarted(reference_, {}, channel_, reopened, metrics_, logger_, options, [this] { return now_; });
  SendEvents(0, 7);
  restarted.Poll();  // reads at most the 5 the buffer has room for: all duplicates
  restarted.Poll();
  EXPECT_EQ(restarted.buffered(), 2u);
  EXPECT_EQ(Value(registry_, "drift_events_duplicate_total"), 5);
}

TEST_F(DriftWorkerTest, AReportThatCannotBeWrittenKeepsTheBufferBoundedAndIsRetried) {
  WorkerOptions options;
  options.buffer_size = 5;
  auto worker = MakeWorker(options);
  // The reports directory becomes a plain file: every write fails.
  std::filesystem::remove_all(dir_.path());
  std::ofstream(dir_.path()) << "not a directory";
  SendEvents(0, 20);
  EXPECT_THROW(worker->Poll(), ReportWriteError);  // reads 5, cannot report them
  EXPECT_THROW(worker->Poll(), ReportWriteError);  // reads nothing more
  EXPECT_EQ(worker->buffered(), 5u);
  EXPECT_EQ(Value(registry_, "drift_events_consumed_total"), 5);
  EXPECT_EQ(Value(registry_, "drift_report_failures_total"), 2);
  std::filesystem::remove(dir_.path());
  std::filesystem::create_directory(dir_.path());
  EXPECT_TRUE(worker->Poll());  // the retry writes the kept batch
  EXPECT_EQ(ArchivedIds(dir_.path()).size(), 5u);
  EXPECT_EQ(worker->buffered(), 0u);
}

TEST_F(DriftWorkerTest, StoppingWritesWhatIsBuffered) {
  auto worker = MakeWorker();
  SendEvents(0, 4);
  std::jthread thread([&](std::stop_token stop) { worker->Run(stop); });
  for (int i = 0; i < 500 && Value(registry_, "drift_events_consumed_total") < 4; ++i) std::this_thread::sleep_for(5ms);
  thread.request_stop();
  thread.join();
  ASSERT_EQ(reports_.List().size(), 1u);
  EXPECT_EQ(ArchivedIds(dir_.path()), (std::vector<std::string>{"event-0", "event-1", "event-2", "event-3"}));
}

TEST_F(DriftWorkerTest, ReportsCarryTheWindowAndVerdict) {
  WorkerOptions options;
  options.buffer_size = 50;
  auto worker = MakeWorker(options);
  SendEvents(10, 60);
  ASSERT_TRUE(worker->Poll());
  const auto summary = reports_.List().at(0);
  EXPECT_EQ(summary.event_count, 50u);
  EXPECT_EQ(summary.window_start, Event(10).timestamp);
  EXPECT_EQ(summary.window_end, Event(59).timestamp);
  EXPECT_EQ(summary.number_of_columns, 2u);
  EXPECT_EQ(summary.model_version, "1.0.0");
}

}  // namespace
}  // namespace pdex::drift_service
