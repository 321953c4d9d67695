// The p-value tests on numbers (ks, t_test, mannw, cramer_von_mises,
// anderson) and the distribution functions behind them, on values checked by
// hand or from published tables, brute-force recomputations, and symmetry
// properties. tests/oracle compares every test with SciPy at scale.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>
#include <random>
#include <string_view>
#include <vector>

#include "drift/sample.h"
#include "drift/special_functions.h"
#include "drift/stattest.h"
#include "drift/stattests_impl.h"

namespace pdex::drift {
namespace {

using special::NormalCdf;
using special::NormalSf;
using special::StudentTSf;

ColumnSample Numbers(std::vector<double> values) { return ColumnSample::Numerical(std::move(values)); }

double PValue(const StatTest& test, std::vector<double> reference, std::vector<double> current) {
  return test.run(Numbers(std::move(reference)), Numbers(std::move(current)), test.default_threshold).score;
}

std::vector<double> RandomNormal(std::mt19937_64& rng, std::size_t n, double mean) {
  std::normal_distribution<double> normal(mean, 1.0);
  std::vector<double> values(n);
  for (double& v : values) v = normal(rng);
  return values;
}

const StatTest* const kAllPValueTests[] = {&tests::kKs, &tests::kTTest, &tests::kMannWhitney, &tests::kCramerVonMises,
                                           &tests::kAndersonDarling};

// --- Distribution functions ------------------------------------------------

// Standard normal quantiles as tabled to full double precision (R's qnorm;
// the first digits in any statistics table).
TEST(NormalTest, MatchesTabledQuantiles) {
  EXPECT_DOUBLE_EQ(NormalCdf(0), 0.5);
  EXPECT_NEAR(NormalSf(1.6448536269514722) / 0.05, 1, 1e-14);
  EXPECT_NEAR(NormalSf(2.3263478740408408) / 0.01, 1, 1e-14);
  EXPECT_NEAR(NormalSf(3.090232306167813) / 0.001, 1, 1e-14);
  EXPECT_NEAR(NormalCdf(-3.090232306167813) / 0.001, 1, 1e-14);
  EXPECT_NEAR(NormalCdf(1.6448536269514722), 0.95, 1e-15);
}

TEST(NormalTest, KeepsRelativePrecisionInTheTails) {
  // Q(x) ~ φ(x)/x (1 - 1/x² + 3/x⁴ - 15/x⁶ + 105/x⁸), Mills' ratio series:
  // at x = 20 the omitted term is ~1e-11 relative.
  const double x = 20;
  const double density = std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi);
  const double x2 = x * x;
  const double mills = density / x * (1 - 1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2) + 105 / (x2 * x2 * x2 * x2));
  EXPECT_NEAR(NormalSf(x) / mills, 1, 1e-10);
  EXPECT_NEAR(NormalCdf(-x) / mills, 1, 1e-10);
  EXPECT_DOUBLE_EQ(NormalSf(-x), 1.0);
}

// Closed forms of Student's t for 1, 2 and 3 degrees of freedom, written
// without cancellation so they hold deep in the tail.
double CauchySf(double t) { return t > 0 ? std::atan(1 / t) / std::numbers::pi : 0.5 - std::atan(t) / std::numbers::pi; }
double TwoDofSf(double t) {
  const double root = std::sqrt(2 + t * t);
  return t > 0 ? 1 / ((root + t) * root) : (1 - t / root) / 2;
}
double ThreeDofSf(double t) {
  const double theta = std::atan(t / std::sqrt(3.0));
  return 0.5 - (theta + std::sin(theta) * std::cos(theta)) / std::numbers::pi;
}

TEST(StudentTTest, MatchesClosedFormsForFewDegreesOfFreedom) {
  for (double t : {-30.0, -2.0, -0.3, 0.0, 0.1, 1.0, 2.5, 10.0, 1e3, 1e10}) {
    EXPECT_NEAR(StudentTSf(t, 1) / CauchySf(t), 1, 1e-13) << t;
    EXPECT_NEAR(StudentTSf(t, 2) / TwoDofSf(t), 1, 1e-13) << t;
  }
  for (double t : {-4.0, -1.0, 0.5, 1.5, 3.0, 6.0}) EXPECT_NEAR(StudentTSf(t, 3) / ThreeDofSf(t), 1, 1e-13) << t;
}

TEST(StudentTTest, ApproachesTheNormalForHugeDegreesOfFreedom) {
  // Edgeworth: P(T > t) = Q(t) + φ(t)(t³ + t)/(4ν) + O(ν⁻²); at ν = 1e7 and
  // t <= 2 the omitted term is below 1e-12 relative. A double-precision
  // continued fraction is off by ~3e-10 here; ours, in extended precision,
  // by a few 1e-12.
  const double nu = 1e7;
  for (double t : {0.5, 1.5, 2.0}) {
    const double density = std::exp(-t * t / 2) / std::sqrt(2 * std::numbers::pi);
    const double expected = NormalSf(t) + density * (t * t * t + t) / (4 * nu);
    EXPECT_NEAR(StudentTSf(t, nu) / expected, 1, 5e-12) << t;
  }
}

TEST(StudentTTest, HandlesInfiniteAndMissingStatistics) {
  EXPECT_EQ(StudentTSf(std::numeric_limits<double>::infinity(), 5), 0.0);
  EXPECT_EQ(StudentTSf(-std::numeric_limits<double>::infinity(), 5), 1.0);
  EXPECT_TRUE(std::isnan(StudentTSf(std::nan(""), 5)));
  EXPECT_TRUE(std::isnan(StudentTSf(1.0, 0)));
}

// --- Contracts shared by the five tests --------------------------------------

TEST(PValueTestsTest, HaveEvidentlysNamesThresholdsAndVerdictRules) {
  EXPECT_EQ(tests::kKs.display_name, "K-S p_value");
  EXPECT_EQ(tests::kTTest.display_name, "t_test");
  EXPECT_EQ(tests::kMannWhitney.display_name, "Mann-Whitney U-rank test");
  EXPECT_EQ(tests::kCramerVonMises.display_name, "Cramer-Von-mises");
  EXPECT_EQ(tests::kAndersonDarling.display_name, "Anderson-Darling");
  EXPECT_EQ(tests::kKs.default_threshold, 0.05);
  EXPECT_EQ(tests::kTTest.default_threshold, 0.05);
  EXPECT_EQ(tests::kMannWhitney.default_threshold, 0.05);
  EXPECT_EQ(tests::kCramerVonMises.default_threshold, 0.1);
  EXPECT_EQ(tests::kAndersonDarling.default_threshold, 0.1);
  for (const StatTest* test : kAllPValueTests) {
    EXPECT_EQ(test->score_kind, ScoreKind::kPValue);
    EXPECT_TRUE(test->numerical);
    EXPECT_FALSE(test->categorical);
  }
  // At a threshold equal to the p-value, ks and cramer_von_mises report
  // drift (p <= threshold), the others do not (p < threshold).
  const ColumnSample low4 = Numbers({1, 2, 3, 3.5}), high4 = Numbers({4, 5, 6, 7});
  for (const StatTest* test : kAllPValueTests) {
    const double p = test->run(low4, high4, 0.05).score;
    const bool at_or_below = test == &tests::kKs || test == &tests::kCramerVonMises;
    EXPECT_EQ(test->run(low4, high4, p).drifted, at_or_below) << test->name;
  }
}

TEST(PValueTestsTest, RefuseCategoricalColumns) {
  const ColumnSample categories = ColumnSample::Categorical({"a", "b", "a"});
  for (const StatTest* test : kAllPValueTests) {
    EXPECT_THROW(test->run(categories, categories, 0.05), StatTestError) << test->name;
  }
}

TEST(PValueTestsTest, GiveNoScoreAndNoDriftForAnEmptySide) {
  const ColumnSample some = Numbers({1, 2, 3});
  const ColumnSample none = Numbers({std::nan(""), std::numeric_limits<double>::infinity()});
  for (const StatTest* test : kAllPValueTests) {
    for (const auto& [reference, current] : {std::pair{&some, &none}, std::pair{&none, &some}}) {
      const StatTestResult result = test->run(*reference, *current, 0.05);
      EXPECT_TRUE(std::isnan(result.score)) << test->name;
      EXPECT_FALSE(result.drifted) << test->name;
    }
  }
}

TEST(PValueTestsTest, AreSymmetricInTheTwoSamples) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 20; ++round) {
    const std::size_t n1 = 2 + rng() % 40, n2 = 2 + rng() % 40;
    std::vector<double> a = RandomNormal(rng, n1, 0), b = RandomNormal(rng, n2, 0.4);
    if (round % 2 == 1) {  // heavy ties
      for (double& v : a) v = std::round(v);
      for (double& v : b) v = std::round(v);
    }
    for (const StatTest* test : kAllPValueTests) {
      if (test == &tests::kAndersonDarling && round % 2 == 1) continue;  // may have one distinct value
      EXPECT_EQ(PValue(*test, a, b), PValue(*test, b, a)) << test->name << " round " << round;
    }
  }
}

TEST(PValueTestsTest, RankTestsIgnoreMonotoneTransforms) {
  std::mt19937_64 rng(9);
  const std::vector<double> a = RandomNormal(rng, 30, 0), b = RandomNormal(rng, 45, 0.5);
  std::vector<double> ea(a.size()), eb(b.size());
  std::transform(a.begin(), a.end(), ea.begin(), [](double v) { return std::exp(v); });
  std::transform(b.begin(), b.end(), eb.begin(), [](double v) { return std::exp(v); });
  for (const StatTest* test : {&tests::kKs, &tests::kMannWhitney, &tests::kCramerVonMises, &tests::kAndersonDarling}) {
    EXPECT_EQ(PValue(*test, a, b), PValue(*test, ea, eb)) << test->name;
  }
}

// --- ks ----------------------------------------------------------------------

// Fully separated samples of 3: D = 1, reached by 2 of the C(6, 3) = 20
// orderings, p = 0.1.
TEST(KsTest, SeparatedSmallSamples) {
  EXPECT_DOUBLE_EQ(PValue(tests::kKs, {1, 2, 3}, {4, 5, 6}), 0.1);
  EXPECT_DOUBLE_EQ(PValue(tests::kKs, {1, 2, 3}, {1, 2, 3}), 1.0);  // D = 0
}

// D by its definition, over every value of the union, in O(n m).
std::int64_t BruteForceScaledD(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n1 = static_cast<std::int64_t>(a.size()), n2 = static_cast<std::int64_t>(b.size());
  std::int64_t largest = 0;
  for (const std::vector<double>* side : {&a, &b}) {
    for (double v : *side) {
      const auto c1 = std::count_if(a.begin(), a.end(), [v](double x) { return x <= v; });
      const auto c2 = std::count_if(b.begin(), b.end(), [v](double x) { return x <= v; });
      largest = std::max(largest, std::abs(c1 * n2 - c2 * n1));  // D × n1 n2, an integer
    }
  }
  return largest;
}

// The exact two-sided p-value by enumeration: the share of the C(n1 + n2, n1)
// orderings of two tie-free samples whose D is at least the observed one.
double BruteForceKsPValue(std::int64_t scaled_d, std::size_t n1, std::size_t n2) {
  std::vector<bool> first(n1 + n2, false);
  std::fill(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(n1), true);
  std::int64_t at_least = 0, total = 0;
  do {
    std::int64_t c1 = 0, c2 = 0, largest = 0;
    for (bool in_first : first) {
      (in_first ? c1 : c2) += 1;
      largest = std::max(largest, std::abs(c1 * static_cast<std::int64_t>(n2) - c2 * static_cast<std::int64_t>(n1)));
    }
    ++total;
    if (largest >= scaled_d) ++at_least;
  } while (std::prev_permutation(first.begin(), first.end()));
  return static_cast<double>(at_least) / static_cast<double>(total);
}

TEST(KsTest, MatchesBruteForceOnSmallSamplesWithTies) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 60; ++round) {
    const std::size_t n1 = 1 + rng() % 8, n2 = 1 + rng() % 8;
    const int range = 2 + static_cast<int>(rng() % 8);  // small ranges: many ties
    std::vector<double> a(n1), b(n2);
    for (double& v : a) v = static_cast<double>(rng() % static_cast<unsigned>(range));
    for (double& v : b) v = static_cast<double>(rng() % static_cast<unsigned>(range)) + (round % 3 == 0 ? 1 : 0);
    const double expected = BruteForceKsPValue(BruteForceScaledD(a, b), n1, n2);
    EXPECT_NEAR(PValue(tests::kKs, a, b), expected, 1e-12 * expected) << "round " << round;
  }
}

TEST(KsTest, LargeSamplesUseTheAsymptoticDistribution) {
  // Above 10000 values the p-value follows Kolmogorov's distribution for
  // n = round(n1 n2 / (n1 + n2)); for D = 0 it is 1, for disjoint samples 0.
  std::vector<double> reference(12000), current(500);
  std::iota(reference.begin(), reference.end(), 0.0);
  std::iota(current.begin(), current.end(), 20000.0);
  EXPECT_EQ(PValue(tests::kKs, reference, current), 0.0);
  EXPECT_EQ(PValue(tests::kKs, reference, reference), 1.0);
  std::mt19937_64 rng(3);
  const std::vector<double> same1 = RandomNormal(rng, 12000, 0), same2 = RandomNormal(rng, 12000, 0);
  const double p = PValue(tests::kKs, same1, same2);
  EXPECT_GT(p, 0.001);
  EXPECT_LT(p, 1.0);
}

// --- t_test --------------------------------------------------------------------

TEST(TTest, TwoDegreesOfFreedomByHand) {
  // Means 2 and 6, sample variances 2 and 2, pooled variance 2, standard
  // error sqrt(2 (1/2 + 1/2)) = √2: t = -4/√2, t² = 8, ν = 2, and
  // p = 2 P(T₂ > √8) = 1 - √8/√10 = 1 - √0.8.
  EXPECT_NEAR(PValue(tests::kTTest, {1, 3}, {5, 7}), 1 - std::sqrt(0.8), 1e-15);
}

TEST(TTest, WikipediaWorkedExample) {
  // Wikipedia, "Student's t-test", worked example (equal variances):
  // t ≈ 1.959, ν = 10, p ≈ 0.07857.
  const double p =
      PValue(tests::kTTest, {30.02, 29.99, 30.11, 29.97, 30.01, 29.99}, {29.89, 29.93, 29.72, 29.98, 30.02, 29.98});
  EXPECT_NEAR(p, 0.07857, 0.000005);
}

TEST(TTest, IsUndefinedForSingleValuesAndEqualConstants) {
  EXPECT_TRUE(std::isnan(PValue(tests::kTTest, {1.0}, {2.0, 3.0})));
  EXPECT_TRUE(std::isnan(PValue(tests::kTTest, {5.0, 5.0, 5.0}, {5.0, 5.0})));
  // Different constants: zero variance, infinite t.
  EXPECT_EQ(PValue(tests::kTTest, {5.0, 5.0, 5.0}, {6.0, 6.0}), 0.0);
}

// --- mannw ---------------------------------------------------------------------

TEST(MannWhitneyTest, ShierExampleExact) {
  // Shier (2004), "Statistics: 2.3 The Mann-Whitney U Test", as in SciPy's
  // documentation: U = 17 of 20; P(U >= 17) = P(U <= 3) = 7/126, so the
  // two-sided exact p-value is 14/126 = 1/9.
  EXPECT_NEAR(PValue(tests::kMannWhitney, {19, 22, 16, 29, 24}, {20, 11, 17, 12}), 1.0 / 9, 1e-15);
}

TEST(MannWhitneyTest, AsymptoticWithoutTiesByHand) {
  // 9 and 9 separated values: U = 81, μ = 40.5, σ² = 81 × 19 / 12 = 128.25,
  // z = (81 - 40.5 - 0.5) / σ = 40 / √128.25.
  std::vector<double> low(9), high(9);
  std::iota(low.begin(), low.end(), 1.0);
  std::iota(high.begin(), high.end(), 10.0);
  EXPECT_NEAR(PValue(tests::kMannWhitney, low, high) / (2 * NormalSf(40 / std::sqrt(128.25))), 1, 1e-14);
}

TEST(MannWhitneyTest, AsymptoticWithTiesByHand) {
  // Union: 1×3 (midrank 2), 2×6 (6.5), 3×6 (12.5), 4×3 (17). Current rank
  // sum 3(6.5 + 12.5 + 17) = 108, U₂ = 108 - 45 = 63, U = 63. Tie term
  // 2(3³ - 3) + 2(6³ - 6) = 468; σ² = 81/12 (19 - 468/306); z = 22/σ.
  const double sigma = std::sqrt(81.0 / 12 * (19 - 468.0 / 306));
  EXPECT_NEAR(PValue(tests::kMannWhitney, {1, 1, 1, 2, 2, 2, 3, 3, 3}, {2, 2, 2, 3, 3, 3, 4, 4, 4}) /
                  (2 * NormalSf(22 / sigma)),
              1, 1e-14);
}

TEST(MannWhitneyTest, ExactWithAHugeReference) {
  // 3 current values above 5000 distinct reference values: U = 15000 is
  // the maximum, reached by 1 of C(5003, 3) orderings.
  std::vector<double> reference(5000);
  std::iota(reference.begin(), reference.end(), 0.0);
  const double orderings = 5003.0 * 5002 * 5001 / 6;
  EXPECT_NEAR(PValue(tests::kMannWhitney, reference, {6000, 6001, 6002}) / (2 / orderings), 1, 1e-12);
}

// --- cramer_von_mises ------------------------------------------------------------

TEST(CramerVonMisesTest, ExactByEnumeration) {
  // Samples of 2 and 2: the six orderings have U = 16, 16, 12, 12, 12, 12
  // (U = 2 Σ (x_i - i)² + 2 Σ (y_j - j)² over 0-based positions). Separated
  // samples reach U = 16: p = 2/6; interleaved ones U = 12: p = 1.
  EXPECT_NEAR(PValue(tests::kCramerVonMises, {1, 2}, {3, 4}), 1.0 / 3, 1e-15);
  EXPECT_DOUBLE_EQ(PValue(tests::kCramerVonMises, {1, 3}, {2, 4}), 1.0);
}

TEST(CramerVonMisesTest, NeedsTwoValuesPerSample) {
  EXPECT_THROW(tests::kCramerVonMises.run(Numbers({1}), Numbers({2, 3, 4}), 0.1), StatTestError);
}

TEST(CramerVonMisesTest, AsymptoticForLargerSamples) {
  std::mt19937_64 rng(1);
  const double same = PValue(tests::kCramerVonMises, RandomNormal(rng, 200, 0), RandomNormal(rng, 300, 0));
  const double apart = PValue(tests::kCramerVonMises, RandomNormal(rng, 200, 0), RandomNormal(rng, 300, 1));
  EXPECT_GT(same, 0.01);
  EXPECT_LT(apart, 1e-6);
}

// --- anderson --------------------------------------------------------------------

TEST(AndersonTest, CapsAndFloorsTheSignificanceLevel) {
  // SciPy reports 0.25 below the table of Scholz & Stephens and 0.001 above.
  std::vector<double> low(100), high(100);
  std::iota(low.begin(), low.end(), 0.0);
  std::iota(high.begin(), high.end(), 300.0);
  EXPECT_EQ(PValue(tests::kAndersonDarling, low, low), 0.25);
  EXPECT_EQ(PValue(tests::kAndersonDarling, low, high), 0.001);
}

TEST(AndersonTest, InterpolatesInsideTheTable) {
  // scipy.stats.anderson_ksamp([[1, ..., 10], [3.5, ..., 12.5]]) with SciPy
  // 1.10.1: statistic 0.99455, significance level 0.127135; and with
  // [4.5, ..., 13.5]: 2.50865, 0.0304237.
  std::vector<double> a(10), b(10);
  std::iota(a.begin(), a.end(), 1.0);
  std::iota(b.begin(), b.end(), 3.5);
  EXPECT_NEAR(PValue(tests::kAndersonDarling, a, b), 0.127135, 1e-6);
  std::iota(b.begin(), b.end(), 4.5);
  EXPECT_NEAR(PValue(tests::kAndersonDarling, a, b), 0.0304237, 1e-7);
}

TEST(AndersonTest, NeedsTwoDistinctValues) {
  EXPECT_THROW(tests::kAndersonDarling.run(Numbers({2, 2}), Numbers({2, 2, 2}), 0.1), StatTestError);
}

}  // namespace
}  // namespace pdex::drift
