// A binary:logistic gradient-boosted tree model, read from the files XGBoost
// saves (JSON or UBJSON) and evaluated by our own flattened trees: no XGBoost
// at serving time, no matrix per request. Returns XGBoost's probabilities
// (tests/integration/tree_ensemble_xgboost_test checks the whole test split).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace pdex::model {

// The file is missing, unreadable, or not a model this evaluator supports
// (only numerical splits of gbtree binary:logistic models). The message
// names the file.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Immutable after loading: Predict is thread-safe.
class TreeEnsemble {
 public:
  // Reads `path`; the format follows the extension (.json, or .ubj for UBJSON).
  static TreeEnsemble Load(const std::filesystem::path& path);
  // Parses a model from memory (`ubjson`: binary UBJSON, else JSON text).
  static TreeEnsemble Parse(std::span<const std::uint8_t> bytes, bool ubjson, const std::string& source);

  std::size_t feature_count() const { return feature_count_; }
  std::size_t tree_count() const { return roots_.size(); }
  // Feature names recorded in the model (empty if it has none).
  const std::vector<std::string>& feature_names() const { return feature_names_; }

  // P(label = 1) for `rows` consecutive rows of feature_count() floats each.
  // NaN means missing and follows each split's default direction.
  void Predict(const float* features, std::size_t rows, float* probabilities) const;

 private:
  // A node of the flattened forest, 8 bytes so more of it stays in cache.
  // Inner nodes keep their two children side by side (right = left + 1),
  // after themselves, so a step is one comparison and one add.
  struct Node {
    float value = 0;                 // split threshold (go left when x < value), or leaf value
    std::uint16_t left_offset = 0;   // left child = this + left_offset; 0 for a leaf
    std::uint16_t feature_bits = 0;  // feature index; kDefaultLeft set: missing goes left
    static constexpr std::uint16_t kDefaultLeft = 0x8000;
    bool leaf() const { return left_offset == 0; }
    std::size_t feature() const { return feature_bits & 0x7FFFu; }
    bool default_left() const { return (feature_bits & kDefaultLeft) != 0; }
  };

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> roots_;
  std::size_t feature_count_ = 0;
  float base_margin_ = 0;
  std::vector<std::string> feature_names_;
};

}  // namespace pdex::model
