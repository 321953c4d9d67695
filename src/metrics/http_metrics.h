#pragma once
// Request metrics of an HTTP service.
#include <memory>
#include <string_view>

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
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Family<prometheus::Counter>& errors_;
};

// Latency buckets from 0.5 ms to 10 s, suited to a sub-millisecond service.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

}  // namespace pdex::metrics
