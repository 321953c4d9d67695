#include "report/report_directory.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "report/html_report.h"
#include "test_support.h"
#include "unit/report_samples.h"

namespace pdex::report {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void WriteText(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> Names(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> Ids(const std::vector<ReportSummary>& list) {
  std::vector<std::string> ids;
  for (const ReportSummary& summary : list) ids.push_back(summary.id);
  return ids;
}

std::vector<std::string> EventIds(const std::string& prefix, int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back(prefix + std::to_string(i));
  return ids;
}

class ReportDirectoryTest : public ::testing::Test {
 protected:
  fs::path reports() const { return dir_.path() / "reports"; }
  // Hours after 2026-11-26T10:15:00.250Z.
  static drift::DriftReport ReportAt(double hours) { return samples::Report(6, 8, samples::At(hours * 3600)); }

  TempDir dir_;
  std::ostringstream log_;
  logging::Logger logger_{log_, logging::Level::kDebug};
};

TEST_F(ReportDirectoryTest, WriteLeavesCompleteFilesUnderTheirNames) {
  ReportDirectory directory(reports(), kDefaultKeepReports, logger_);
  const drift::DriftReport report = ReportAt(0);
  const WrittenReport written = directory.Write(report, samples::Events(EventIds("e", 5)));

  EXPECT_EQ(written.id, "20261126T101500Z");
  EXPECT_EQ(written.html, reports() / "drift_report_20261126T101500Z.html");
  EXPECT_EQ(written.json, reports() / "drift_report_20261126T101500Z.json");
  EXPECT_EQ(written.parquet, reports() / "predictions_20261126T101500Z.parquet");
  EXPECT_TRUE(written.expired_ids.empty());
  EXPECT_EQ(Read(written.html), RenderHtml(report));
  EXPECT_EQ(Read(written.json), RenderJson(report));
  const parquet::Table events = parquet::FileReader::Open(written.parquet.string()).ReadAll();
  EXPECT_EQ(events.num_rows(), 5u);
  EXPECT_EQ(events.num_columns(), 6u);
  EXPECT_EQ(events.column("event_id").StringAt(4), "e4");
  EXPECT_TRUE(events.column("hp_diff").IsNull(3));

  // Nothing else: no temporary file is left behind.
  EXPECT_EQ(Names(reports()), (std::vector<std::string>{".pdex-reports.lock", "drift_report_20261126T101500Z.html",
                                                        "drift_report_20261126T101500Z.json", "index.html",
                                                        "latest.json", "predictions_20261126T101500Z.parquet"}));
  EXPECT_EQ(Read(reports() / "latest.json"), Read(written.json));
  EXPECT_EQ(Ids(directory.List()), (std::vector<std::string>{"20261126T101500Z"}));
}

TEST_F(ReportDirectoryTest, ReportsOfTheSameSecondGetDistinctNames) {
  ReportDirectory directory(reports(), kDefaultKeepReports, logger_);
  const parquet::Table events = samples::Events(EventIds("e", 2));
  EXPECT_EQ(directory.Write(ReportAt(0), events).id, "20261126T101500Z");
  EXPECT_EQ(directory.Write(ReportAt(0.1 / 3600), events).id, "20261126T101500Z-2");  // 100 ms later
  EXPECT_EQ(directory.Write(ReportAt(0), events).id, "20261126T101500Z-3");
  EXPECT_EQ(Ids(directory.List()),
            (std::vector<std::string>{"20261126T101500Z-2", "20261126T101500Z-3", "20261126T101500Z"}));
}

TEST_F(ReportDirectoryTest, TwoWritersSharingTheDirectoryDoNotCollide) {
  ReportDirectory first(reports(), kDefaultKeepReports, logger_);
  ReportDirectory second(reports(), kDefaultKeepReports, logger_);
  const parquet::Table events = samples::Events(EventIds("e", 2));
  EXPECT_EQ(first.Write(ReportAt(0), events).id, "20261126T101500Z");
  EXPECT_EQ(second.Write(ReportAt(0), events).id, "20261126T101500Z-2");
  EXPECT_EQ(first.Write(ReportAt(0), events).id, "20261126T101500Z-3");
  // Each writer's index lists the other's reports too.
  EXPECT_EQ(first.List().size(), 3u);
  const std::string index = Read(reports() / "index.html");
  for (const std::string_view id : {"20261126T101500Z.html", "20261126T101500Z-2.html", "20261126T101500Z-3.html"}) {
    EXPECT_NE(index.find(std::string("drift_report_") + std::string(id)), std::string::npos) << id;
  }
}

TEST_F(ReportDirectoryTest, RetentionKeepsTheNewestReports) {
  ReportDirectory directory(reports(), 3, logger_);
  const parquet::Table events = samples::Events(EventIds("e", 2));
  for (int hour = 0; hour < 3; ++hour) EXPECT_TRUE(directory.Write(ReportAt(hour), events).expired_ids.empty());
  EXPECT_EQ(directory.Write(ReportAt(3), events).expired_ids, (std::vector<std::string>{"20261126T101500Z"}));
  EXPECT_EQ(directory.Write(ReportAt(4), events).expired_ids, (std::vector<std::string>{"20261126T111500Z"}));

  EXPECT_EQ(Ids(directory.List()),
            (std::vector<std::string>{"20261126T141500Z", "20261126T131500Z", "20261126T121500Z"}));
  for (const std::string_view gone : {"20261126T101500Z", "20261126T111500Z"}) {
    const std::string id(gone);
    EXPECT_FALSE(fs::exists(reports() / ("drift_report_" + id + ".html"))) << id;
    EXPECT_FALSE(fs::exists(reports() / ("drift_report_" + id + ".json"))) << id;
    EXPECT_FALSE(fs::exists(reports() / ("predictions_" + id + ".parquet"))) << id;
    EXPECT_EQ(Read(reports() / "index.html").find(id), std::string::npos) << id;
  }
  EXPECT_TRUE(fs::exists(reports() / "predictions_20261126T121500Z.parquet"));

  // Retention also applies when a directory is opened with a smaller limit.
  ReportDirectory smaller(reports(), 1, logger_);
  EXPECT_EQ(Ids(smaller.List()), (std::vector<std::string>{"20261126T141500Z"}));
  EXPECT_FALSE(fs::exists(reports() / "drift_report_20261126T131500Z.json"));
}

TEST_F(ReportDirectoryTest, IndexAndListAreNewestFirstAndLatestIsTheNewest) {
  ReportDirectory directory(reports(), kDefaultKeepReports, logger_);
  const parquet::Table events = samples::Events(EventIds("e", 2));
  drift::DriftReport drifted = ReportAt(2);
  drifted.result.dataset.dataset_drift = true;
  const WrittenReport newest = directory.Write(drifted, events);
  directory.Write(ReportAt(0), events);  // an older report written later
  directory.Write(ReportAt(1), events);

  EXPECT_EQ(Ids(directory.List()),
            (std::vector<std::string>{"20261126T121500Z", "20261126T111500Z", "20261126T101500Z"}));
  const std::string index = Read(reports() / "index.html");
  const std::size_t first = index.find("drift_report_20261126T121500Z.html");
  const std::size_t second = index.find("drift_report_20261126T111500Z.html");
  const std::size_t third = index.find("drift_report_20261126T101500Z.html");
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(third, std::string::npos);
  EXPECT_NE(index.find("predictions_20261126T101500Z.parquet"), std::string::npos);
  EXPECT_NE(index.find("drift_report_20261126T101500Z.json"), std::string::npos);
  EXPECT_NE(index.find("Latest report: dataset drift detected"), std::string::npos);
  EXPECT_EQ(Read(reports() / "latest.json"), Read(newest.json));
}

TEST_F(ReportDirectoryTest, RestartKeepsTheIndexAndSkipsUnreadableReports) {
  const parquet::Table events = samples::Events(EventIds("e", 2));
  {
    ReportDirectory directory(reports(), kDefaultKeepReports, logger_);
    directory.Write(ReportAt(0), events);
    directory.Write(ReportAt(1), events);
  }
  WriteText(reports() / "drift_report_20261126T090000Z.json", "{\"metrics\": ");  // truncated by hand
  WriteText(reports() / "drift_report_backup.json", "{}");
  fs::remove(reports() / "index.html");

  ReportDirectory restarted(reports(), kDefaultKeepReports, logger_);
  EXPECT_EQ(Ids(restarted.List()), (std::vector<std::string>{"20261126T111500Z", "20261126T101500Z"}));
  const std::string index = Read(reports() / "index.html");
  EXPECT_NE(index.find("drift_report_20261126T111500Z.html"), std::string::npos);
  EXPECT_NE(index.find("drift_report_20261126T101500Z.html"), std::string::npos);
  EXPECT_EQ(index.find("20261126T090000Z"), std::string::npos);
  const std::string log = log_.str();
  EXPECT_NE(log.find("ignoring an unreadable drift report"), std::string::npos);
  EXPECT_NE(log.find("drift_report_20261126T090000Z.json"), std::string::npos);
  EXPECT_NE(log.find("not valid JSON"), std::string::npos);
  EXPECT_NE(log.find("drift_report_backup.json"), std::string::npos);

  // Logged once, not at every write.
  log_.str("");
  restarted.Write(ReportAt(2), events);
  EXPECT_EQ(log_.str().find("drift_report_20261126T090000Z.json"), std::string::npos);
  EXPECT_EQ(restarted.List().size(), 3u);
}

TEST_F(ReportDirectoryTest, ArchivedEventIdsReadsEveryCompleteReportsEvents) {
  ReportDirectory directory(reports(), kDefaultKeepReports, logger_);
  EXPECT_TRUE(directory.ArchivedEventIds().empty());
  directory.Write(ReportAt(0), samples::Events(EventIds("a", 3)));
  directory.Write(ReportAt(1), samples::Events(EventIds("b", 2)));
  // Events of a report whose JSON is missing were not archived: the crashed
  // writer never acknowledged them, so they come back.
  parquet::WriteTable((reports() / "predictions_20261126T090000Z.parquet").string(),
                      samples::Events(EventIds("orphan", 2)));
  // A damaged archive is logged and skipped.
  directory.Write(ReportAt(2), samples::Events(EventIds("c", 1)));
  WriteText(reports() / "predictions_20261126T121500Z.parquet", "not parquet");

  const std::unordered_set<std::string> ids = directory.ArchivedEventIds();
  EXPECT_EQ(ids, (std::unordered_set<std::string>{"a0", "a1", "a2", "b0", "b1"}));
  EXPECT_NE(log_.str().find("cannot read archived events"), std::string::npos);
}

TEST_F(ReportDirectoryTest, StartUpRemovesLeftoversOfInterruptedWrites) {
  fs::create_directories(reports());
  const std::vector<std::string> leftovers = {
      ".drift_report_20261126T101500Z.html.tmp-1a2b3c4d",
      ".drift_report_20261126T101500Z.json.tmp-00000000",
      ".predictions_20261126T101500Z.parquet.tmp-deadbeef",  // the Parquet writer's
      ".index.html.tmp-cafef00d",
      ".latest.json.tmp-0badf00d",
      "predictions_20261126T101500Z.parquet",  // a report without its JSON
      "drift_report_20261126T101500Z.html",
  };
  for (const std::string& name : leftovers) WriteText(reports() / name, "partial");
  const std::vector<std::string> unrelated = {".hidden", "notes.txt", "predictions_old.parquet", ".tmp-other"};
  for (const std::string& name : unrelated) WriteText(reports() / name, "keep me");

  ReportDirectory directory(reports(), kDefaultKeepReports, logger_);
  for (const std::string& name : leftovers) EXPECT_FALSE(fs::exists(reports() / name)) << name;
  for (const std::string& name : unrelated) EXPECT_TRUE(fs::exists(reports() / name)) << name;
  EXPECT_NE(log_.str().find("removed a leftover report file"), std::string::npos);
  EXPECT_TRUE(directory.List().empty());
  EXPECT_NE(Read(reports() / "index.html").find("No reports yet"), std::string::npos);
  EXPECT_FALSE(fs::exists(reports() / "latest.json"));
}

TEST_F(ReportDirectoryTest, FailedWriteLeavesNothingBehind) {
  ReportDirectory directory(reports(), kDefaultKeepReports, logger_);
  directory.Write(ReportAt(0), samples::Events(EventIds("e", 1)));
  const std::string index = Read(reports() / "index.html");
  const std::vector<std::string> before = Names(reports());
  try {
    directory.Write(ReportAt(1), parquet::Table());  // no columns: not writable as Parquet
    FAIL() << "expected ReportError";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write drift report 20261126T111500Z"), std::string::npos) << e.what();
  }
  EXPECT_EQ(Names(reports()), before);
  EXPECT_EQ(Read(reports() / "index.html"), index);
  EXPECT_EQ(directory.List().size(), 1u);
}

TEST_F(ReportDirectoryTest, UnusableDirectoryIsAClearError) {
  WriteText(dir_.path() / "a_file", "x");
  try {
    ReportDirectory directory(dir_.path() / "a_file" / "reports", kDefaultKeepReports, logger_);
    FAIL() << "expected ReportError";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create reports directory " + (dir_.path() / "a_file").string()),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(ReportDirectory(reports(), 0, logger_), ReportError);
}

TEST_F(ReportDirectoryTest, CreatesTheDirectoryWithAnEmptyIndex) {
  const ReportDirectory directory(reports() / "nested", kDefaultKeepReports, logger_);
  EXPECT_TRUE(fs::is_directory(reports() / "nested"));
  EXPECT_TRUE(fs::exists(reports() / "nested" / "index.html"));
  EXPECT_TRUE(directory.ArchivedEventIds().empty());
}

}  // namespace
}  // namespace pdex::report
