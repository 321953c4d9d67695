// Held-out quality of a binary classifier, as scikit-learn defines it.
#pragma once

#include <cstdint>
#include <vector>

namespace pdex::training {

struct ClassificationMetrics {
  double accuracy = 0;
  double precision = 0;  // of the positive class (A wins); 0 when nothing is predicted positive
  double recall = 0;
  double f1 = 0;
  double roc_auc = 0;  // ties in probability count one half
  std::size_t rows = 0;
};

// Predicted class is 1 when probability > 0.5. Throws std::invalid_argument
// when the sizes differ, and when `labels` lacks either class (no ROC-AUC).
ClassificationMetrics Score(const std::vector<float>& probabilities, const std::vector<std::uint8_t>& labels);

}  // namespace pdex::training
