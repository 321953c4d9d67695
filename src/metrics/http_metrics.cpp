#include "metrics/http_metrics.h"

#include <string>

namespace pdex::metrics {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

HttpMetrics::HttpMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("api_requests_total")
                    .Help("HTTP requests answered, by method, route template and status code.")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("api_request_duration_seconds")
                    .Help("Time from a request's arrival to its response, by method and route template.")
                    .Register(registry)),
      errors_(prometheus::BuildCounter()
                  .Name("api_errors_total")
                  .Help("Requests answered with an error, by method, route template and kind of error.")
                  .Register(registry)) {}

HttpMetrics::Series& HttpMetrics::SeriesFor(std::string_view method, std::string_view endpoint,
                                            int status) {
  // Length-prefixed, so no label value can make two series share a key.
  std::string key = std::to_string(method.size());
  key.push_back(':');
  key.append(method).append(std::to_string(endpoint.size())).push_back(':');
  key.append(endpoint).append(std::to_string(status));
  {
    std::shared_lock lock(mu_);
    if (const auto it = series_.find(key); it != series_.end()) return it->second;
  }
  const std::string m(method), e(endpoint);
  Series series{&requests_.Add({{"method", m}, {"endpoint", e}, {"status", std::to_string(status)}}),
                &duration_.Add({{"method", m}, {"endpoint", e}}, LatencyBuckets())};
  std::unique_lock lock(mu_);
  return series_.emplace(std::move(key), series).first->second;
}

void HttpMetrics::ObserveRequest(std::string_view method, std::string_view endpoint, int status,
                                 double seconds) {
  Series& s = SeriesFor(method, endpoint, status);
  s.requests->Increment();
  s.duration->Observe(seconds);
}

void HttpMetrics::CountError(std::string_view method, std::string_view endpoint,
                             std::string_view error_type) {
  errors_.Add({{"method", std::string(method)}, {"endpoint", std::string(endpoint)},
               {"error_type", std::string(error_type)}})
      .Increment();
}

}  // namespace pdex::metrics
