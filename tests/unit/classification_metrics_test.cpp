#include "training/classification_metrics.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace pdex::training {
namespace {

// Every expected value below is worked out by hand from the definitions:
// accuracy (TP+TN)/n, precision TP/(TP+FP), recall TP/(TP+FN), F1 their
// harmonic mean, ROC-AUC the share of (positive, negative) pairs the
// positive outscores, ties counting one half.

TEST(ClassificationMetrics, Perfect) {
  const ClassificationMetrics m = Score({0.9F, 0.2F, 0.8F, 0.1F}, {1, 0, 1, 0});
  EXPECT_EQ(m.rows, 4U);
  EXPECT_DOUBLE_EQ(m.accuracy, 1);
  EXPECT_DOUBLE_EQ(m.precision, 1);
  EXPECT_DOUBLE_EQ(m.recall, 1);
  EXPECT_DOUBLE_EQ(m.f1, 1);
  EXPECT_DOUBLE_EQ(m.roc_auc, 1);
}

TEST(ClassificationMetrics, AllWrong) {
  const ClassificationMetrics m = Score({0.1F, 0.8F, 0.2F, 0.9F}, {1, 0, 1, 0});
  EXPECT_DOUBLE_EQ(m.accuracy, 0);
  EXPECT_DOUBLE_EQ(m.precision, 0);  // TP = 0, FP = 2
  EXPECT_DOUBLE_EQ(m.recall, 0);
  EXPECT_DOUBLE_EQ(m.f1, 0);  // precision + recall = 0
  EXPECT_DOUBLE_EQ(m.roc_auc, 0);
}

TEST(ClassificationMetrics, TiedScoresGiveHalfAnAuc) {
  const ClassificationMetrics m = Score({0.7F, 0.7F, 0.7F, 0.7F}, {1, 0, 1, 0});
  EXPECT_DOUBLE_EQ(m.roc_auc, 0.5);
  // Everything predicted positive: TP 2, FP 2, FN 0.
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
  EXPECT_DOUBLE_EQ(m.precision, 0.5);
  EXPECT_DOUBLE_EQ(m.recall, 1);
  EXPECT_DOUBLE_EQ(m.f1, 2.0 / 3);
}

TEST(ClassificationMetrics, HandWorkedSixRows) {
  //   probability 0.9 0.7 0.6 0.6 0.4 0.2
  //   label        1   0   1   0   1   0
  //   predicted    1   1   1   1   0   0
  // TP 2, FP 2, FN 1, TN 1.
  // AUC pairs: 0.9 beats all 3 negatives (3); 0.6 beats 0.2, ties 0.6 (1.5);
  // 0.4 beats 0.2 (1): 5.5 of 9.
  const std::vector<float> p{0.9F, 0.7F, 0.6F, 0.6F, 0.4F, 0.2F};
  const std::vector<std::uint8_t> y{1, 0, 1, 0, 1, 0};
  const ClassificationMetrics m = Score(p, y);
  EXPECT_EQ(m.rows, 6U);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
  EXPECT_DOUBLE_EQ(m.precision, 0.5);
  EXPECT_DOUBLE_EQ(m.recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.f1, 4.0 / 7);
  EXPECT_DOUBLE_EQ(m.roc_auc, 5.5 / 9);

  // The row order does not matter.
  const ClassificationMetrics shuffled =
      Score({0.4F, 0.6F, 0.2F, 0.9F, 0.6F, 0.7F}, {1, 0, 0, 1, 1, 0});
  EXPECT_DOUBLE_EQ(shuffled.accuracy, m.accuracy);
  EXPECT_DOUBLE_EQ(shuffled.precision, m.precision);
  EXPECT_DOUBLE_EQ(shuffled.recall, m.recall);
  EXPECT_DOUBLE_EQ(shuffled.f1, m.f1);
  EXPECT_DOUBLE_EQ(shuffled.roc_auc, m.roc_auc);
}

TEST(ClassificationMetrics, AucDependsOnTheRankingOnly) {
  // Same order as the six-row case, other values (all below the threshold).
  const ClassificationMetrics m =
      Score({0.09F, 0.07F, 0.06F, 0.06F, 0.04F, 0.02F}, {1, 0, 1, 0, 1, 0});
  EXPECT_DOUBLE_EQ(m.roc_auc, 5.5 / 9);
  // Nothing predicted positive: precision is 0 by convention, not NaN.
  EXPECT_DOUBLE_EQ(m.precision, 0);
  EXPECT_DOUBLE_EQ(m.recall, 0);
  EXPECT_DOUBLE_EQ(m.f1, 0);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
}

TEST(ClassificationMetrics, HalfIsNegative) {
  // 0.5 -> 0 (a false negative), 0.51 -> 1, 0.49 -> 0.
  const ClassificationMetrics m = Score({0.5F, 0.51F, 0.49F}, {1, 1, 0});
  EXPECT_DOUBLE_EQ(m.accuracy, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.precision, 1);
  EXPECT_DOUBLE_EQ(m.recall, 0.5);
  EXPECT_DOUBLE_EQ(m.f1, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.roc_auc, 1);
  // And the smallest float above 0.5 is positive.
  const ClassificationMetrics above = Score({0.50000006F, 0.2F}, {1, 0});
  EXPECT_DOUBLE_EQ(above.accuracy, 1);
}

TEST(ClassificationMetrics, ManyTiesAcrossClasses) {
  // Scores 0.3 (labels 0 0 1) and 0.8 (labels 1 1 0):
  // positives at 0.8 beat the two 0.3 negatives (2 x 2 = 4) and tie the 0.8
  // one (2 x 0.5 = 1); the 0.3 positive ties two negatives (1): 6 of 9.
  const ClassificationMetrics m = Score({0.3F, 0.8F, 0.3F, 0.8F, 0.3F, 0.8F}, {0, 1, 0, 1, 1, 0});
  EXPECT_DOUBLE_EQ(m.roc_auc, 6.0 / 9);
  // TP 2, FP 1, FN 1, TN 2.
  EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6);
  EXPECT_DOUBLE_EQ(m.precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.f1, 2.0 / 3);
}

TEST(ClassificationMetrics, RejectsBadInput) {
  EXPECT_THROW(Score({0.1F, 0.9F}, {0, 1, 1}), std::invalid_argument);
  EXPECT_THROW(Score({0.1F, 0.9F, 0.3F}, {0, 1}), std::invalid_argument);
  EXPECT_THROW(Score({0.1F, 0.9F}, {1, 1}), std::invalid_argument);  // no negative
  EXPECT_THROW(Score({0.1F, 0.9F}, {0, 0}), std::invalid_argument);  // no positive
  EXPECT_THROW(Score({}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace pdex::training
