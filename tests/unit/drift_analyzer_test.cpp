#include "drift/analyzer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace pdex::drift {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Table;
using parquet::TypeKind;

Column Numbers(const std::string& name, const std::vector<double>& values) {
  Column column(name, ColumnType::Of(TypeKind::kDouble), true);
  for (double v : values) column.AppendDouble(v);
  return column;
}

Column Strings(const std::string& name, const std::vector<std::string>& values) {
  Column column(name, ColumnType::Of(TypeKind::kString), true);
  for (const auto& v : values) column.AppendString(v);
  return column;
}

std::vector<double> Ramp(std::size_t n, double start, double step) {
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(start + step * static_cast<double>(i % 97));
  return v;
}

std::vector<std::string> Cycle(std::size_t n, const std::vector<std::string>& labels) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(labels[i % labels.size()]);
  return v;
}

Table MakeTable(std::size_t rows, double shift) {
  Table table;
  table.AddColumn(Numbers("x", Ramp(rows, shift, 1.0)));
  table.AddColumn(Strings("kind", Cycle(rows, {"fire", "water", "grass"})));
  table.AddColumn(Numbers("probability", Ramp(rows, 0.0, 0.01)));
  return table;
}

TEST(Analyze, SmallReferenceUsesKsAndChiSquareAndFindsNoDriftOnTheSameData) {
  const Table table = MakeTable(500, 0);
  const Reference reference = Reference::FromTable(table, {}, "test");
  const DriftResult result = Analyze(reference, table, {});
  ASSERT_EQ(result.columns.size(), 2u);
  EXPECT_EQ(result.columns[0].column_name, "x");
  EXPECT_EQ(result.columns[0].stattest, "ks");
  EXPECT_EQ(result.columns[1].stattest, "chisquare");
  EXPECT_EQ(result.columns[1].column_type, ColumnKind::kCategorical);
  for (const auto& column : result.columns) EXPECT_FALSE(column.drift_detected) << column.column_name;
  EXPECT_FALSE(result.dataset.dataset_drift);
  EXPECT_EQ(result.dataset.number_of_columns, 2u);
  ASSERT_EQ(result.prediction.size(), 1u);
  EXPECT_EQ(result.prediction[0].column_name, "probability");
  EXPECT_EQ(result.reference_rows, 500u);
  EXPECT_EQ(result.current_rows, 500u);
}

TEST(Analyze, LargeReferenceUsesWassersteinAndJensenShannon) {
  const Reference reference = Reference::FromTable(MakeTable(5000, 0), {}, "test");
  const DriftResult result = Analyze(reference, MakeTable(400, 0), {});
  EXPECT_EQ(result.columns[0].stattest, "wasserstein");
  EXPECT_EQ(result.columns[0].stattest_name, "Wasserstein distance (normed)");
  EXPECT_DOUBLE_EQ(result.columns[0].stattest_threshold, 0.1);
  EXPECT_EQ(result.columns[1].stattest, "jensenshannon");
}

TEST(Analyze, ShiftedBatchIsDatasetDrift) {
  const Reference reference = Reference::FromTable(MakeTable(5000, 0), {}, "test");
  Table shifted;
  shifted.AddColumn(Numbers("x", Ramp(400, 60, 1.0)));
  shifted.AddColumn(Strings("kind", Cycle(400, {"fire", "fire", "fire", "water"})));
  const DriftResult result = Analyze(reference, shifted, {});
  EXPECT_TRUE(result.columns[0].drift_detected);
  EXPECT_TRUE(result.columns[1].drift_detected);
  EXPECT_EQ(result.dataset.number_of_drifted_columns, 2u);
  EXPECT_DOUBLE_EQ(result.dataset.share_of_drifted_columns, 1.0);
  EXPECT_TRUE(result.dataset.dataset_drift);
  // The batch lacks `probability`: no current values, no verdict.
  ASSERT_EQ(result.prediction.size(), 1u);
  EXPECT_TRUE(std::isnan(result.prediction[0].drift_score));
  EXPECT_FALSE(result.prediction[0].drift_detected);
  EXPECT_EQ(result.prediction[0].current_missing, 400u);
}

TEST(Analyze, DriftShareDecidesDatasetDrift) {
  const Reference reference = Reference::FromTable(MakeTable(5000, 0), {}, "test");
  Table half;
  half.AddColumn(Numbers("x", Ramp(400, 60, 1.0)));  // drifted
  half.AddColumn(Strings("kind", Cycle(400, {"fire", "water", "grass"})));
  DriftOptions options;
  EXPECT_TRUE(Analyze(reference, half, options).dataset.dataset_drift);  // 1 of 2 >= 0.5
  options.drift_share = 0.6;
  EXPECT_FALSE(Analyze(reference, half, options).dataset.dataset_drift);
}

TEST(Analyze, ConfigurationOverridesTestThresholdAndIgnoresColumns) {
  const DriftOptions options = DriftOptions::Parse(
      R"({"ignore": ["kind"], "columns": {"x": {"stattest": "psi", "threshold": 0.3}}})", "test");
  const Reference reference = Reference::FromTable(MakeTable(5000, 0), options, "test");
  const DriftResult result = Analyze(reference, MakeTable(400, 0), options);
  ASSERT_EQ(result.columns.size(), 1u);
  EXPECT_EQ(result.columns[0].stattest, "psi");
  EXPECT_DOUBLE_EQ(result.columns[0].stattest_threshold, 0.3);
}

TEST(Analyze, NumberColumnTestedAsCategories) {
  const DriftOptions options = DriftOptions::Parse(R"({"columns": {"x": {"kind": "cat"}}})", "test");
  const Reference reference = Reference::FromTable(MakeTable(500, 0), options, "test");
  const DriftResult result = Analyze(reference, MakeTable(500, 0), options);
  EXPECT_EQ(result.columns[0].column_type, ColumnKind::kCategorical);
  EXPECT_EQ(result.columns[0].stattest, "chisquare");
}

TEST(Analyze, RefusedTestLeavesTheColumnUndecided) {
  // fisher_exact needs two categories; "kind" has three.
  const DriftOptions options = DriftOptions::Parse(R"({"columns": {"kind": {"stattest": "fisher_exact"}}})", "test");
  const Reference reference = Reference::FromTable(MakeTable(500, 0), options, "test");
  const DriftResult result = Analyze(reference, MakeTable(500, 0), options);
  EXPECT_TRUE(std::isnan(result.columns[1].drift_score));
  EXPECT_FALSE(result.columns[1].drift_detected);
  EXPECT_FALSE(result.columns[1].error.empty());
}

TEST(Analyze, EmptyBatchDecidesNothing) {
  const Reference reference = Reference::FromTable(MakeTable(500, 0), {}, "test");
  const DriftResult result = Analyze(reference, MakeTable(0, 0), {});
  for (const auto& column : result.columns) {
    EXPECT_TRUE(std::isnan(column.drift_score));
    EXPECT_FALSE(column.drift_detected);
  }
  EXPECT_FALSE(result.dataset.dataset_drift);
}

TEST(Analyze, NonFiniteAndNullValuesAreDroppedAndCounted) {
  const Reference reference = Reference::FromTable(MakeTable(500, 0), {}, "test");
  Table batch;
  Column x("x", ColumnType::Of(TypeKind::kDouble), true);
  for (double v : Ramp(100, 0, 1.0)) x.AppendDouble(v);
  x.AppendDouble(std::nan(""));
  x.AppendDouble(INFINITY);
  x.AppendNull();
  batch.AddColumn(std::move(x));
  const DriftResult result = Analyze(reference, batch, {});
  EXPECT_EQ(result.columns[0].current_count, 100u);
  EXPECT_EQ(result.columns[0].current_missing, 3u);
}

TEST(CorrectPValues, BonferroniMultipliesByTheNumberOfTests) {
  std::vector<double> p{0.01, 0.2, std::nan(""), 0.5};
  CorrectPValues(p, Correction::kBonferroni);
  EXPECT_DOUBLE_EQ(p[0], 0.03);
  EXPECT_DOUBLE_EQ(p[1], 0.6);
  EXPECT_TRUE(std::isnan(p[2]));
  EXPECT_DOUBLE_EQ(p[3], 1.0);
}

TEST(CorrectPValues, BenjaminiHochbergStepUp) {
  // Hand-computed: sorted p = .01 .02 .03 .04 .2, m = 5: p·m/k = .05 .05 .05 .05 .2,
  // then the running minimum from the top.
  std::vector<double> p{0.04, 0.01, 0.2, 0.03, 0.02};
  CorrectPValues(p, Correction::kBenjaminiHochberg);
  const std::vector<double> expected{0.05, 0.05, 0.2, 0.05, 0.05};
  for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p[i], expected[i], 1e-15) << i;
}

TEST(Analyze, CorrectionAppliesToPValueTestsOnly) {
  const DriftOptions options = DriftOptions::Parse(R"({"correction": "bonferroni"})", "test");
  const Reference reference = Reference::FromTable(MakeTable(500, 0), options, "test");
  const DriftResult result = Analyze(reference, MakeTable(500, 3), options);
  EXPECT_EQ(result.correction, Correction::kBonferroni);
  for (const auto& column : result.columns) {
    EXPECT_TRUE(column.p_value);
    EXPECT_DOUBLE_EQ(column.drift_score, std::min(1.0, column.raw_score * 2));
  }
}

TEST(PlotDistribution, NumbersWithManyValuesGetThirtySharedBins) {
  const auto reference = ColumnSample::Numerical(Ramp(1000, 0, 1.0));
  const auto current = ColumnSample::Numerical(Ramp(100, 10, 1.0));
  const Distribution d = PlotDistribution(reference, current);
  ASSERT_EQ(d.labels.size(), 30u);
  ASSERT_EQ(d.edges.size(), 31u);
  EXPECT_DOUBLE_EQ(d.edges.front(), 0.0);
  EXPECT_DOUBLE_EQ(d.edges.back(), 106.0);
  double r = 0, c = 0;
  for (std::size_t i = 0; i < 30; ++i) {
    r += d.reference_share[i];
    c += d.current_share[i];
  }
  EXPECT_NEAR(r, 1.0, 1e-12);
  EXPECT_NEAR(c, 1.0, 1e-12);
}

TEST(PlotDistribution, CategoriesMostFrequentFirstWithTheTailFolded) {
  std::vector<std::string> labels;
  for (int i = 0; i < 25; ++i) labels.push_back("c" + std::to_string(i));
  std::vector<std::string> values;
  for (int i = 0; i < 25; ++i) {
    for (int k = 0; k <= i; ++k) values.push_back(labels[static_cast<std::size_t>(i)]);
  }
  std::vector<std::string_view> views(values.begin(), values.end());
  const auto sample = ColumnSample::Categorical(views);
  const Distribution d = PlotDistribution(sample, sample);
  ASSERT_EQ(d.labels.size(), 21u);
  EXPECT_EQ(d.labels.front(), "c24");
  EXPECT_EQ(d.labels.back(), "other");
  EXPECT_TRUE(d.edges.empty());
}

}  // namespace
}  // namespace pdex::drift
