#include "drift/analyzer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <charconv>
#include <limits>
#include <numeric>

namespace pdex::drift {

namespace {

constexpr std::size_t kPlotBins = 30;
constexpr std::size_t kPlotValues = 20;

std::string FormatNumber(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 4);
  return error == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

double Share(double count, std::size_t total) { return total == 0 ? 0.0 : count / static_cast<double>(total); }

// Count of a sample's values in [lo, hi) — or [lo, hi] for the last bin.
double CountIn(const NumericSample& sample, double lo, double hi, bool last) {
  const auto upper = last ? sample.CountAtMost(hi) : sample.CountBelow(hi);
  return static_cast<double>(upper - sample.CountBelow(lo));
}

Distribution BinnedDistribution(const NumericSample& reference, const NumericSample& current) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const NumericSample* s : {&reference, &current}) {
    if (s->empty()) continue;
    lo = std::min(lo, s->min());
    hi = std::max(hi, s->max());
  }
  Distribution distribution;
  const double width = (hi - lo) / static_cast<double>(kPlotBins);
  for (std::size_t i = 0; i <= kPlotBins; ++i) {
    distribution.edges.push_back(i == kPlotBins ? hi : lo + width * static_cast<double>(i));
  }
  for (std::size_t i = 0; i < kPlotBins; ++i) {
    const double a = distribution.edges[i], b = distribution.edges[i + 1];
    const bool last = i + 1 == kPlotBins;
    distribution.labels.push_back(FormatNumber(a) + "–" + FormatNumber(b));
    distribution.reference_share.push_back(Share(CountIn(reference, a, b, last), reference.size()));
    distribution.current_share.push_back(Share(CountIn(current, a, b, last), current.size()));
  }
  return distribution;
}

Distribution PerValueDistribution(const ColumnSample& reference, const ColumnSample& current) {
  struct Value {
    std::string label;
    double reference_share;
    double current_share;
  };
  std::vector<Value> values;
  auto add_numbers = [&] {
    ForEachDistinct(reference.numbers, current.numbers, [&](double value, std::uint64_t r, std::uint64_t c) {
      values.push_back({FormatNumber(value), Share(static_cast<double>(r), reference.size()),
                        Share(static_cast<double>(c), current.size())});
    });
  };
  auto add_categories = [&] {
    std::vector<std::string> keys;
    for (const auto& [key, count] : reference.categories.counts()) keys.push_back(key);
    for (const auto& [key, count] : current.categories.counts()) keys.push_back(key);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (auto& key : keys) {
      const double r = Share(static_cast<double>(reference.categories.CountOf(key)), reference.size());
      const double c = Share(static_cast<double>(current.categories.CountOf(key)), current.size());
      values.push_back({std::move(key), r, c});
    }
  };
  if (reference.kind == ColumnKind::kNumerical) {
    add_numbers();
  } else {
    add_categories();
  }
  Distribution distribution;
  const bool numbers = reference.kind == ColumnKind::kNumerical;
  if (!numbers) {
    // Most frequent (in both samples together) first.
    std::stable_sort(values.begin(), values.end(), [](const Value& a, const Value& b) {
      return a.reference_share + a.current_share > b.reference_share + b.current_share;
    });
  }
  double other_reference = 0, other_current = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i < kPlotValues || values.size() == kPlotValues + 1) {
      distribution.labels.push_back(std::move(values[i].label));
      distribution.reference_share.push_back(values[i].reference_share);
      distribution.current_share.push_back(values[i].current_share);
    } else {
      other_reference += values[i].reference_share;
      other_current += values[i].current_share;
    }
  }
  if (values.size() > kPlotValues + 1) {
    distribution.labels.push_back("other");
    distribution.reference_share.push_back(other_reference);
    distribution.current_share.push_back(other_current);
  }
  return distribution;
}

ColumnDrift TestColumn(const ReferenceColumn& column, const parquet::Table& current_table) {
  ColumnDrift drift;
  drift.column_name = column.name;
  drift.column_type = column.kind;
  ColumnSample current;
  current.kind = column.kind;
  if (auto index = current_table.IndexOf(column.name)) {
    current = SampleOf(current_table.column(*index), column.kind, &drift.current_missing);
  } else {
    drift.current_missing = current_table.num_rows();
  }
  const StatTest& test = column.stattest != nullptr ? *column.stattest : DefaultStatTest(column.sample, current);
  drift.stattest = test.name;
  drift.stattest_name = test.display_name;
  drift.stattest_threshold = column.has_threshold ? column.threshold : test.default_threshold;
  drift.p_value = test.score_kind == ScoreKind::kPValue;
  drift.reference_count = column.sample.size();
  drift.current_count = current.size();
  StatTestResult result;
  if (column.sample.empty() || current.empty()) {
    result.score = std::numeric_limits<double>::quiet_NaN();
  } else {
    try {
      result = test.run(column.sample, current, drift.stattest_threshold);
    } catch (const StatTestError& e) {
      result.score = std::numeric_limits<double>::quiet_NaN();
      drift.error = e.what();
    }
  }
  drift.drift_score = result.score;
  drift.raw_score = result.score;
  drift.drift_detected = result.drifted;
  if (!column.sample.empty() || !current.empty()) {
    drift.distribution = PlotDistribution(column.sample, current);
  }
  return drift;
}

void ApplyCorrection(std::vector<ColumnDrift>& columns, Correction correction) {
  if (correction == Correction::kNone) return;
  std::vector<std::size_t> tested;
  std::vector<double> p_values;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].p_value && !std::isnan(columns[i].raw_score)) {
      tested.push_back(i);
      p_values.push_back(columns[i].raw_score);
    }
  }
  CorrectPValues(p_values, correction);
  for (std::size_t k = 0; k < tested.size(); ++k) {
    ColumnDrift& column = columns[tested[k]];
    column.drift_score = p_values[k];
    column.drift_detected = p_values[k] < column.stattest_threshold;
  }
}

}  // namespace

void CorrectPValues(std::vector<double>& p_values, Correction correction) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  const double m = static_cast<double>(order.size());
  if (correction == Correction::kBonferroni) {
    for (std::size_t i : order) p_values[i] = std::min(1.0, p_values[i] * m);
  } else if (correction == Correction::kBenjaminiHochberg) {
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
    // Step-up: adjusted p of rank k is min over ranks j >= k of p_j·m/j.
    double running = 1.0;
    for (std::size_t k = order.size(); k-- > 0;) {
      running = std::min(running, p_values[order[k]] * m / static_cast<double>(k + 1));
      p_values[order[k]] = running;
    }
  }
}

Distribution PlotDistribution(const ColumnSample& reference, const ColumnSample& current) {
  const auto many_values = [&] {
    return reference.numbers.distinct().size() > kPlotValues || current.numbers.distinct().size() > kPlotValues ||
           DistinctInUnion(reference, current) > kPlotValues;
  };
  if (reference.kind == ColumnKind::kNumerical && many_values()) {
    return BinnedDistribution(reference.numbers, current.numbers);
  }
  return PerValueDistribution(reference, current);
}

DriftResult Analyze(const Reference& reference, const parquet::Table& current, const DriftOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  DriftResult result;
  result.correction = options.correction;
  result.reference_rows = reference.rows();
  result.current_rows = current.num_rows();
  for (const ReferenceColumn& column : reference.columns()) {
    (column.role == ColumnRole::kFeature ? result.columns : result.prediction)
        .push_back(TestColumn(column, current));
  }
  ApplyCorrection(result.columns, options.correction);
  DatasetDrift& dataset = result.dataset;
  dataset.drift_share = options.drift_share;
  dataset.number_of_columns = result.columns.size();
  dataset.number_of_drifted_columns = static_cast<std::size_t>(
      std::count_if(result.columns.begin(), result.columns.end(), [](const ColumnDrift& c) { return c.drift_detected; }));
  dataset.share_of_drifted_columns =
      dataset.number_of_columns == 0 ? 0.0
                                     : static_cast<double>(dataset.number_of_drifted_columns) /
                                           static_cast<double>(dataset.number_of_columns);
  dataset.dataset_drift = dataset.number_of_columns > 0 && dataset.share_of_drifted_columns >= options.drift_share;
  result.compute_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace pdex::drift
