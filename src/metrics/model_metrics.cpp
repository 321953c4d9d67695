#include "metrics/model_metrics.h"

#include <algorithm>

namespace pdex::metrics {
namespace {

// Upper bounds first/divisor, (first+1)/divisor, ..., last/divisor.
prometheus::Histogram::BucketBoundaries Steps(int first, int last, double divisor) {
  prometheus::Histogram::BucketBoundaries b;
  for (int i = first; i <= last; ++i) b.push_back(i / divisor);
  return b;
}

}  // namespace

ModelMetrics::ModelMetrics(prometheus::Registry& registry, const std::string& model_version,
                           const std::string& trained_at)
    : predictions_(prometheus::BuildCounter()
                       .Name("model_predictions_total")
                       .Help("Battles scored by the model (one per move evaluated).")
                       .Register(registry)
                       .Add({{"model_version", model_version}})),
      duration_(prometheus::BuildHistogram()
                    .Name("model_prediction_duration_seconds")
                    .Help("Duration of one model call (all of a request's moves), excluding HTTP and lookups.")
                    .Register(registry)
                    .Add({{"model_version", model_version}},
                         prometheus::Histogram::BucketBoundaries{0.00001, 0.000025, 0.00005, 0.0001, 0.00025,
                                                                 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05})),
      win_probability_(prometheus::BuildHistogram()
                           .Name("model_win_probability")
                           .Help("Predicted probability that Pokémon A wins, per battle scored.")
                           .Register(registry)
                           .Add({{"model_version", model_version}}, Steps(1, 10, 10))),
      confidence_(prometheus::BuildHistogram()
                      .Name("model_confidence_score")
                      .Help("Confidence of each prediction: max(p, 1 - p).")
                      .Register(registry)
                      .Add({{"model_version", model_version}}, Steps(11, 20, 20))) {
  prometheus::BuildGauge()
      .Name("model_info")
      .Help("The model being served (value 1), by version and training time.")
      .Register(registry)
      .Add({{"model_version", model_version}, {"trained_at", trained_at}})
      .Set(1);
}

void ModelMetrics::ObserveCall(double seconds, const float* probabilities, std::size_t count) {
  duration_.Observe(seconds);
  predictions_.Increment(static_cast<double>(count));
  for (std::size_t i = 0; i < count; ++i) {
    const double p = probabilities[i];
    win_probability_.Observe(p);
    confidence_.Observe(std::max(p, 1 - p));
  }
}

}  // namespace pdex::metrics
