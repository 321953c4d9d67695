// The drift service's Prometheus metrics (pdex-drift on METRICS_PORT, and
// pdex-api in embedded mode). Label values are bounded: columns come from
// the reference file, tests from the fixed registry, reasons from a fixed
// set.
//
// Thread safety: ObserveReport from one thread at a time (the worker's);
// everything else from any thread.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "drift/result.h"

namespace pdex::drift_service {

class DriftMetrics {
 public:
  // Registers every metric on `registry`, which must outlive this object.
  DriftMetrics(prometheus::Registry& registry, std::size_t reference_rows);

  // A report was written: the dataset and per-column gauges take its
  // values; `seconds` is its whole making (statistics, JSON, HTML, archive).
  void ObserveReport(const drift::DriftReport& report, double seconds);
  void EventsConsumed(std::size_t count) { consumed_.Increment(static_cast<double>(count)); }
  // `reason`: one of the events::DecodeFailure reasons, or unknown_column,
  // missing_field, wrong_type, non_finite, duplicate_field (checked against
  // the reference by EventTableBuilder).
  void EventInvalid(std::string_view reason);
  void EventDuplicate() { duplicates_.Increment(); }
  void SourceError() { source_errors_.Increment(); }
  void ReportFailed() { report_failures_.Increment(); }
  void SetBuffered(std::size_t events) { buffer_.Set(static_cast<double>(events)); }
  void SetPending(std::size_t events) { pending_.Set(static_cast<double>(events)); }

 private:
  prometheus::Gauge& dataset_drift_;
  prometheus::Gauge& share_drifted_;
  prometheus::Gauge& number_drifted_;
  prometheus::Family<prometheus::Gauge>& column_score_;
  prometheus::Family<prometheus::Gauge>& column_drifted_;
  prometheus::Family<prometheus::Gauge>& prediction_score_;
  prometheus::Counter& reports_;
  prometheus::Counter& report_failures_;
  prometheus::Histogram& report_duration_;
  prometheus::Counter& consumed_;
  prometheus::Family<prometheus::Counter>& invalid_;
  prometheus::Counter& duplicates_;
  prometheus::Counter& source_errors_;
  prometheus::Gauge& buffer_;
  prometheus::Gauge& last_report_;
  prometheus::Gauge& pending_;
  // A column's score gauge is keyed by (column, stattest); when a column's
  // test changes (the default choice depends on the batch), the old series
  // is removed so only the current one is exported.
  std::map<std::string, prometheus::Gauge*, std::less<>> score_by_column_;
};

}  // namespace pdex::drift_service
