// Unit tests for metrics/http_metrics.h.
#include "metrics/http_metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace pdex::metrics {
namespace {

using Labels = std::map<std::string, std::string>;

Labels LabelsOf(const prometheus::ClientMetric& m) {
  Labels out;
  for (const auto& l : m.label) out.emplace(l.name, l.value);
  return out;
}

const prometheus::MetricFamily* Family(const std::vector<prometheus::MetricFamily>& families,
                                       const std::string& name) {
  for (const auto& f : families) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// The sample of `family` with exactly these labels, or nullptr.
const prometheus::ClientMetric* Sample(const std::vector<prometheus::MetricFamily>& families,
                                       const std::string& family, const Labels& labels) {
  const auto* f = Family(families, family);
  if (f == nullptr) return nullptr;
  for (const auto& m : f->metric) {
    if (LabelsOf(m) == labels) return &m;
  }
  return nullptr;
}

class HttpMetricsTest : public ::testing::Test {
 protected:
  std::vector<prometheus::MetricFamily> Collect() const { return registry_.Collect(); }
  prometheus::Registry registry_;
  HttpMetrics metrics_{registry_};
};

TEST_F(HttpMetricsTest, RegistersTheThreeFamiliesWithTheirTypes) {
  metrics_.ObserveRequest("GET", "/health", 200, 0.001);
  metrics_.CountError("GET", "/health", "internal");
  const auto families = Collect();
  const auto* requests = Family(families, "api_requests_total");
  const auto* duration = Family(families, "api_request_duration_seconds");
  const auto* errors = Family(families, "api_errors_total");
  ASSERT_NE(requests, nullptr);
  ASSERT_NE(duration, nullptr);
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ(requests->type, prometheus::MetricType::Counter);
  EXPECT_EQ(duration->type, prometheus::MetricType::Histogram);
  EXPECT_EQ(errors->type, prometheus::MetricType::Counter);
  EXPECT_FALSE(requests->help.empty());
}

TEST_F(HttpMetricsTest, CountsRequestsByMethodEndpointAndStatus) {
  for (int i = 0; i < 3; ++i) metrics_.ObserveRequest("GET", "/pokemon/{id}", 200, 0.001);
  metrics_.ObserveRequest("GET", "/pokemon/{id}", 404, 0.002);
  metrics_.ObserveRequest("POST", "/pokemon/{id}", 405, 0.0001);
  metrics_.ObserveRequest("GET", "unmatched", 404, 0.0001);

  const auto families = Collect();
  const auto count = [&](const Labels& labels) {
    const auto* s = Sample(families, "api_requests_total", labels);
    return s ? s->counter.value : -1;
  };
  EXPECT_EQ(count({{"method", "GET"}, {"endpoint", "/pokemon/{id}"}, {"status", "200"}}), 3);
  EXPECT_EQ(count({{"method", "GET"}, {"endpoint", "/pokemon/{id}"}, {"status", "404"}}), 1);
  EXPECT_EQ(count({{"method", "POST"}, {"endpoint", "/pokemon/{id}"}, {"status", "405"}}), 1);
  EXPECT_EQ(count({{"method", "GET"}, {"endpoint", "unmatched"}, {"status", "404"}}), 1);
  EXPECT_EQ(Family(families, "api_requests_total")->metric.size(), 4u);
}

TEST_F(HttpMetricsTest, HistogramCountsEveryObservationOfAnEndpointWhateverTheStatus) {
  metrics_.ObserveRequest("GET", "/pokemon/{id}", 200, 0.0004);
  metrics_.ObserveRequest("GET", "/pokemon/{id}", 200, 0.001);
  metrics_.ObserveRequest("GET", "/pokemon/{id}", 404, 0.002);
  metrics_.ObserveRequest("GET", "/pokemon/{id}", 500, 20.0);
  metrics_.ObserveRequest("GET", "/types/", 200, 0.003);

  const auto families = Collect();
  const auto* h = Sample(families, "api_request_duration_seconds",
                         {{"method", "GET"}, {"endpoint", "/pokemon/{id}"}});
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->histogram.sample_count, 4u);
  EXPECT_NEAR(h->histogram.sample_sum, 20.0034, 1e-9);

  // Buckets are cumulative and use LatencyBuckets (plus +Inf).
  const auto& buckets = h->histogram.bucket;
  ASSERT_EQ(buckets.size(), LatencyBuckets().size() + 1);
  const auto cumulative = [&](double le) -> long long {
    for (const auto& b : buckets) {
      if (b.upper_bound == le) return static_cast<long long>(b.cumulative_count);
    }
    return -1;
  };
  EXPECT_EQ(cumulative(0.0005), 1);
  EXPECT_EQ(cumulative(0.001), 2);  // an observation equal to a bound falls in it
  EXPECT_EQ(cumulative(0.0025), 3);
  EXPECT_EQ(cumulative(10), 3);
  EXPECT_EQ(buckets.back().cumulative_count, 4u);

  const auto* other = Sample(families, "api_request_duration_seconds", {{"method", "GET"}, {"endpoint", "/types/"}});
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->histogram.sample_count, 1u);
}

TEST_F(HttpMetricsTest, CountsErrorsByType) {
  metrics_.CountError("GET", "/pokemon/{id}", "not_found");
  metrics_.CountError("GET", "/pokemon/{id}", "not_found");
  metrics_.CountError("GET", "/pokemon/{id}", "validation");
  const auto families = Collect();
  const auto* nf = Sample(families, "api_errors_total",
                          {{"method", "GET"}, {"endpoint", "/pokemon/{id}"}, {"error_type", "not_found"}});
  const auto* val = Sample(families, "api_errors_total",
                           {{"method", "GET"}, {"endpoint", "/pokemon/{id}"}, {"error_type", "validation"}});
  ASSERT_NE(nf, nullptr);
  ASSERT_NE(val, nullptr);
  EXPECT_EQ(nf->counter.value, 2);
  EXPECT_EQ(val->counter.value, 1);
}

TEST_F(HttpMetricsTest, LabelValuesAreKeptApart) {
  // "GET a b" + status vs. "GET a" + endpoint "b ..." must not share a series.
  metrics_.ObserveRequest("GET", "a b", 200, 0.001);
  metrics_.ObserveRequest("GET a", "b", 200, 0.001);
  const auto families = Collect();
  EXPECT_NE(Sample(families, "api_requests_total", {{"method", "GET"}, {"endpoint", "a b"}, {"status", "200"}}),
            nullptr);
  EXPECT_NE(Sample(families, "api_requests_total", {{"method", "GET a"}, {"endpoint", "b"}, {"status", "200"}}),
            nullptr);
}

TEST_F(HttpMetricsTest, ConcurrentObservationsAreAllCounted) {
  constexpr int kThreads = 4, kEach = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kEach; ++i) {
        metrics_.ObserveRequest("GET", (i + t) % 2 == 0 ? "/a" : "/b", 200, 0.001);
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto families = Collect();
  const auto* a = Sample(families, "api_requests_total", {{"method", "GET"}, {"endpoint", "/a"}, {"status", "200"}});
  const auto* b = Sample(families, "api_requests_total", {{"method", "GET"}, {"endpoint", "/b"}, {"status", "200"}});
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->counter.value + b->counter.value, kThreads * kEach);
  const auto* ha = Sample(families, "api_request_duration_seconds", {{"method", "GET"}, {"endpoint", "/a"}});
  ASSERT_NE(ha, nullptr);
  EXPECT_EQ(static_cast<double>(ha->histogram.sample_count), a->counter.value);
}

TEST(LatencyBuckets, AscendFromHalfAMillisecondToTenSeconds) {
  const auto& b = LatencyBuckets();
  ASSERT_FALSE(b.empty());
  EXPECT_DOUBLE_EQ(b.front(), 0.0005);
  EXPECT_DOUBLE_EQ(b.back(), 10);
  EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
  EXPECT_EQ(std::adjacent_find(b.begin(), b.end()), b.end());
}

}  // namespace
}  // namespace pdex::metrics
