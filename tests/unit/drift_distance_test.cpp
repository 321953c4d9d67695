// Evidently's binning rules and the distance tests (wasserstein, ed,
// jensenshannon, psi, kl_div, hellinger) on samples small enough to check
// by hand, and their properties. tests/oracle compares them with SciPy and
// numpy over generated cases.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <string_view>
#include <vector>

#include "drift/binning.h"
#include "drift/stattests_impl.h"

namespace pdex::drift {
namespace {

const std::vector<const StatTest*> kDistances{&tests::kWasserstein, &tests::kEnergyDistance, &tests::kJensenShannon,
                                              &tests::kPsi,         &tests::kKlDivergence,    &tests::kHellinger};

ColumnSample Categories(std::size_t n, std::string_view a, std::size_t m = 0, std::string_view b = "") {
  std::vector<std::string_view> values(n, a);
  values.insert(values.end(), m, b);
  return ColumnSample::Categorical(values);
}

std::vector<double> Normal(std::size_t n, double mean, double sd, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> dist(mean, sd);
  std::vector<double> values(n);
  for (double& v : values) v = dist(rng);
  return values;
}

TEST(SturgesEdgesTest, CutsTheRangeIntoLog2SizePlusOneBins) {
  // numpy.histogram_bin_edges(numpy.linspace(0, 1, 8), "sturges"):
  // log2(8) + 1 = 4 bins.
  EXPECT_EQ(SturgesEdges(0, 1, 8), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  // 23 values: log2(23) + 1 = 5.52..., so 6 bins; edges from numpy.linspace.
  const std::vector<double> edges = SturgesEdges(0, 20, 23);
  ASSERT_EQ(edges.size(), 7u);
  EXPECT_EQ(edges[0], 0);
  EXPECT_EQ(edges[1], 20.0 / 6);
  EXPECT_EQ(edges[3], 3 * (20.0 / 6));
  EXPECT_EQ(edges[6], 20);
}

TEST(SturgesEdgesTest, WidensAnEmptyRangeByHalfOnEachSide) {
  EXPECT_EQ(SturgesEdges(3, 3, 5), (std::vector<double>{2.5, 3.5}));
}

TEST(SturgesEdgesTest, RefusesARangeBeyondTheLargestDouble) {
  const double huge = std::numeric_limits<double>::max();
  EXPECT_THROW(SturgesEdges(-huge, huge, 10), StatTestError);
}

TEST(HistogramCountsTest, ClosesOnlyTheLastBin) {
  const NumericSample sample({-1, 0, 0.25, 0.5, 0.5, 1, 2});
  const std::vector<double> edges{0, 0.5, 1};
  // [0, 0.5): 0 and 0.25; [0.5, 1]: 0.5 twice and 1; -1 and 2 are outside.
  EXPECT_EQ(HistogramCounts(sample, edges), (std::vector<std::uint64_t>{2, 3}));
}

TEST(BinnedSharesTest, CountsEachValueWithTwentyOrFewerDistinctReferenceValues) {
  const BinnedShares shares =
      EvidentlyBinnedShares(ColumnSample::Numerical({1, 1, 2}), ColumnSample::Numerical({2, 3}), false);
  EXPECT_EQ(shares.reference, (std::vector<double>{2.0 / 3, 1.0 / 3, 0}));
  EXPECT_EQ(shares.current, (std::vector<double>{0, 0.5, 0.5}));
}

TEST(BinnedSharesTest, FillsZeroesWithATenThousandthOrAMillionthOfTheSmallestShare) {
  const BinnedShares filled =
      EvidentlyBinnedShares(ColumnSample::Numerical({1, 1, 2}), ColumnSample::Numerical({2, 3}), true);
  EXPECT_EQ(filled.reference[2], 1e-4);
  EXPECT_EQ(filled.current[0], 1e-4);
  // A smallest share of 1e-5 (at most 1e-4) gives zeroes 1e-5 / 1e6.
  std::vector<std::string_view> rare(99'999, "a");
  rare.push_back("b");
  const BinnedShares tiny =
      EvidentlyBinnedShares(ColumnSample::Categorical(rare), Categories(3, "a", 1, "c"), true);
  EXPECT_EQ(tiny.reference, (std::vector<double>{0.99999, 1e-5, 1e-5 / 1e6}));
}

TEST(BinnedSharesTest, BinsNumbersWithMoreThanTwentyDistinctReferenceValues) {
  std::vector<double> reference;
  for (int i = 0; i <= 20; ++i) reference.push_back(i);
  // Reference ∪ current: 23 values over [0, 20], six bins of 20/6;
  // reference 0..3 | 4..6 | 7..9 | 10..13 | 14..16 | 17..20.
  const BinnedShares shares =
      EvidentlyBinnedShares(ColumnSample::Numerical(reference), ColumnSample::Numerical({0, 20}), false);
  EXPECT_EQ(shares.reference, (std::vector<double>{4.0 / 21, 3.0 / 21, 3.0 / 21, 4.0 / 21, 3.0 / 21, 4.0 / 21}));
  EXPECT_EQ(shares.current, (std::vector<double>{0.5, 0, 0, 0, 0, 0.5}));
}

TEST(WassersteinTest, IsTheAreaBetweenTheCdfsOverTheReferenceStd) {
  // CDFs differ by 1/2 on [0, 1) and [2, 3): area 1; std of {0, 2} is 1.
  const StatTestResult result =
      tests::kWasserstein.run(ColumnSample::Numerical({0, 2}), ColumnSample::Numerical({1, 3}), 0.1);
  EXPECT_DOUBLE_EQ(result.score, 1);
  EXPECT_TRUE(result.drifted);
  // A constant reference is normed by 0.001 instead of 0.
  EXPECT_DOUBLE_EQ(tests::kWasserstein.run(ColumnSample::Numerical({5}), ColumnSample::Numerical({6}), 0.1).score,
                   1000);
}

TEST(WassersteinTest, DriftsAtTheThresholdItself) {
  EXPECT_TRUE(tests::kWasserstein.run(ColumnSample::Numerical({0, 2}), ColumnSample::Numerical({1, 3}), 1).drifted);
}

TEST(EnergyDistanceTest, OfTwoPointsIsTheSquareRootOfTwiceTheirDistance) {
  // D² = 2 E|X - Y| - E|X - X'| - E|Y - Y'| = 2 for points 0 and 1.
  const StatTestResult result =
      tests::kEnergyDistance.run(ColumnSample::Numerical({0}), ColumnSample::Numerical({1}), std::numbers::sqrt2);
  EXPECT_DOUBLE_EQ(result.score, std::numbers::sqrt2);
  // Evidently compares with a strict >.
  EXPECT_FALSE(result.drifted);
}

TEST(JensenShannonTest, OfDisjointSamplesIsTheRootOfLn2) {
  const StatTestResult result = tests::kJensenShannon.run(Categories(5, "a"), Categories(3, "b"), 0.1);
  EXPECT_DOUBLE_EQ(result.score, std::sqrt(std::numbers::ln2));
  EXPECT_TRUE(result.drifted);
}

TEST(PsiTest, SumsShareDifferencesTimesLogRatios) {
  // (0.5 - 0.25) ln 2 + (0.5 - 0.75) ln(2/3) = ln(3) / 4.
  EXPECT_DOUBLE_EQ(tests::kPsi.run(Categories(2, "a", 2, "b"), Categories(1, "a", 3, "b"), 0.1).score,
                   std::log(3.0) / 4);
}

TEST(KlDivergenceTest, IsTheRelativeEntropyOfReferenceToCurrent) {
  // 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = ln(4/3) / 2.
  EXPECT_DOUBLE_EQ(tests::kKlDivergence.run(Categories(2, "a", 2, "b"), Categories(1, "a", 3, "b"), 0.1).score,
                   std::log(4.0 / 3) / 2);
}

TEST(HellingerTest, ComesFromTheBhattacharyyaAffinity) {
  // sqrt(1 - (sqrt(0.5 · 0.25) + sqrt(0.5 · 0.75))) = 0.18459191128251476.
  EXPECT_NEAR(tests::kHellinger.run(Categories(2, "a", 2, "b"), Categories(1, "a", 3, "b"), 0.1).score,
              0.18459191128251476, 1e-15);
}

TEST(HellingerTest, OfEqualConstantsIsZeroUpToRounding) {
  // One bin [c - 0.5, c + 0.5]: density times width rounds to about 1.
  EXPECT_NEAR(tests::kHellinger.run(ColumnSample::Numerical({4, 4}), ColumnSample::Numerical({4}), 0.1).score, 0,
              1e-7);
}

TEST(DistanceTests, OfASampleWithItselfAreZero) {
  const ColumnSample numbers = ColumnSample::Numerical(Normal(500, 3, 2, 1));
  for (const StatTest* test : kDistances) {
    const StatTestResult result = test->run(numbers, numbers, test->default_threshold);
    EXPECT_NEAR(result.score, 0, 1e-7) << test->name;
    EXPECT_FALSE(result.drifted) << test->name;
  }
}

TEST(DistanceTests, SymmetricOnesDoNotDependOnTheOrderOfTheSamples) {
  const ColumnSample a = ColumnSample::Numerical(Normal(300, 0, 1, 2));
  const ColumnSample b = ColumnSample::Numerical(Normal(200, 0.5, 1, 3));
  for (const StatTest* test : {&tests::kEnergyDistance, &tests::kJensenShannon, &tests::kPsi, &tests::kHellinger}) {
    const double ab = test->run(a, b, test->default_threshold).score;
    const double ba = test->run(b, a, test->default_threshold).score;
    EXPECT_NEAR(ab, ba, 1e-12 * ab) << test->name;
  }
}

TEST(DistanceTests, GrowWithTheShift) {
  const ColumnSample reference = ColumnSample::Numerical(Normal(2000, 0, 1, 4));
  for (const StatTest* test : kDistances) {
    const double near = test->run(reference, ColumnSample::Numerical(Normal(500, 0.2, 1, 5)), 0.1).score;
    const double far = test->run(reference, ColumnSample::Numerical(Normal(500, 1.5, 1, 5)), 0.1).score;
    EXPECT_LT(near, far) << test->name;
  }
}

TEST(DistanceTests, EmptyCurrentGivesNoScore) {
  for (const StatTest* test : kDistances) {
    const StatTestResult result =
        test->run(ColumnSample::Numerical({1, 2, 3}), ColumnSample::Numerical({}), test->default_threshold);
    EXPECT_TRUE(std::isnan(result.score)) << test->name;
    EXPECT_FALSE(result.drifted) << test->name;
  }
}

TEST(DistanceTests, CdfDistancesRefuseCategories) {
  EXPECT_THROW(tests::kWasserstein.run(Categories(2, "a"), Categories(2, "b"), 0.1), StatTestError);
  EXPECT_THROW(tests::kEnergyDistance.run(Categories(2, "a"), Categories(2, "b"), 0.1), StatTestError);
}

}  // namespace
}  // namespace pdex::drift
