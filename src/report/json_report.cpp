#include "report/json_report.h"

#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "drift/column_config.h"
#include "text/utc_time.h"

namespace pdex::report {

namespace {

using Json = nlohmann::ordered_json;
using std::chrono::system_clock;

// null for NaN and ±inf, which JSON cannot hold.
Json Number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json Numbers(const std::vector<double>& values) {
  Json array = Json::array();
  for (const double value : values) array.push_back(Number(value));
  return array;
}

Json ColumnJson(const drift::ColumnDrift& column) {
  const drift::Distribution& distribution = column.distribution;
  Json json{
      // Evidently's keys, in Evidently's order.
      {"column_name", column.column_name},
      {"column_type", drift::ColumnKindName(column.column_type)},
      {"stattest_name", column.stattest_name},
      {"stattest_threshold", Number(column.stattest_threshold)},
      {"drift_score", Number(column.drift_score)},
      {"drift_detected", column.drift_detected},
      // Ours.
      {"stattest", column.stattest},
      {"score_kind", column.p_value ? "p_value" : "distance"},
      {"raw_score", Number(column.raw_score)},
      {"reference_count", column.reference_count},
      {"current_count", column.current_count},
      {"current_missing", column.current_missing},
      {"distribution",
       {{"labels", distribution.labels},
        {"edges", Numbers(distribution.edges)},
        {"reference_share", Numbers(distribution.reference_share)},
        {"current_share", Numbers(distribution.current_share)}}},
  };
  if (!column.error.empty()) json["error"] = column.error;
  return json;
}

Json ColumnsByName(const std::vector<drift::ColumnDrift>& columns) {
  Json by_name = Json::object();
  for (const drift::ColumnDrift& column : columns) by_name[column.column_name] = ColumnJson(column);
  return by_name;
}

std::string Utc(system_clock::time_point t) { return text::FormatUtc(t, true); }

// --- Parsing -------------------------------------------------------------

[[noreturn]] void Malformed(const std::string& what) { throw ReportError("malformed drift report JSON: " + what); }

const Json& Member(const Json& object, const char* key, const char* where) {
  if (!object.is_object()) Malformed(std::string(where) + " is not an object");
  const auto it = object.find(key);
  if (it == object.end()) Malformed(std::string("missing \"") + key + "\" in " + where);
  return *it;
}

std::size_t Count(const Json& object, const char* key, const char* where) {
  const Json& value = Member(object, key, where);
  if (!value.is_number_unsigned()) Malformed(std::string("\"") + key + "\" in " + where + " is not a count");
  return value.get<std::size_t>();
}

bool Flag(const Json& object, const char* key, const char* where) {
  const Json& value = Member(object, key, where);
  if (!value.is_boolean()) Malformed(std::string("\"") + key + "\" in " + where + " is not a boolean");
  return value.get<bool>();
}

// A number, or NaN for null (how RenderJson writes NaN).
double Real(const Json& object, const char* key, const char* where) {
  const Json& value = Member(object, key, where);
  if (value.is_null()) return std::nan("");
  if (!value.is_number()) Malformed(std::string("\"") + key + "\" in " + where + " is not a number");
  return value.get<double>();
}

std::string Text(const Json& object, const char* key, const char* where) {
  const Json& value = Member(object, key, where);
  if (!value.is_string()) Malformed(std::string("\"") + key + "\" in " + where + " is not a string");
  return value.get<std::string>();
}

// "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS.mmmZ", as FormatUtc writes
// (system_clock's nanoseconds span the years 1678 to 2262: always 4 digits).
std::optional<system_clock::time_point> ParseUtc(std::string_view s) {
  if (s.size() != 20 && s.size() != 24) return std::nullopt;
  const auto number = [&](std::size_t pos, std::size_t count) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      value = value * 10 + (s[i] - '0');
    }
    return value;
  };
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z') {
    return std::nullopt;
  }
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  const auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  std::optional<int> millis = 0;
  if (s.size() == 24) millis = s[19] == '.' ? number(20, 3) : std::nullopt;
  if (!year || !month || !day || !hour || !minute || !second || !millis) return std::nullopt;
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  return system_clock::time_point(std::chrono::sys_days(date).time_since_epoch() + std::chrono::hours(*hour) +
                                  std::chrono::minutes(*minute) + std::chrono::seconds(*second) +
                                  std::chrono::milliseconds(*millis));
}

system_clock::time_point Time(const Json& object, const char* key, const char* where) {
  const std::string value = Text(object, key, where);
  const auto t = ParseUtc(value);
  if (!t) Malformed(std::string("\"") + key + "\" in " + where + " is not a UTC ISO-8601 time: \"" + value + "\"");
  return *t;
}

}  // namespace

std::string RenderJson(const drift::DriftReport& report) {
  const drift::DriftResult& result = report.result;
  const drift::DatasetDrift& dataset = result.dataset;
  const Json document{
      {"timestamp", Utc(report.generated_at)},
      {"metrics",
       Json::array({
           Json{{"metric", "DatasetDriftMetric"},
                {"result",
                 {{"drift_share", Number(dataset.drift_share)},
                  {"number_of_columns", dataset.number_of_columns},
                  {"number_of_drifted_columns", dataset.number_of_drifted_columns},
                  {"share_of_drifted_columns", Number(dataset.share_of_drifted_columns)},
                  {"dataset_drift", dataset.dataset_drift}}}},
           Json{{"metric", "DataDriftTable"},
                {"result",
                 {{"number_of_columns", dataset.number_of_columns},
                  {"number_of_drifted_columns", dataset.number_of_drifted_columns},
                  {"share_of_drifted_columns", Number(dataset.share_of_drifted_columns)},
                  {"dataset_drift", dataset.dataset_drift},
                  {"drift_by_columns", ColumnsByName(result.columns)}}}},
       })},
      {"window", {{"start", Utc(report.window_start)}, {"end", Utc(report.window_end)}}},
      {"event_count", report.event_count},
      {"reference_rows", result.reference_rows},
      {"current_rows", result.current_rows},
      {"model_version", report.model_version},
      {"reference_path", report.reference_path},
      {"correction", drift::CorrectionName(result.correction)},
      {"timings", {{"compute_seconds", Number(result.compute_seconds)}}},
      {"prediction_drift", ColumnsByName(result.prediction)},
  };
  // Compact, as Evidently writes it. Names come from events and files:
  // invalid UTF-8 is replaced rather than thrown on.
  return document.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

ReportSummary ParseSummary(std::string_view json) {
  const Json document = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) Malformed("not valid JSON");
  if (!document.is_object()) Malformed("the document is not an object");

  const Json& metrics = Member(document, "metrics", "the document");
  if (!metrics.is_array()) Malformed("\"metrics\" is not an array");
  const Json* dataset = nullptr;
  for (const Json& metric : metrics) {
    if (!metric.is_object()) continue;
    const auto name = metric.find("metric");
    if (name != metric.end() && *name == "DatasetDriftMetric") {
      dataset = &Member(metric, "result", "DatasetDriftMetric");
      break;
    }
  }
  if (dataset == nullptr) Malformed("no DatasetDriftMetric in \"metrics\"");

  constexpr const char* kDataset = "DatasetDriftMetric's result";
  ReportSummary summary;
  summary.generated_at = Time(document, "timestamp", "the document");
  summary.dataset_drift = Flag(*dataset, "dataset_drift", kDataset);
  summary.drift_share = Real(*dataset, "drift_share", kDataset);
  summary.number_of_columns = Count(*dataset, "number_of_columns", kDataset);
  summary.number_of_drifted_columns = Count(*dataset, "number_of_drifted_columns", kDataset);
  summary.share_of_drifted_columns = Real(*dataset, "share_of_drifted_columns", kDataset);
  summary.event_count = Count(document, "event_count", "the document");
  const Json& window = Member(document, "window", "the document");
  summary.window_start = Time(window, "start", "\"window\"");
  summary.window_end = Time(window, "end", "\"window\"");
  summary.model_version = Text(document, "model_version", "the document");
  return summary;
}

}  // namespace pdex::report
