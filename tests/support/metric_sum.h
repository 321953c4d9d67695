// Reading a Prometheus registry in tests, and waiting for a condition.
// Header-only: the tests that use it already link prometheus-cpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <string_view>
#include <thread>

#include <prometheus/registry.h>

namespace pdex::testing {

// The sum of every counter and gauge sample of metric `name`; with
// `label_value`, only of the samples having a label of that value. 0 when
// the metric is absent.
inline double MetricSum(prometheus::Registry& registry, std::string_view name, std::string_view label_value = {}) {
  double total = 0;
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& metric : family.metric) {
      if (!label_value.empty() && std::none_of(metric.label.begin(), metric.label.end(),
                                               [&](const auto& label) { return label.value == label_value; })) {
        continue;
      }
      total += metric.counter.value + metric.gauge.value;
    }
  }
  return total;
}

// Polls `condition` every `step` until it holds (true) or `timeout` passes
// (false).
template <typename Condition>
bool Eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                std::chrono::milliseconds step = std::chrono::milliseconds(1)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
  return true;
}

}  // namespace pdex::testing
