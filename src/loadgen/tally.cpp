#include "loadgen/tally.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

namespace pdex::loadgen {

namespace {

// The value of rank ceil(numerator/denominator x n) of sorted, non-empty values.
std::chrono::nanoseconds NearestRank(const std::vector<std::chrono::nanoseconds>& sorted, std::size_t numerator,
                                     std::size_t denominator) {
  const std::size_t rank = (numerator * sorted.size() + denominator - 1) / denominator;
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

double Seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }
double Millis(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A number with one decimal ("2.1").
std::string Fixed1(double value) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << value;
  return out.str();
}

}  // namespace

double Summary::achieved_rate() const {
  const double seconds = Seconds(elapsed);
  return seconds > 0 ? static_cast<double>(sent) / seconds : 0;
}

void Tally::Answered(int status, std::chrono::nanoseconds latency) {
  ++statuses_[status];
  latencies_.push_back(latency);
}

void Tally::Failed(std::string_view kind) {
  const auto it = error_kinds_.find(kind);
  if (it == error_kinds_.end()) {
    error_kinds_.emplace(std::string(kind), 1);
  } else {
    ++it->second;
  }
}

void Tally::Late() { ++late_; }

void Tally::Merge(const Tally& other) {
  late_ += other.late_;
  for (const auto& [status, n] : other.statuses_) statuses_[status] += n;
  for (const auto& [kind, n] : other.error_kinds_) error_kinds_[kind] += n;
  latencies_.insert(latencies_.end(), other.latencies_.begin(), other.latencies_.end());
}

Summary Tally::Summarize(std::chrono::nanoseconds elapsed, double target_rate) const {
  Summary s;
  s.late = late_;
  s.statuses = statuses_;
  s.error_kinds = error_kinds_;
  s.elapsed = elapsed;
  s.target_rate = target_rate;
  for (const auto& [status, n] : statuses_) (status >= 200 && status < 300 ? s.ok : s.non_2xx) += n;
  for (const auto& [kind, n] : error_kinds_) s.errors += n;
  s.sent = s.ok + s.non_2xx + s.errors;
  if (!latencies_.empty()) {
    std::vector<std::chrono::nanoseconds> sorted = latencies_;
    std::sort(sorted.begin(), sorted.end());
    s.latency = Latencies{NearestRank(sorted, 50, 100), NearestRank(sorted, 95, 100), NearestRank(sorted, 99, 100),
                          sorted.back()};
  }
  return s;
}

std::string FormatText(const Summary& s) {
  std::ostringstream out;
  out << "loadgen: " << s.sent << " requests in " << Fixed1(Seconds(s.elapsed)) << " s ("
      << Fixed1(s.achieved_rate()) << "/s, target " << s.target_rate << "/s), " << s.ok << " ok, " << s.failed()
      << " failed (non-2xx " << s.non_2xx << ", errors " << s.errors << "), " << s.late << " late; ";
  if (s.latency) {
    out << "latency p50 " << Fixed1(Millis(s.latency->p50)) << " ms p95 " << Fixed1(Millis(s.latency->p95))
        << " ms p99 " << Fixed1(Millis(s.latency->p99)) << " ms max " << Fixed1(Millis(s.latency->max)) << " ms";
  } else {
    out << "latency n/a (no answer)";
  }
  out << "\n";
  for (const auto& [status, n] : s.statuses) {
    if (status < 200 || status >= 300) out << "  status " << status << ": " << n << "\n";
  }
  for (const auto& [kind, n] : s.error_kinds) out << "  error " << kind << ": " << n << "\n";
  return out.str();
}

std::string FormatJson(const Summary& s) {
  nlohmann::json statuses = nlohmann::json::object(), kinds = nlohmann::json::object();
  for (const auto& [status, n] : s.statuses) statuses[std::to_string(status)] = n;
  for (const auto& [kind, n] : s.error_kinds) kinds[kind] = n;
  nlohmann::json latency = nullptr;
  if (s.latency) {
    latency = {{"p50", Seconds(s.latency->p50)}, {"p95", Seconds(s.latency->p95)},
               {"p99", Seconds(s.latency->p99)}, {"max", Seconds(s.latency->max)}};
  }
  const nlohmann::json out = {{"sent", s.sent},
                              {"ok", s.ok},
                              {"failed", s.failed()},
                              {"non_2xx", s.non_2xx},
                              {"errors", s.errors},
                              {"late", s.late},
                              {"statuses", statuses},
                              {"error_kinds", kinds},
                              {"elapsed_seconds", Seconds(s.elapsed)},
                              {"target_rate", s.target_rate},
                              {"achieved_rate", s.achieved_rate()},
                              {"latency_seconds", latency}};
  // Error messages come from the system; replace any invalid UTF-8 rather than throw.
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace pdex::loadgen
