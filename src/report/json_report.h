// The drift report as JSON, with the keys of Evidently's legacy JSON
// (Report.json() of DataDriftPreset) so that existing consumers read it, plus
// our additions; and the parser of the summary a listing of reports needs.
//
// Layout:
//   {
//     "timestamp": generated_at (UTC ISO-8601 with milliseconds),
//     "metrics": [
//       {"metric": "DatasetDriftMetric", "result": {"drift_share", "number_of_columns",
//        "number_of_drifted_columns", "share_of_drifted_columns", "dataset_drift"}},
//       {"metric": "DataDriftTable", "result": {"number_of_columns", "number_of_drifted_columns",
//        "share_of_drifted_columns", "dataset_drift", "drift_by_columns": {<column>: COLUMN}}}
//     ],
//     "window": {"start", "end"}, "event_count", "reference_rows", "current_rows",
//     "model_version", "reference_path",
//     "correction": "none" | "bonferroni" | "benjamini_hochberg",
//     "timings": {"compute_seconds"},
//     "prediction_drift": {<"probability" | "prediction">: COLUMN}
//   }
//   COLUMN = {"column_name", "column_type" ("num" | "cat"), "stattest_name",
//             "stattest_threshold", "drift_score", "drift_detected",   <- Evidently's keys
//             "stattest", "score_kind" ("p_value" | "distance"), "raw_score",
//             "reference_count", "current_count", "current_missing",
//             "distribution": {"labels", "edges", "reference_share", "current_share"}}
// NaN and infinite numbers are written as null. Invalid UTF-8 in names is
// replaced by U+FFFD. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "drift/result.h"

namespace pdex::report {

// Every failure of this component: malformed report JSON, I/O on the reports
// directory. The message names the file or the key at fault.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string RenderJson(const drift::DriftReport& report);

// What a listing of reports shows about one report.
struct ReportSummary {
  // The report's name in the reports directory, "20261126T101500Z" or
  // "20261126T101500Z-2" (see report_directory.h). The JSON does not know
  // its file name: ParseSummary leaves this empty and ReportDirectory sets it.
  std::string id;
  std::chrono::system_clock::time_point generated_at;
  bool dataset_drift = false;
  double drift_share = 0;  // the threshold on the share of drifted columns
  std::size_t number_of_columns = 0;
  std::size_t number_of_drifted_columns = 0;
  double share_of_drifted_columns = 0;  // NaN when the JSON holds null
  std::size_t event_count = 0;
  std::chrono::system_clock::time_point window_start;
  std::chrono::system_clock::time_point window_end;
  std::string model_version;
};

// Reads the summary from a report written by RenderJson (millisecond
// precision for the times). Throws ReportError naming the missing or
// mistyped key, or the JSON syntax error, on malformed input.
ReportSummary ParseSummary(std::string_view json);

}  // namespace pdex::report
