#pragma once
// The standard process_* metrics, read from /proc/self.
#include <filesystem>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

namespace pdex::metrics {

// Reports process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds, as the Prometheus client libraries name them.
// `proc_dir` is /proc/self in production; tests point it at a fixture.
//
// Thread safety: Collect may run concurrently. Failure: a file that cannot be
// read leaves its metrics out of that scrape.
class ProcessCollector final : public prometheus::Collectable {
 public:
  explicit ProcessCollector(std::filesystem::path proc_dir = "/proc/self",
                            std::filesystem::path proc_stat = "/proc/stat");
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::filesystem::path proc_dir_;
  std::filesystem::path proc_stat_;
};

}  // namespace pdex::metrics
