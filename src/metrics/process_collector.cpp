#include "metrics/process_collector.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace pdex::metrics {
namespace {

prometheus::MetricFamily Single(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) m.counter.value = value;
  else m.gauge.value = value;
  return {std::move(name), std::move(help), type, {m}};
}

// Fields of /proc/<pid>/stat after the parenthesised command name, which may
// itself contain spaces and parentheses.
std::vector<std::string> StatFields(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!std::getline(in, line)) return {};
  const auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;  // fields[0] is "state" (field 3 of the file)
}

double BootTimeSeconds(const std::filesystem::path& proc_stat) {
  std::ifstream in(proc_stat);
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double v = 0;
      in >> v;
      return v;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

double MaxFds(const std::filesystem::path& limits) {
  std::ifstream in(limits);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Max open files", 0) == 0) {
      std::istringstream fields(line.substr(std::string_view("Max open files").size()));
      double soft = 0;
      if (fields >> soft) return soft;
    }
  }
  return 0;
}

}  // namespace

ProcessCollector::ProcessCollector(std::filesystem::path proc_dir, std::filesystem::path proc_stat)
    : proc_dir_(std::move(proc_dir)), proc_stat_(std::move(proc_stat)) {}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const auto page = static_cast<double>(sysconf(_SC_PAGESIZE));
  const std::vector<std::string> f = StatFields(proc_dir_ / "stat");
  // Indexes relative to "state" (field 3): utime 14, stime 15, starttime 22,
  // vsize 23, rss 24 in proc(5) numbering.
  if (f.size() > 21) {
    const double cpu = (std::stod(f[11]) + std::stod(f[12])) / ticks;
    out.push_back(Single("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                         MetricType::Counter, cpu));
    out.push_back(Single("process_start_time_seconds",
                         "Start time of the process since unix epoch in seconds.", MetricType::Gauge,
                         BootTimeSeconds(proc_stat_) + std::stod(f[19]) / ticks));
    out.push_back(Single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                         MetricType::Gauge, std::stod(f[20])));
    out.push_back(Single("process_resident_memory_bytes", "Resident memory size in bytes.",
                         MetricType::Gauge, std::stod(f[21]) * page));
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator(proc_dir_ / "fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  if (!ec) {
    out.push_back(Single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, fds));
  }
  if (const double max = MaxFds(proc_dir_ / "limits"); max > 0) {
    out.push_back(Single("process_max_fds", "Maximum number of open file descriptors.",
                         MetricType::Gauge, max));
  }
  return out;
}

}  // namespace pdex::metrics
