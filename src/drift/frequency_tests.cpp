// The tests on per-value counts (chisquare, z, g_test, fisher_exact), as
// Evidently computes them with SciPy. They count values of either kind:
// Evidently's preset runs chisquare and z on numerical columns with few
// distinct values, although configuration accepts all four for categorical
// columns only (the registry flags say so; column configuration checks).
//
// Cost: O(distinct reference + distinct current) for every test, plus
// O(min(row, column sums)) for fisher_exact's exact tails.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "drift/special_functions.h"
#include "drift/stattests_impl.h"

namespace pdex::drift::tests {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

StatTestResult NoScore() { return {kNaN, false}; }

StatTestResult PValueVerdict(double p_value, double threshold) { return {p_value, p_value < threshold}; }

double Sum(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) sum += v;
  return sum;
}

// scipy.stats.power_divergence(observed, expected, lambda_) for Pearson's
// statistic (lambda_ = 1) or the log-likelihood ratio (lambda_ = 0): the
// chi-square p-value with (entries - 1) degrees of freedom. An expected
// count of zero where something was observed makes the statistic infinite
// and the p-value 0; a single entry gives NaN (no degrees of freedom).
// SciPy (>= 1.9) refuses totals differing by more than 1e-8 relative, and
// so does this (StatTestError).
enum class Divergence { kPearson, kLogLikelihood };
double PowerDivergencePValue(const std::vector<double>& observed, const std::vector<double>& expected,
                             Divergence divergence, std::string_view test_name) {
  const double observed_total = Sum(observed);
  const double expected_total = Sum(expected);
  if (std::abs(observed_total - expected_total) / std::min(observed_total, expected_total) > 1e-8) {
    throw StatTestError(std::string(test_name) +
                        " needs as many current values as reference values (SciPy's power_divergence compares the "
                        "counts themselves)");
  }
  double statistic = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double o = observed[i];
    const double e = expected[i];
    if (divergence == Divergence::kPearson) {
      statistic += (o - e) * (o - e) / e;
    } else if (o != 0) {
      statistic += 2.0 * (o * std::log(o / e));
    }
  }
  return special::ChiSquareSf(statistic, static_cast<double>(observed.size()) - 1);
}

StatTestResult RunChiSquare(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  AlignedCounts counts = AlignCounts(reference, current);
  // Expected counts: the reference's, scaled to the current batch's size.
  const double scale = static_cast<double>(current.size()) / static_cast<double>(reference.size());
  for (double& count : counts.reference) count *= scale;
  return PValueVerdict(PowerDivergencePValue(counts.current, counts.reference, Divergence::kPearson, "chisquare"),
                       threshold);
}

StatTestResult RunGTest(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  const AlignedCounts counts = AlignCounts(reference, current);
  return PValueVerdict(PowerDivergencePValue(counts.current, counts.reference, Divergence::kLogLikelihood, "g_test"),
                       threshold);
}

// Evidently's two-proportion z-test: the share of values other than the
// smallest value (in sort order) of reference ∪ current, compared between
// the samples with the pooled variance; two-sided p-value computed as
// 2·(1 - Φ(|z|)), as Evidently does, so it is 0 beyond |z| ≈ 8.3. Both
// samples holding the same single value gives p = 1. More than two values
// are not refused: Evidently compares the smallest value against all others.
StatTestResult RunZ(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  const AlignedCounts counts = AlignCounts(reference, current);
  if (counts.reference.size() == 1) return PValueVerdict(1, threshold);
  const double n1 = static_cast<double>(reference.size());
  const double n2 = static_cast<double>(current.size());
  const double p1 = (n1 - counts.reference[0]) / n1;
  const double p2 = (n2 - counts.current[0]) / n2;
  const double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const double z = (p1 - p2) / std::sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  return PValueVerdict(2 * (1 - special::NormalCdf(std::abs(z))), threshold);
}

// A 2x2 table's two-sided Fisher exact p-value as SciPy 1.10 computes it:
// the probability, under the hypergeometric law of the top-left cell with
// all margins fixed, of the tables no more probable than the observed one
// (within a relative 1e-14, SciPy's tolerance for "as extreme"), found on
// the far side of the mode by SciPy's binary search.
class FisherTable {
 public:
  // Rows: current, reference; columns: the two values.
  FisherTable(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d)
      : top_left_(a), row1_(a + b), row2_(c + d), column1_(a + c), total_(a + b + c + d) {
    lowest_ = std::max<std::int64_t>(0, column1_ - row2_);
    highest_ = std::min(row1_, column1_);
    constant_log_ = SortedSum({LogFactorial(row1_), LogFactorial(row2_), LogFactorial(column1_),
                               LogFactorial(total_ - column1_)}) -
                    LogFactorial(total_);
  }

  double TwoSidedPValue() const {
    if (row1_ == 0 || row2_ == 0 || column1_ == 0 || column1_ == total_) return 1;
    constexpr double kRelativeTolerance = 1e-14;
    constexpr double kAsExtreme = 1 + kRelativeTolerance;
    // SciPy's formula for the mode, in floating point as there.
    const auto mode = static_cast<std::int64_t>(static_cast<double>((column1_ + 1) * (row1_ + 1)) /
                                                static_cast<double>(total_ + 2));
    const double p_exact = Probability(top_left_);
    const double p_mode = Probability(mode);
    if (std::abs(p_exact - p_mode) / std::max(p_exact, p_mode) <= kRelativeTolerance) return 1;
    double p_value = 0;
    if (top_left_ < mode) {
      const double lower_tail = AtMost(top_left_);
      if (Probability(column1_) > p_exact * kAsExtreme) return lower_tail;
      const std::int64_t boundary =
          LastAtMost([this](std::int64_t x) { return -Probability(x); }, -p_exact * kAsExtreme, mode, column1_);
      p_value = lower_tail + Above(boundary);
    } else {
      const double upper_tail = Above(top_left_ - 1);
      if (Probability(0) > p_exact * kAsExtreme) return upper_tail;
      const std::int64_t boundary =
          LastAtMost([this](std::int64_t x) { return Probability(x); }, p_exact * kAsExtreme, 0, mode);
      p_value = upper_tail + AtMost(boundary);
    }
    return std::min(p_value, 1.0);
  }

 private:
  static double LogFactorial(std::int64_t k) { return std::lgamma(static_cast<double>(k) + 1); }

  // Sums in ascending order, so that the same terms in any order give the
  // same bits: the table's mirror images (swapped columns, or x and
  // column1 - x when both rows are equal) then get identical probabilities,
  // which SciPy's 1e-14 tolerance treats as ties.
  static double SortedSum(std::array<double, 4> terms) {
    std::sort(terms.begin(), terms.end());
    return ((terms[0] + terms[1]) + terms[2]) + terms[3];
  }

  // P(top-left cell = x), from log-factorials: relative error about
  // 1e-16 · total · log(total), 1e-10 for 10^4 values per row.
  double Probability(std::int64_t x) const {
    if (x < lowest_ || x > highest_) return 0;
    const double varying = SortedSum({LogFactorial(x), LogFactorial(row1_ - x), LogFactorial(column1_ - x),
                                      LogFactorial(row2_ - column1_ + x)});
    return std::exp(constant_log_ - varying);
  }

  // P(X <= k) and P(X > k), summed term by term (exactly 1 / 0 past the
  // support, as SciPy returns).
  double AtMost(std::int64_t k) const {
    if (k >= highest_) return 1;
    double sum = 0;
    for (std::int64_t x = lowest_; x <= k; ++x) sum += Probability(x);
    return sum;
  }
  double Above(std::int64_t k) const {
    if (k < lowest_) return 1;
    double sum = 0;
    for (std::int64_t x = highest_; x > k; --x) sum += Probability(x);
    return sum;
  }

  // SciPy's binary search over [lo, hi] for a function ascending there:
  // the last x with f(x) <= target (lo - 1 when there is none).
  template <typename Ascending>
  static std::int64_t LastAtMost(const Ascending& f, double target, std::int64_t lo, std::int64_t hi) {
    while (lo < hi) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      const double value = f(mid);
      if (value < target) {
        lo = mid + 1;
      } else if (value > target) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return f(lo) <= target ? lo : lo - 1;
  }

  std::int64_t top_left_, row1_, row2_, column1_, total_;
  std::int64_t lowest_ = 0, highest_ = 0;
  double constant_log_ = 0;
};

// Evidently's fisher_exact: both samples of equal size with at most two
// values each, tabled as [[current: second value, first value], [reference:
// second value, first value]]. A union of more than two values is refused:
// Evidently then maps only two of them, chosen by Python's set order.
StatTestResult RunFisherExact(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  if (reference.size() != current.size()) {
    throw StatTestError("fisher_exact needs as many current values as reference values (Evidently's 2x2 table)");
  }
  const AlignedCounts counts = AlignCounts(reference, current);
  if (counts.reference.size() > 2) {
    throw StatTestError("fisher_exact needs binary data: reference and current hold " +
                        std::to_string(counts.reference.size()) + " distinct values together");
  }
  // One value on both sides: a column of the table is empty, p = 1.
  if (counts.reference.size() == 1) return PValueVerdict(1, threshold);
  const auto cell = [](double count) { return static_cast<std::int64_t>(count); };
  const FisherTable table(cell(counts.current[1]), cell(counts.current[0]), cell(counts.reference[1]),
                          cell(counts.reference[0]));
  return PValueVerdict(table.TwoSidedPValue(), threshold);
}

}  // namespace

const StatTest kChiSquare{"chisquare", "chi-square p_value", ScoreKind::kPValue, 0.05, false, true, RunChiSquare};
const StatTest kZ{"z", "Z-test p_value", ScoreKind::kPValue, 0.05, false, true, RunZ};
const StatTest kGTest{"g_test", "g_test", ScoreKind::kPValue, 0.1, false, true, RunGTest};
const StatTest kFisherExact{"fisher_exact", "Fisher's Exact test", ScoreKind::kPValue, 0.1, false, true,
                            RunFisherExact};

}  // namespace pdex::drift::tests
