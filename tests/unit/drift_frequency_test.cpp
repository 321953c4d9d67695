// The chi-square survival function and the tests on per-value counts
// (chisquare, z, g_test, fisher_exact), on tables small enough to check by
// hand. tests/oracle compares them with SciPy over generated cases.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "drift/special_functions.h"
#include "drift/stattests_impl.h"

namespace pdex::drift {
namespace {

// n copies of `a` then m copies of `b`, as a categorical sample.
ColumnSample Categories(std::size_t n, std::string_view a, std::size_t m = 0, std::string_view b = "") {
  std::vector<std::string_view> values(n, a);
  values.insert(values.end(), m, b);
  return ColumnSample::Categorical(values);
}

TEST(ChiSquareSfTest, MatchesClosedFormsForSmallDegreesOfFreedom) {
  // Q(1/2, x/2) = erfc(sqrt(x/2)); Q(1, x/2) = e^(-x/2);
  // Q(2, x/2) = e^(-x/2) (1 + x/2).
  for (const double x : {1e-8, 0.3, 1.0, 2.0, 3.0, 7.5, 40.0, 300.0, 1400.0}) {
    EXPECT_NEAR(special::ChiSquareSf(x, 1), std::erfc(std::sqrt(x / 2)), 1e-13 * std::erfc(std::sqrt(x / 2))) << x;
    EXPECT_NEAR(special::ChiSquareSf(x, 2), std::exp(-x / 2), 1e-13 * std::exp(-x / 2)) << x;
    const double four = std::exp(-x / 2) * (1 + x / 2);
    EXPECT_NEAR(special::ChiSquareSf(x, 4), four, 1e-13 * four) << x;
  }
}

TEST(ChiSquareSfTest, IsHalfAtTheMedianOfManyDegreesOfFreedom) {
  // For large dof the distribution is nearly normal with mean dof and
  // median about dof (1 - 2/(9 dof))^3; the survival function there is 0.5
  // to within 1e-4 (Wilson-Hilferty).
  for (const double dof : {1e3, 1e5, 1e7}) {
    const double median = dof * std::pow(1 - 2 / (9 * dof), 3);
    EXPECT_NEAR(special::ChiSquareSf(median, dof), 0.5, 1e-4) << dof;
  }
}

TEST(ChiSquareSfTest, HandlesTheEdgesOfItsDomain) {
  EXPECT_EQ(special::ChiSquareSf(0, 3), 1);
  EXPECT_EQ(special::ChiSquareSf(-1, 3), 1);
  EXPECT_EQ(special::ChiSquareSf(std::numeric_limits<double>::infinity(), 3), 0);
  EXPECT_TRUE(std::isnan(special::ChiSquareSf(1, 0)));
  EXPECT_TRUE(std::isnan(special::ChiSquareSf(std::numeric_limits<double>::quiet_NaN(), 2)));
  // e^-720 is a subnormal double, but its factor 720 e^-720 lies below
  // e^-709.78, where cephes' igamc (and ours) returns zero.
  EXPECT_EQ(special::ChiSquareSf(1440, 2), 0);
}

TEST(ChiSquareTest, ScalesReferenceCountsToTheCurrentSize) {
  // Expected 50/50 (reference 100/100 scaled by 100/200), observed 40/60:
  // statistic 4 with 1 dof, p = erfc(sqrt(2)) = 0.0455002638963584
  // (scipy.stats.chisquare([40, 60], [50, 50])).
  const StatTestResult result =
      tests::kChiSquare.run(Categories(100, "a", 100, "b"), Categories(40, "a", 60, "b"), 0.05);
  EXPECT_NEAR(result.score, 0.0455002638963584, 1e-15);
  EXPECT_TRUE(result.drifted);
}

TEST(ChiSquareTest, OneCategoryHasNoDegreesOfFreedom) {
  const StatTestResult result = tests::kChiSquare.run(Categories(10, "a"), Categories(3, "a"), 0.05);
  EXPECT_TRUE(std::isnan(result.score));
  EXPECT_FALSE(result.drifted);
}

TEST(ChiSquareTest, CategoryUnseenInTheReferenceGivesZero) {
  const StatTestResult result = tests::kChiSquare.run(Categories(10, "a"), Categories(3, "a", 1, "b"), 0.05);
  EXPECT_EQ(result.score, 0);
  EXPECT_TRUE(result.drifted);
}

TEST(ZTest, ComparesTheShareOfTheOtherValues) {
  // p1 = 0.5, p2 = 0.6, pooled 0.55: z = -0.1 / sqrt(0.55 * 0.45 * (1/100 +
  // 1/100)) = -1.4213381090374, p = erfc(|z| / sqrt(2)) = 0.155218489684684.
  const StatTestResult result = tests::kZ.run(Categories(50, "a", 50, "b"), Categories(40, "a", 60, "b"), 0.05);
  EXPECT_NEAR(result.score, 0.155218489684684, 1e-14);
  EXPECT_FALSE(result.drifted);
}

TEST(ZTest, SameSingleValueOnBothSidesGivesOne) {
  EXPECT_EQ(tests::kZ.run(Categories(5, "a"), Categories(9, "a"), 0.05).score, 1);
}

TEST(ZTest, IsSymmetricInTheTwoValues) {
  const double ab = tests::kZ.run(Categories(30, "a", 70, "b"), Categories(45, "a", 55, "b"), 0.05).score;
  const double ba = tests::kZ.run(Categories(30, "b", 70, "a"), Categories(45, "b", 55, "a"), 0.05).score;
  EXPECT_NEAR(ab, ba, 1e-15);
}

TEST(GTest, ComparesCountsOfEqualSizedSamples) {
  // G = 2 (40 ln(40/50) + 60 ln(60/50)) = 4.027102710137775 with 1 dof:
  // p = erfc(sqrt(G/2)) = 0.0447747723292442.
  const StatTestResult result = tests::kGTest.run(Categories(50, "a", 50, "b"), Categories(40, "a", 60, "b"), 0.1);
  EXPECT_NEAR(result.score, 0.0447747723292442, 1e-14);
  EXPECT_TRUE(result.drifted);
}

TEST(GTest, RefusesSamplesOfDifferentSizes) {
  // SciPy's power_divergence requires equal totals; Evidently passes raw counts.
  EXPECT_THROW(tests::kGTest.run(Categories(50, "a", 50, "b"), Categories(40, "a", 61, "b"), 0.1), StatTestError);
}

TEST(FisherExactTest, SumsTheTablesNoMoreProbableThanTheObservedOne) {
  // Current 3 yes / 1 no, reference 0 yes / 4 no. With margins 4, 4 and 3
  // the top-left cell x has probabilities C(4,x) C(4,3-x) / 56 =
  // 4, 24, 24, 4 (/56) for x = 0..3; x = 3 is observed and x = 0 is as
  // probable, so p = 8/56 = 1/7.
  const StatTestResult result = tests::kFisherExact.run(Categories(4, "no"), Categories(1, "no", 3, "yes"), 0.1);
  EXPECT_NEAR(result.score, 1.0 / 7, 1e-15);
  EXPECT_FALSE(result.drifted);
  // Opposite samples of four: probabilities 1, 16, 36, 16, 1 (/70), p = 2/70.
  EXPECT_NEAR(tests::kFisherExact.run(Categories(4, "no"), Categories(4, "yes"), 0.1).score, 1.0 / 35, 1e-15);
}

TEST(FisherExactTest, DoesNotDependOnWhichValueIsCountedFirst) {
  const double a = tests::kFisherExact.run(Categories(30, "a", 20, "b"), Categories(12, "a", 38, "b"), 0.1).score;
  const double b = tests::kFisherExact.run(Categories(30, "b", 20, "a"), Categories(12, "b", 38, "a"), 0.1).score;
  EXPECT_NEAR(a, b, 1e-14 * a);
}

TEST(FisherExactTest, OneValueEverywhereGivesOne) {
  EXPECT_EQ(tests::kFisherExact.run(Categories(7, "a"), Categories(7, "a"), 0.1).score, 1);
}

TEST(FisherExactTest, RefusesWhatEvidentlyCannotTable) {
  EXPECT_THROW(tests::kFisherExact.run(Categories(4, "a"), Categories(5, "a"), 0.1), StatTestError);
  EXPECT_THROW(tests::kFisherExact.run(Categories(4, "a", 4, "b"), Categories(4, "b", 4, "c"), 0.1), StatTestError);
}

TEST(FrequencyTests, EmptyCurrentGivesNoScore) {
  for (const StatTest* test : {&tests::kChiSquare, &tests::kZ, &tests::kGTest, &tests::kFisherExact}) {
    const StatTestResult result = test->run(Categories(4, "a", 4, "b"), Categories(0, "a"), test->default_threshold);
    EXPECT_TRUE(std::isnan(result.score)) << test->name;
    EXPECT_FALSE(result.drifted) << test->name;
  }
}

TEST(FrequencyTests, CountNumbersAsValues) {
  // Evidently's preset applies chisquare and z to numerical columns with
  // few distinct values: the same counts as for categories.
  const ColumnSample ref_numbers = ColumnSample::Numerical({1, 1, 2, 2, 2, 3});
  const ColumnSample cur_numbers = ColumnSample::Numerical({1, 2, 3, 3});
  const std::vector<std::string_view> ref_labels{"1", "1", "2", "2", "2", "3"};
  const std::vector<std::string_view> cur_labels{"1", "2", "3", "3"};
  const ColumnSample ref_categories = ColumnSample::Categorical(ref_labels);
  const ColumnSample cur_categories = ColumnSample::Categorical(cur_labels);
  EXPECT_EQ(tests::kChiSquare.run(ref_numbers, cur_numbers, 0.05).score,
            tests::kChiSquare.run(ref_categories, cur_categories, 0.05).score);
  EXPECT_EQ(tests::kZ.run(ref_numbers, cur_numbers, 0.05).score,
            tests::kZ.run(ref_categories, cur_categories, 0.05).score);
}

}  // namespace
}  // namespace pdex::drift
