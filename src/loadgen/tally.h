#pragma once
// What pdex loadgen counts while it runs, and the summary it prints.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pdex::loadgen {

// Latency percentiles by nearest rank: the p-th percentile of n sorted
// values is the value of rank ceil(p/100 x n).
struct Latencies {
  std::chrono::nanoseconds p50{}, p95{}, p99{}, max{};
};

using KindCounts = std::map<std::string, std::size_t, std::less<>>;

struct Summary {
  std::size_t sent = 0;     // requests sent: answered + errors
  std::size_t ok = 0;       // answered 2xx
  std::size_t non_2xx = 0;  // answered with another status
  std::size_t errors = 0;   // no HTTP answer (connect, write, read, timeout)
  std::size_t late = 0;     // skipped: due more than the late limit before a connection was free
  std::map<int, std::size_t> statuses;               // every answer's status
  KindCounts error_kinds;                             // errors by message
  std::optional<Latencies> latency;                  // of the answers; none without any
  std::chrono::nanoseconds elapsed{};                // the run's wall time
  double target_rate = 0;                            // requests per second asked for

  std::size_t failed() const { return non_2xx + errors; }
  // Requests sent per second of elapsed time (0 when no time elapsed).
  double achieved_rate() const;
};

// Counts of one sender. Not thread-safe: one per thread, merged at the end.
class Tally {
 public:
  // An HTTP answer with its status, `latency` after the request was due.
  void Answered(int status, std::chrono::nanoseconds latency);
  // A request that got no HTTP answer; `kind` says why (e.g. "Connection refused").
  void Failed(std::string_view kind);
  // A request skipped because it was too late to send.
  void Late();
  // Adds another tally's counts to this one.
  void Merge(const Tally& other);

  Summary Summarize(std::chrono::nanoseconds elapsed, double target_rate) const;

 private:
  std::size_t late_ = 0;
  std::map<int, std::size_t> statuses_;
  KindCounts error_kinds_;
  std::vector<std::chrono::nanoseconds> latencies_;
};

// One line (more when there are non-2xx statuses or errors, one per status
// or error kind):
//   loadgen: 600 requests in 30.0 s (20.0/s, target 20/s), 600 ok, 0 failed
//   (non-2xx 0, errors 0), 0 late; latency p50 2.1 ms p95 4.0 ms p99 6.3 ms max 9.1 ms
std::string FormatText(const Summary& summary);
// One JSON object: sent, ok, failed, non_2xx, errors, late, statuses
// {"200": n}, error_kinds {"message": n}, elapsed_seconds, target_rate,
// achieved_rate, latency_seconds {p50, p95, p99, max} (null without answers).
std::string FormatJson(const Summary& summary);

}  // namespace pdex::loadgen
