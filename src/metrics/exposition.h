#pragma once
// Renders collectables in the Prometheus text exposition format (0.0.4).
#include <memory>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

namespace pdex::metrics {

inline constexpr const char* kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// Collects every source and serialises the result. Thread-safe as far as the
// collectables are.
std::string RenderText(const std::vector<std::shared_ptr<prometheus::Collectable>>& sources);

}  // namespace pdex::metrics
