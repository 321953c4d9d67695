#include "report/json_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "unit/report_samples.h"

namespace pdex::report {
namespace {

using nlohmann::json;

const json& Metric(const json& document, const std::string& name) {
  for (const json& metric : document.at("metrics")) {
    if (metric.at("metric") == name) return metric;
  }
  throw std::runtime_error("no metric " + name);
}

TEST(RenderJsonTest, DatasetDriftMetricHasEvidentlysKeysAndValues) {
  const drift::DriftReport report = samples::Report(8, 10);
  const json document = json::parse(RenderJson(report));
  ASSERT_EQ(document.at("metrics").size(), 2u);
  EXPECT_EQ(document["metrics"][0]["metric"], "DatasetDriftMetric");
  const json& result = Metric(document, "DatasetDriftMetric").at("result");
  EXPECT_EQ(result, (json{{"drift_share", 0.5},
                          {"number_of_columns", 8},
                          {"number_of_drifted_columns", 2},
                          {"share_of_drifted_columns", 0.25},
                          {"dataset_drift", false}}));
}

TEST(RenderJsonTest, DataDriftTableHasEvidentlysKeysPerColumn) {
  const drift::DriftReport report = samples::Report(8, 10);
  const json document = json::parse(RenderJson(report));
  const json& result = Metric(document, "DataDriftTable").at("result");
  EXPECT_EQ(result.at("number_of_columns"), 8);
  EXPECT_EQ(result.at("number_of_drifted_columns"), 2);
  EXPECT_EQ(result.at("share_of_drifted_columns"), 0.25);
  EXPECT_EQ(result.at("dataset_drift"), false);
  const json& by_column = result.at("drift_by_columns");
  ASSERT_EQ(by_column.size(), 8u);

  const json& ks = by_column.at("feature_0");
  EXPECT_EQ(ks.at("column_name"), "feature_0");
  EXPECT_EQ(ks.at("column_type"), "num");
  EXPECT_EQ(ks.at("stattest_name"), "K-S p_value");
  EXPECT_EQ(ks.at("stattest_threshold"), 0.05);
  EXPECT_EQ(ks.at("drift_score"), 0.4);
  EXPECT_EQ(ks.at("drift_detected"), false);
  EXPECT_EQ(ks.at("stattest"), "ks");
  EXPECT_EQ(ks.at("score_kind"), "p_value");

  const json& wasserstein = by_column.at("feature_1");
  EXPECT_EQ(wasserstein.at("stattest_name"), "Wasserstein distance (normed)");
  EXPECT_EQ(wasserstein.at("drift_score"), 0.31);
  EXPECT_EQ(wasserstein.at("drift_detected"), true);
  EXPECT_EQ(wasserstein.at("score_kind"), "distance");

  const json& categorical = by_column.at("feature_2");
  EXPECT_EQ(categorical.at("column_type"), "cat");
  EXPECT_EQ(categorical.at("stattest_name"), "Jensen-Shannon distance");
}

TEST(RenderJsonTest, ColumnsKeepTheirOrderAndCarryCountsAndDistributions) {
  const drift::DriftReport report = samples::Report(12, 5);
  const std::string text = RenderJson(report);
  const json document = json::parse(text);
  const json& by_column = Metric(document, "DataDriftTable")["result"]["drift_by_columns"];
  // Reference order, not alphabetical ("feature_10" would sort before "feature_2").
  EXPECT_LT(text.find("\"feature_2\":"), text.find("\"feature_10\":"));

  const drift::ColumnDrift& expected = report.result.columns[0];
  const json& column = by_column.at("feature_0");
  EXPECT_EQ(column.at("reference_count"), expected.reference_count);
  EXPECT_EQ(column.at("current_count"), expected.current_count);
  EXPECT_EQ(column.at("current_missing"), expected.current_missing);
  EXPECT_EQ(column.at("raw_score"), expected.raw_score);
  const json& distribution = column.at("distribution");
  EXPECT_EQ(distribution.at("labels"), json(expected.distribution.labels));
  EXPECT_EQ(distribution.at("edges"), json(expected.distribution.edges));
  EXPECT_EQ(distribution.at("reference_share"), json(expected.distribution.reference_share));
  EXPECT_EQ(distribution.at("current_share"), json(expected.distribution.current_share));
  EXPECT_EQ(by_column.at("feature_2").at("distribution").at("edges"), json::array());
}

TEST(RenderJsonTest, TopLevelAdditions) {
  drift::DriftReport report = samples::Report(3, 4);
  report.result.correction = drift::Correction::kBenjaminiHochberg;
  const json document = json::parse(RenderJson(report));
  EXPECT_EQ(document.at("timestamp"), "2026-11-26T10:15:00.250Z");
  EXPECT_EQ(document.at("window"), (json{{"start", "2026-11-26T09:16:00.250Z"}, {"end", "2026-11-26T10:14:59.250Z"}}));
  EXPECT_EQ(document.at("event_count"), 953);
  EXPECT_EQ(document.at("reference_rows"), 12000);
  EXPECT_EQ(document.at("current_rows"), 953);
  EXPECT_EQ(document.at("model_version"), "xgb-2026-11-20");
  EXPECT_EQ(document.at("reference_path"), "/app/data/X_train.parquet");
  EXPECT_EQ(document.at("correction"), "benjamini_hochberg");
  EXPECT_EQ(document.at("timings"), (json{{"compute_seconds", 0.042}}));
  const json& prediction = document.at("prediction_drift");
  ASSERT_EQ(prediction.size(), 2u);
  EXPECT_EQ(prediction.at("probability").at("stattest_name"), "Wasserstein distance (normed)");
  EXPECT_EQ(prediction.at("probability").at("drift_score"), 0.12);
  EXPECT_EQ(prediction.at("prediction").at("column_type"), "cat");
  EXPECT_EQ(prediction.at("prediction").at("drift_detected"), false);
}

TEST(RenderJsonTest, NanAndInfinityAreNull) {
  drift::DriftReport report = samples::Report(2, 3);
  drift::ColumnDrift& column = report.result.columns[0];
  column.drift_score = std::nan("");
  column.raw_score = std::numeric_limits<double>::infinity();
  column.distribution.current_share = {std::nan(""), 0.5, 0.5};
  const std::string text = RenderJson(report);
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  const json document = json::parse(text);
  const json& parsed = Metric(document, "DataDriftTable")["result"]["drift_by_columns"]["feature_0"];
  EXPECT_TRUE(parsed.at("drift_score").is_null());
  EXPECT_TRUE(parsed.at("raw_score").is_null());
  EXPECT_TRUE(parsed.at("distribution").at("current_share")[0].is_null());
}

TEST(RenderJsonTest, AnUntestedColumnSaysWhy) {
  drift::DriftReport report = samples::Report(2, 3);
  report.result.columns[0].drift_score = std::nan("");
  report.result.columns[0].error = "fisher_exact expects two categories";
  const json document = json::parse(RenderJson(report));
  const json& columns = Metric(document, "DataDriftTable")["result"]["drift_by_columns"];
  EXPECT_EQ(columns["feature_0"].at("error"), "fisher_exact expects two categories");
  EXPECT_FALSE(columns["feature_1"].contains("error"));
}

TEST(RenderJsonTest, InvalidUtf8IsReplacedNotThrown) {
  drift::DriftReport report = samples::Report(1, 2);
  report.result.columns[0].column_name = "bad \xFF name";
  report.model_version = "v\xC3";
  const json document = json::parse(RenderJson(report));
  EXPECT_EQ(document.at("model_version"), "v\xEF\xBF\xBD");
  EXPECT_TRUE(Metric(document, "DataDriftTable")["result"]["drift_by_columns"].contains("bad \xEF\xBF\xBD name"));
}

TEST(ParseSummaryTest, RoundTripsWhatRenderJsonWrites) {
  drift::DriftReport report = samples::Report(9, 4);
  report.result.dataset.dataset_drift = true;
  const ReportSummary summary = ParseSummary(RenderJson(report));
  EXPECT_EQ(summary.id, "");
  EXPECT_EQ(summary.generated_at, report.generated_at);
  EXPECT_EQ(summary.window_start, report.window_start);
  EXPECT_EQ(summary.window_end, report.window_end);
  EXPECT_TRUE(summary.dataset_drift);
  EXPECT_EQ(summary.drift_share, 0.5);
  EXPECT_EQ(summary.number_of_columns, 9u);
  EXPECT_EQ(summary.number_of_drifted_columns, report.result.dataset.number_of_drifted_columns);
  EXPECT_EQ(summary.share_of_drifted_columns, report.result.dataset.share_of_drifted_columns);
  EXPECT_EQ(summary.event_count, 953u);
  EXPECT_EQ(summary.model_version, "xgb-2026-11-20");
}

TEST(ParseSummaryTest, NullShareIsNan) {
  drift::DriftReport report = samples::Report(0, 4);
  report.result.dataset.share_of_drifted_columns = std::nan("");
  EXPECT_TRUE(std::isnan(ParseSummary(RenderJson(report)).share_of_drifted_columns));
}

TEST(ParseSummaryTest, MalformedInputThrowsClearErrors) {
  const auto error_of = [](std::string_view text) -> std::string {
    try {
      ParseSummary(text);
    } catch (const ReportError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of("").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("{\"metrics\": [").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[]").find("not an object"), std::string::npos);
  EXPECT_NE(error_of("{}").find("missing \"metrics\""), std::string::npos);
  EXPECT_NE(error_of("{\"metrics\": [{\"metric\": 3}]}").find("no DatasetDriftMetric"), std::string::npos);

  json document = json::parse(RenderJson(samples::Report(2, 2)));
  json broken = document;
  broken["metrics"][0]["result"].erase("dataset_drift");
  EXPECT_NE(error_of(broken.dump()).find("missing \"dataset_drift\""), std::string::npos);
  broken = document;
  broken["metrics"][0]["result"]["number_of_columns"] = -4;
  EXPECT_NE(error_of(broken.dump()).find("\"number_of_columns\" in DatasetDriftMetric's result is not a count"),
            std::string::npos);
  broken = document;
  broken["timestamp"] = "2026-02-30T10:00:00Z";
  EXPECT_NE(error_of(broken.dump()).find("\"timestamp\" in the document is not a UTC ISO-8601 time"),
            std::string::npos);
  broken = document;
  broken["window"]["end"] = 17;
  EXPECT_NE(error_of(broken.dump()).find("\"end\" in \"window\" is not a string"), std::string::npos);
  broken = document;
  broken["event_count"] = "many";
  EXPECT_NE(error_of(broken.dump()).find("\"event_count\""), std::string::npos);
}

TEST(ParseSummaryTest, AcceptsTimesWithoutMilliseconds) {
  json document = json::parse(RenderJson(samples::Report(2, 2)));
  document["timestamp"] = "2026-11-26T10:15:00Z";
  EXPECT_EQ(ParseSummary(document.dump()).generated_at, samples::At(-0.25));
  document["timestamp"] = "2026-11-26T10:15:00,250Z";
  EXPECT_THROW(ParseSummary(document.dump()), ReportError);
}

}  // namespace
}  // namespace pdex::report
