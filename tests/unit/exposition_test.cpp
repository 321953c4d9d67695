// Unit tests for metrics/exposition.h: the Prometheus text format.
#include "metrics/exposition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

namespace pdex::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A collectable returning one fixed gauge family.
class FixedGauge final : public prometheus::Collectable {
 public:
  FixedGauge(std::string name, double value) : name_(std::move(name)), value_(value) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    prometheus::ClientMetric m;
    m.gauge.value = value_;
    return {{name_, "A fixed gauge.", prometheus::MetricType::Gauge, {m}}};
  }

 private:
  std::string name_;
  double value_;
};

TEST(RenderText, CounterHasHelpTypeAndValue) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto& family = prometheus::BuildCounter()
                     .Name("pdex_test_events_total")
                     .Help("Events seen by the test.")
                     .Register(*registry);
  family.Add({{"kind", "a"}}).Increment(3);
  family.Add({{"kind", "b"}}).Increment();

  const std::string text = RenderText({registry});
  EXPECT_THAT(text, HasSubstr("# HELP pdex_test_events_total Events seen by the test.\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE pdex_test_events_total counter\n"));
  EXPECT_THAT(text, HasSubstr("pdex_test_events_total{kind=\"a\"} 3"));
  EXPECT_THAT(text, HasSubstr("pdex_test_events_total{kind=\"b\"} 1"));
  // HELP and TYPE come before the samples.
  EXPECT_LT(text.find("# HELP pdex_test_events_total"), text.find("pdex_test_events_total{"));
  EXPECT_LT(text.find("# TYPE pdex_test_events_total"), text.find("pdex_test_events_total{"));
}

TEST(RenderText, EveryLineEndsWithANewline) {
  auto registry = std::make_shared<prometheus::Registry>();
  prometheus::BuildGauge().Name("pdex_g").Help("g").Register(*registry).Add({}).Set(1.5);
  const std::string text = RenderText({registry});
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_THAT(text, HasSubstr("# TYPE pdex_g gauge\n"));
  EXPECT_THAT(text, HasSubstr("\npdex_g 1.5"));
}

TEST(RenderText, CombinesEverySourceInOrder) {
  auto registry = std::make_shared<prometheus::Registry>();
  prometheus::BuildCounter().Name("pdex_first_total").Help("first").Register(*registry).Add({}).Increment(2);
  const std::vector<std::shared_ptr<prometheus::Collectable>> sources = {
      registry, std::make_shared<FixedGauge>("pdex_second", 42)};
  const std::string text = RenderText(sources);
  EXPECT_THAT(text, HasSubstr("pdex_first_total 2"));
  EXPECT_THAT(text, HasSubstr("# HELP pdex_second A fixed gauge.\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE pdex_second gauge\n"));
  EXPECT_THAT(text, HasSubstr("pdex_second 42"));
  EXPECT_LT(text.find("pdex_first_total"), text.find("pdex_second"));
}

TEST(RenderText, EscapesLabelValues) {
  auto registry = std::make_shared<prometheus::Registry>();
  prometheus::BuildCounter()
      .Name("pdex_paths_total")
      .Help("paths")
      .Register(*registry)
      .Add({{"path", "a\"b\\c\nd"}})
      .Increment();
  const std::string text = RenderText({registry});
  EXPECT_THAT(text, HasSubstr(R"(pdex_paths_total{path="a\"b\\c\nd"} 1)"));
}

TEST(RenderText, NoSourcesGiveAnEmptyDocument) {
  EXPECT_EQ(RenderText({}), "");
  auto empty = std::make_shared<prometheus::Registry>();
  EXPECT_THAT(RenderText({empty}), Not(HasSubstr("# TYPE")));
}

TEST(RenderText, ContentTypeIsTheTextFormat) {
  EXPECT_STREQ(kTextContentType, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace pdex::metrics
