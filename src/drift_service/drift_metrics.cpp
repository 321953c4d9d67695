#include "drift_service/drift_metrics.h"

#include <chrono>
#include <cmath>

#include "drift_service/event_table.h"
#include "events/event_codec.h"

namespace pdex::drift_service {

DriftMetrics::DriftMetrics(prometheus::Registry& registry, std::size_t reference_rows)
    : dataset_drift_(prometheus::BuildGauge()
                         .Name("drift_dataset_drift")
                         .Help("1 when the last report found dataset drift, else 0.")
                         .Register(registry)
                         .Add({})),
      share_drifted_(prometheus::BuildGauge()
                         .Name("drift_share_of_drifted_columns")
                         .Help("Share of feature columns drifted in the last report.")
                         .Register(registry)
                         .Add({})),
      number_drifted_(prometheus::BuildGauge()
                          .Name("drift_number_of_drifted_columns")
                          .Help("Feature columns drifted in the last report.")
                          .Register(registry)
                          .Add({})),
      column_score_(prometheus::BuildGauge()
                        .Name("drift_column_score")
                        .Help("Last drift score per feature column: a p-value or a distance, as stattest says.")
                        .Register(registry)),
      column_drifted_(prometheus::BuildGauge()
                          .Name("drift_column_drifted")
                          .Help("1 when the last report found the column drifted, else 0.")
                          .Register(registry)),
      prediction_score_(prometheus::BuildGauge()
                            .Name("drift_prediction_score")
                            .Help("Last drift score of the model's outputs (probability, prediction).")
                            .Register(registry)),
      reports_(prometheus::BuildCounter()
                   .Name("drift_reports_total")
                   .Help("Drift reports written.")
                   .Register(registry)
                   .Add({})),
      report_failures_(prometheus::BuildCounter()
                           .Name("drift_report_failures_total")
                           .Help("Reports that could not be written (kept buffered and retried).")
                           .Register(registry)
                           .Add({})),
      report_duration_(prometheus::BuildHistogram()
                           .Name("drift_report_duration_seconds")
                           .Help("Time to make one report: statistics, JSON, HTML and Parquet archive.")
                           .Register(registry)
                           .Add({}, prometheus::Histogram::BucketBoundaries{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                                            0.5, 1, 2.5, 5, 10})),
      consumed_(prometheus::BuildCounter()
                    .Name("drift_events_consumed_total")
                    .Help("Events read from the queue, valid or not.")
                    .Register(registry)
                    .Add({})),
      invalid_(prometheus::BuildCounter()
                   .Name("drift_events_invalid_total")
                   .Help("Events skipped as unreadable or malformed, by reason.")
                   .Register(registry)),
      duplicates_(prometheus::BuildCounter()
                      .Name("drift_events_duplicate_total")
                      .Help("Re-delivered events skipped because their event_id was already taken.")
                      .Register(registry)
                      .Add({})),
      source_errors_(prometheus::BuildCounter()
                         .Name("drift_source_errors_total")
                         .Help("Failed reads or acknowledgements on the event queue (retried with backoff).")
                         .Register(registry)
                         .Add({})),
      buffer_(prometheus::BuildGauge()
                  .Name("drift_buffer_events")
                  .Help("Valid events waiting for the next report.")
                  .Register(registry)
                  .Add({})),
      last_report_(prometheus::BuildGauge()
                       .Name("drift_last_report_timestamp_seconds")
                       .Help("Unix time of the last report written.")
                       .Register(registry)
                       .Add({})),
      pending_(prometheus::BuildGauge()
                   .Name("drift_queue_pending")
                   .Help("Events delivered to this consumer group but not yet acknowledged.")
                   .Register(registry)
                   .Add({})) {
  prometheus::BuildGauge()
      .Name("drift_reference_rows")
      .Help("Rows in the reference data set.")
      .Register(registry)
      .Add({})
      .Set(static_cast<double>(reference_rows));
  // Every reason a worker can give, at 0 from the start: a rate over the
  // series works before the first invalid event, and dashboards show 0
  // rather than no data.
  for (const events::DecodeFailureReason reason : events::kDecodeFailureReasons) {
    invalid_.Add({{"reason", std::string(events::ReasonLabel(reason))}});
  }
  for (const std::string_view reason : kRefusalReasons) invalid_.Add({{"reason", std::string(reason)}});
}

void DriftMetrics::ObserveReport(const drift::DriftReport& report, double seconds) {
  const drift::DriftResult& result = report.result;
  dataset_drift_.Set(result.dataset.dataset_drift ? 1 : 0);
  share_drifted_.Set(result.dataset.share_of_drifted_columns);
  number_drifted_.Set(static_cast<double>(result.dataset.number_of_drifted_columns));
  for (const drift::ColumnDrift& column : result.columns) {
    prometheus::Gauge& score = column_score_.Add({{"column", column.column_name}, {"stattest", column.stattest}});
    auto it = score_by_column_.find(column.column_name);
    if (it == score_by_column_.end()) {
      score_by_column_.emplace(column.column_name, &score);
    } else if (it->second != &score) {
      column_score_.Remove(it->second);
      it->second = &score;
    }
    score.Set(column.drift_score);  // NaN when untested: never mistaken for a p-value of 0
    column_drifted_.Add({{"column", column.column_name}}).Set(column.drift_detected ? 1 : 0);
  }
  for (const drift::ColumnDrift& column : result.prediction) {
    prediction_score_.Add({{"column", column.column_name}}).Set(column.drift_score);
  }
  reports_.Increment();
  report_duration_.Observe(seconds);
  last_report_.Set(std::chrono::duration<double>(report.generated_at.time_since_epoch()).count());
}

void DriftMetrics::EventInvalid(std::string_view reason) { invalid_.Add({{"reason", std::string(reason)}}).Increment(); }

}  // namespace pdex::drift_service
