// What one drift computation found: per column, the dataset verdict, and the
// prediction columns apart. Plain data, produced by Analyze (analyzer.h) and
// rendered by the report component; copyable, no behaviour.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "drift/sample.h"

namespace pdex::drift {

// Reference and current distributions of one column on shared bins, for the
// report's plots. Numerical columns: `edges` has labels.size() + 1 bin edges
// and labels name the bins; categorical (and numerical columns with few
// distinct values): one label per value, the most frequent first, the tail
// folded into one "other" label. Shares are fractions of each sample (each
// vector sums to 1 unless its sample is empty).
struct Distribution {
  std::vector<std::string> labels;
  std::vector<double> edges;  // empty for per-value distributions
  std::vector<double> reference_share;
  std::vector<double> current_share;
};

struct ColumnDrift {
  std::string column_name;
  ColumnKind column_type = ColumnKind::kNumerical;
  std::string stattest;       // configuration name: "ks", "wasserstein", ...
  std::string stattest_name;  // Evidently's display name: "K-S p_value", ...
  double stattest_threshold = 0;
  bool p_value = false;  // the score is a p-value (drift below threshold)
  // The test's score; for p-values with a correction, the corrected p-value.
  // NaN when the column has no current (or reference) values.
  double drift_score = 0;
  double raw_score = 0;  // before any multiple-testing correction
  bool drift_detected = false;
  std::size_t reference_count = 0;  // values kept (NaN/inf dropped)
  std::size_t current_count = 0;
  std::size_t current_missing = 0;  // NaN/inf/null values dropped from the batch
  // Why the configured test could not run on this batch (e.g. fisher_exact
  // on three categories); empty when it ran. The score is then NaN.
  std::string error;
  Distribution distribution;
};

enum class Correction { kNone, kBonferroni, kBenjaminiHochberg };

struct DatasetDrift {
  double drift_share = 0.5;  // the configured threshold on the share
  std::size_t number_of_columns = 0;
  std::size_t number_of_drifted_columns = 0;
  double share_of_drifted_columns = 0;
  bool dataset_drift = false;
};

struct DriftResult {
  DatasetDrift dataset;
  // Feature columns, in reference order (those the configuration ignores
  // are absent). Only these count towards `dataset`.
  std::vector<ColumnDrift> columns;
  // `probability` and `prediction` when both sides have them.
  std::vector<ColumnDrift> prediction;
  Correction correction = Correction::kNone;

  std::size_t reference_rows = 0;
  std::size_t current_rows = 0;
  double compute_seconds = 0;  // the statistics alone
};

// A report as the drift service writes it: the result plus its window.
struct DriftReport {
  DriftResult result;
  std::chrono::system_clock::time_point window_start;  // first event's timestamp
  std::chrono::system_clock::time_point window_end;    // last event's timestamp
  std::chrono::system_clock::time_point generated_at;
  std::size_t event_count = 0;
  std::string model_version;  // of the batch's events; "mixed" if several
  std::string reference_path;
};

}  // namespace pdex::drift
