// Drift reports and event tables for the report component's tests and the
// browser check's render tool: realistic shapes (numerical columns binned on
// edges, categorical ones per value, p-values and distances, prediction
// columns), optionally with hostile names.
#pragma once

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "drift/result.h"
#include "parquet/table.h"

namespace pdex::report::samples {

// A column and its histogram over `bins` bins (numerical: edges 0..bins*step)
// or categories ("cat-0", ...), current shifted by `shift` bins.
inline drift::ColumnDrift Column(std::string name, drift::ColumnKind kind, std::size_t bins, double shift) {
  drift::ColumnDrift column;
  column.column_name = std::move(name);
  column.column_type = kind;
  column.reference_count = 12000;
  column.current_count = 950;
  column.current_missing = 3;
  drift::Distribution& d = column.distribution;
  double reference_total = 0, current_total = 0;
  for (std::size_t i = 0; i < bins; ++i) {
    const double x = static_cast<double>(i) - static_cast<double>(bins) / 2;
    d.reference_share.push_back(std::exp(-x * x / 40) + 0.01);
    d.current_share.push_back(std::exp(-(x - shift) * (x - shift) / 40) + 0.01);
    reference_total += d.reference_share.back();
    current_total += d.current_share.back();
    if (kind == drift::ColumnKind::kNumerical) {
      d.edges.push_back(static_cast<double>(i) * 2.5);
      d.labels.push_back("[" + std::to_string(i * 5 / 2) + ", " + std::to_string((i + 1) * 5 / 2) + ")");
    } else {
      d.labels.push_back("cat-" + std::to_string(i));
    }
  }
  if (kind == drift::ColumnKind::kNumerical) d.edges.push_back(static_cast<double>(bins) * 2.5);
  for (double& share : d.reference_share) share /= reference_total;
  for (double& share : d.current_share) share /= current_total;
  return column;
}

inline drift::ColumnDrift PValueColumn(std::string name, drift::ColumnKind kind, std::size_t bins, double p_value,
                                       double threshold = 0.05) {
  drift::ColumnDrift column = Column(std::move(name), kind, bins, p_value < threshold ? 3 : 0);
  column.stattest = kind == drift::ColumnKind::kNumerical ? "ks" : "chisquare";
  column.stattest_name = kind == drift::ColumnKind::kNumerical ? "K-S p_value" : "chi-square p_value";
  column.stattest_threshold = threshold;
  column.p_value = true;
  column.drift_score = p_value;
  column.raw_score = p_value;
  column.drift_detected = p_value < threshold;
  return column;
}

inline drift::ColumnDrift DistanceColumn(std::string name, drift::ColumnKind kind, std::size_t bins, double distance,
                                         double threshold = 0.1) {
  drift::ColumnDrift column = Column(std::move(name), kind, bins, distance >= threshold ? 4 : 0.5);
  column.stattest = kind == drift::ColumnKind::kNumerical ? "wasserstein" : "jensenshannon";
  column.stattest_name =
      kind == drift::ColumnKind::kNumerical ? "Wasserstein distance (normed)" : "Jensen-Shannon distance";
  column.stattest_threshold = threshold;
  column.drift_score = distance;
  column.raw_score = distance;
  column.drift_detected = distance >= threshold;
  return column;
}

// 2026-11-26T10:15:00.250Z plus `seconds`.
inline std::chrono::system_clock::time_point At(double seconds = 0) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(1'795'688'100'250) +
                                               std::chrono::milliseconds(std::llround(seconds * 1000)));
}

// `columns` feature columns of `bins` bins (a mix of tests, about one in
// four drifted) and both prediction columns.
inline drift::DriftReport Report(std::size_t columns, std::size_t bins,
                                 std::chrono::system_clock::time_point generated_at = At()) {
  drift::DriftReport report;
  drift::DriftResult& result = report.result;
  for (std::size_t i = 0; i < columns; ++i) {
    const std::string name = "feature_" + std::to_string(i);
    const bool drifted = i % 4 == 1;
    switch (i % 3) {
      case 0:
        result.columns.push_back(PValueColumn(name, drift::ColumnKind::kNumerical, bins, drifted ? 1e-6 : 0.4));
        break;
      case 1:
        result.columns.push_back(DistanceColumn(name, drift::ColumnKind::kNumerical, bins, drifted ? 0.31 : 0.02));
        break;
      default:
        result.columns.push_back(
            DistanceColumn(name, drift::ColumnKind::kCategorical, std::min<std::size_t>(bins, 12), drifted ? 0.2 : 0.05));
    }
    result.dataset.number_of_drifted_columns += drifted ? 1 : 0;
  }
  result.dataset.number_of_columns = columns;
  result.dataset.drift_share = 0.5;
  result.dataset.share_of_drifted_columns =
      columns == 0 ? 0 : static_cast<double>(result.dataset.number_of_drifted_columns) / static_cast<double>(columns);
  result.dataset.dataset_drift = result.dataset.share_of_drifted_columns >= result.dataset.drift_share;
  result.prediction.push_back(DistanceColumn("probability", drift::ColumnKind::kNumerical, 20, 0.12));
  result.prediction.push_back(PValueColumn("prediction", drift::ColumnKind::kCategorical, 2, 0.3));
  result.correction = drift::Correction::kNone;
  result.reference_rows = 12000;
  result.current_rows = 953;
  result.compute_seconds = 0.042;
  report.window_start = generated_at - std::chrono::minutes(59);
  report.window_end = generated_at - std::chrono::seconds(1);
  report.generated_at = generated_at;
  report.event_count = 953;
  report.model_version = "xgb-2026-11-20";
  report.reference_path = "/app/data/X_train.parquet";
  return report;
}

// Names an attacker could put in events or files.
inline const std::vector<std::string>& HostileStrings() {
  static const std::vector<std::string> strings = {
      "<script>alert('column')</script>",
      "\"><img src=x onerror=alert(1)>",
      "Tom & Jerry's \"quoted\" <b>bold</b>",
      "invalid \xFF\xFE utf-8 \xC3",
      "</title></style></svg><script>alert(2)</script>",
      "javascript:alert(3)",
  };
  return strings;
}

// A report whose column names, category labels, model version and
// reference path are hostile.
inline drift::DriftReport HostileReport() {
  drift::DriftReport report = Report(12, 10);
  const std::vector<std::string>& hostile = HostileStrings();
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    drift::ColumnDrift& column = report.result.columns[i];
    column.column_name = hostile[i];
    for (std::string& label : column.distribution.labels) label = hostile[(i + 1) % hostile.size()] + label;
  }
  report.model_version = hostile[0];
  report.reference_path = hostile[1];
  return report;
}

// The batch's events as the drift service archives them.
inline parquet::Table Events(const std::vector<std::string>& event_ids, std::int64_t first_timestamp_us = 0) {
  using parquet::Column;
  using parquet::ColumnType;
  using parquet::TypeKind;
  Column id("event_id", ColumnType::Of(TypeKind::kString), false);
  Column timestamp("timestamp", ColumnType::Timestamp(parquet::TimeUnit::kMicros, true), false);
  Column model_version("model_version", ColumnType::Of(TypeKind::kString), false);
  Column feature("hp_diff", ColumnType::Of(TypeKind::kDouble), true);
  Column prediction("prediction", ColumnType::Of(TypeKind::kInt64), false);
  Column probability("probability", ColumnType::Of(TypeKind::kDouble), false);
  for (std::size_t i = 0; i < event_ids.size(); ++i) {
    id.AppendString(event_ids[i]);
    timestamp.AppendInt(first_timestamp_us + static_cast<std::int64_t>(i) * 1000);
    model_version.AppendString("xgb-2026-11-20");
    if (i % 7 == 3) {
      feature.AppendNull();
    } else {
      feature.AppendDouble(static_cast<double>(i) * 0.5 - 3);
    }
    prediction.AppendInt(static_cast<std::int64_t>(i % 2));
    probability.AppendDouble(0.25 + static_cast<double>(i % 50) / 100);
  }
  std::vector<Column> columns;
  columns.push_back(std::move(id));
  columns.push_back(std::move(timestamp));
  columns.push_back(std::move(model_version));
  columns.push_back(std::move(feature));
  columns.push_back(std::move(prediction));
  columns.push_back(std::move(probability));
  return parquet::Table(std::move(columns));
}

}  // namespace pdex::report::samples
