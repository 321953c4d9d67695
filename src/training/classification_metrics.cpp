#include "training/classification_metrics.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace pdex::training {

ClassificationMetrics Score(const std::vector<float>& probabilities, const std::vector<std::uint8_t>& labels) {
  if (probabilities.size() != labels.size()) throw std::invalid_argument("probabilities and labels differ in size");
  const std::size_t n = labels.size();
  double tp = 0, fp = 0, tn = 0, fn = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool predicted = probabilities[i] > 0.5F;
    const bool actual = labels[i] != 0;
    (predicted ? (actual ? tp : fp) : (actual ? fn : tn)) += 1;
  }
  const double positives = tp + fn, negatives = tn + fp;
  if (positives == 0 || negatives == 0) throw std::invalid_argument("ROC-AUC needs both classes among the labels");

  ClassificationMetrics m;
  m.rows = n;
  m.accuracy = (tp + tn) / static_cast<double>(n);
  m.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  m.recall = tp / positives;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;

  // Mann-Whitney: AUC = (rank sum of positives - P(P+1)/2) / (P N), with
  // tied scores sharing their average rank.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return probabilities[x] < probabilities[y]; });
  double positive_rank_sum = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    double tied_positives = 0;
    while (j < n && probabilities[order[j]] == probabilities[order[i]]) tied_positives += labels[order[j++]] != 0;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    positive_rank_sum += tied_positives * average_rank;
    i = j;
  }
  m.roc_auc = (positive_rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
  return m;
}

}  // namespace pdex::training
