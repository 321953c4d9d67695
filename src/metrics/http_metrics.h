#pragma once
// Request metrics of an HTTP service.
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace pdex::metrics {

// api_requests_total{method,endpoint,status}, api_request_duration_seconds
// {method,endpoint} and api_errors_total{method,endpoint,error_type}.
// Callers pass bounded label values: route templates, never raw paths.
//
// Thread safety: thread-safe.
class HttpMetrics {
 public:
  explicit HttpMetrics(prometheus::Registry& registry);

  void ObserveRequest(std::string_view method, std::string_view endpoint, int status,
                      double seconds);
  void CountError(std::string_view method, std::string_view endpoint, std::string_view error_type);

 private:
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* duration;
  };
  // Family::Add builds a label map and locks on every call; the series for a
  // (method, endpoint, status) are looked up once and kept here.
  Series& SeriesFor(std::string_view method, std::string_view endpoint, int status);

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Family<prometheus::Counter>& errors_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Series> series_;
};

// Latency buckets from 0.5 ms to 10 s, suited to a sub-millisecond service.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

}  // namespace pdex::metrics
