// Metrics of the served model, labelled by its version (one value per
// process, so the label stays bounded).
#pragma once

#include <string>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace pdex::metrics {

// model_predictions_total, model_prediction_duration_seconds (the model call
// alone), model_win_probability, model_confidence_score (max(p, 1-p)) and
// the gauge model_info{model_version,trained_at} = 1.
//
// Thread safety: thread-safe.
class ModelMetrics {
 public:
  ModelMetrics(prometheus::Registry& registry, const std::string& model_version, const std::string& trained_at);

  // One model call that scored `probabilities` (one per battle) in `seconds`.
  void ObserveCall(double seconds, const float* probabilities, std::size_t count);

 private:
  prometheus::Counter& predictions_;
  prometheus::Histogram& duration_;
  prometheus::Histogram& win_probability_;
  prometheus::Histogram& confidence_;
};

}  // namespace pdex::metrics
