// Unit tests for metrics/process_collector.h against /proc/self and a fixture.
#include "metrics/process_collector.h"

#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "test_support.h"

namespace pdex::metrics {
namespace {

namespace fs = std::filesystem;

struct Value {
  prometheus::MetricType type;
  double value;
  std::string help;
};

// name -> (type, value) of single-sample families; fails on duplicates.
std::map<std::string, Value> ByName(const std::vector<prometheus::MetricFamily>& families) {
  std::map<std::string, Value> out;
  for (const auto& f : families) {
    EXPECT_EQ(f.metric.size(), 1u) << f.name;
    if (f.metric.empty()) continue;
    const auto& m = f.metric.front();
    EXPECT_TRUE(m.label.empty()) << f.name;
    const double v = f.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
    EXPECT_TRUE(out.emplace(f.name, Value{f.type, v, f.help}).second) << "duplicate " << f.name;
  }
  return out;
}

using pdex::testing::TempDir;

void WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

const char* const kSix[] = {"process_cpu_seconds_total",     "process_start_time_seconds",
                            "process_virtual_memory_bytes",  "process_resident_memory_bytes",
                            "process_open_fds",              "process_max_fds"};

TEST(ProcessCollector, ReportsAllSixFamiliesForThisProcess) {
  const ProcessCollector collector;  // /proc/self, /proc/stat
  const auto values = ByName(collector.Collect());
  for (const char* name : kSix) EXPECT_EQ(values.count(name), 1u) << name;
  EXPECT_EQ(values.size(), 6u);
}

TEST(ProcessCollector, ValuesForThisProcessArePlausible) {
  const auto values = ByName(ProcessCollector().Collect());
  ASSERT_EQ(values.size(), 6u);

  const Value& cpu = values.at("process_cpu_seconds_total");
  EXPECT_EQ(cpu.type, prometheus::MetricType::Counter);
  EXPECT_GE(cpu.value, 0);
  EXPECT_LT(cpu.value, 3600);

  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const Value& start = values.at("process_start_time_seconds");
  EXPECT_EQ(start.type, prometheus::MetricType::Gauge);
  EXPECT_LE(start.value, now + 2);
  EXPECT_GT(start.value, now - 3600) << "this test process started less than an hour ago";

  const double rss = values.at("process_resident_memory_bytes").value;
  const double vsize = values.at("process_virtual_memory_bytes").value;
  EXPECT_GT(rss, 1 << 20);  // more than 1 MiB
  EXPECT_GT(vsize, rss);
  EXPECT_EQ(values.at("process_resident_memory_bytes").type, prometheus::MetricType::Gauge);

  const double fds = values.at("process_open_fds").value;
  const double max_fds = values.at("process_max_fds").value;
  EXPECT_GE(fds, 3);  // stdin, stdout, stderr
  EXPECT_GE(max_fds, fds);
}

TEST(ProcessCollector, OpenFdsFollowsOpenFiles) {
  const ProcessCollector collector;
  const double before = ByName(collector.Collect()).at("process_open_fds").value;
  std::ifstream a("/proc/self/stat"), b("/proc/self/status");
  ASSERT_TRUE(a && b);
  const double after = ByName(collector.Collect()).at("process_open_fds").value;
  EXPECT_EQ(after, before + 2);
}

// A /proc/<pid> look-alike with known contents.
class FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Fields after the command name, numbered as in proc(5) from 3 (state).
    // utime (14) = 250, stime (15) = 150, starttime (22) = 1000,
    // vsize (23) = 123456789, rss (24) = 2500.
    std::string stat = "4242 (my (weird) prog) x) S";
    for (int field = 4; field <= 52; ++field) {
      std::string v = std::to_string(field * 1000);  // recognisable filler
      switch (field) {
        case 14: v = "250"; break;
        case 15: v = "150"; break;
        case 22: v = "1000"; break;
        case 23: v = "123456789"; break;
        case 24: v = "2500"; break;
        default: break;
      }
      stat += " " + v;
    }
    WriteFile(dir_.path() / "stat", stat + "\n");
    WriteFile(dir_.path() / "limits",
              "Limit                     Soft Limit           Hard Limit           Units     \n"
              "Max cpu time              unlimited            unlimited            seconds   \n"
              "Max open files            4096                 524288               files     \n"
              "Max locked memory         8388608              8388608              bytes     \n");
    fs::create_directory(dir_.path() / "fd");
    for (int i = 0; i < 7; ++i) WriteFile(dir_.path() / "fd" / std::to_string(i), "");
    WriteFile(dir_.path() / "proc_stat",
              "cpu  1 2 3 4 5 6 7 8 9 10\n"
              "intr 12345 1 2 3\n"
              "ctxt 999\n"
              "btime 1700000000\n"
              "processes 4321\n");
  }
  ProcessCollector Collector() const { return ProcessCollector(dir_.path(), dir_.path() / "proc_stat"); }
  TempDir dir_;
};

TEST_F(FixtureTest, ExactValuesFromAStatWithSpacesAndParenthesesInTheCommandName) {
  const auto values = ByName(Collector().Collect());
  ASSERT_EQ(values.size(), 6u);
  const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const auto page = static_cast<double>(sysconf(_SC_PAGESIZE));
  EXPECT_DOUBLE_EQ(values.at("process_cpu_seconds_total").value, 400 / ticks);
  EXPECT_DOUBLE_EQ(values.at("process_start_time_seconds").value, 1700000000 + 1000 / ticks);
  EXPECT_DOUBLE_EQ(values.at("process_virtual_memory_bytes").value, 123456789);
  EXPECT_DOUBLE_EQ(values.at("process_resident_memory_bytes").value, 2500 * page);
  EXPECT_DOUBLE_EQ(values.at("process_open_fds").value, 7);
  EXPECT_DOUBLE_EQ(values.at("process_max_fds").value, 4096);
}

TEST_F(FixtureTest, FamiliesCarryTheStandardTypesAndHelp) {
  const auto values = ByName(Collector().Collect());
  EXPECT_EQ(values.at("process_cpu_seconds_total").type, prometheus::MetricType::Counter);
  for (const char* name : kSix) {
    if (std::string(name) == "process_cpu_seconds_total") continue;
    EXPECT_EQ(values.at(name).type, prometheus::MetricType::Gauge) << name;
  }
  for (const char* name : kSix) EXPECT_FALSE(values.at(name).help.empty()) << name;
}

TEST_F(FixtureTest, MissingFilesLeaveTheirMetricsOut) {
  fs::remove(dir_.path() / "stat");
  auto values = ByName(Collector().Collect());
  EXPECT_EQ(values.count("process_cpu_seconds_total"), 0u);
  EXPECT_EQ(values.count("process_resident_memory_bytes"), 0u);
  EXPECT_EQ(values.count("process_open_fds"), 1u);
  EXPECT_EQ(values.count("process_max_fds"), 1u);

  fs::remove_all(dir_.path() / "fd");
  fs::remove(dir_.path() / "limits");
  EXPECT_TRUE(Collector().Collect().empty());
}

TEST_F(FixtureTest, UnlimitedOpenFilesIsLeftOut) {
  WriteFile(dir_.path() / "limits", "Max open files            unlimited            unlimited            files\n");
  const auto values = ByName(Collector().Collect());
  EXPECT_EQ(values.count("process_max_fds"), 0u);
  EXPECT_EQ(values.count("process_open_fds"), 1u);
}

TEST_F(FixtureTest, TruncatedStatLeavesItsMetricsOut) {
  WriteFile(dir_.path() / "stat", "4242 (prog) S 1 2 3\n");
  const auto values = ByName(Collector().Collect());
  EXPECT_EQ(values.count("process_cpu_seconds_total"), 0u);
  EXPECT_EQ(values.count("process_virtual_memory_bytes"), 0u);
  EXPECT_EQ(values.count("process_open_fds"), 1u);
}

TEST_F(FixtureTest, MissingBootTimeStillReportsTheOtherStatMetrics) {
  WriteFile(dir_.path() / "proc_stat", "cpu  1 2 3\n");
  const auto values = ByName(Collector().Collect());
  EXPECT_DOUBLE_EQ(values.at("process_virtual_memory_bytes").value, 123456789);
}

}  // namespace
}  // namespace pdex::metrics
