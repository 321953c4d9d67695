// Training and batch prediction through XGBoost's C API (Debian's
// libxgboost). Serving does not use this: see model::TreeEnsemble.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace pdex::training {

// Any failure XGBoost reports, with its message.
class XgboostError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Hyperparameters {
  int n_estimators = 200;
  int max_depth = 10;
  double learning_rate = 0.1;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  std::string tree_method = "hist";
  std::uint64_t seed = 42;
  int threads = 0;  // 0: every core
};

// Dense rows of float features, row-major.
struct DenseMatrix {
  std::vector<float> values;
  std::size_t rows = 0;
  std::size_t cols = 0;
};

// Owns one XGBoost booster. Not thread-safe; movable, not copyable.
class Booster {
 public:
  // Trains a binary:logistic model on `x` with labels 0/1.
  static Booster Train(const DenseMatrix& x, const std::vector<float>& labels, const std::vector<std::string>& feature_names,
                       const Hyperparameters& params);
  // Loads a model XGBoost saved (.json or .ubj).
  static Booster Load(const std::filesystem::path& path);

  Booster(Booster&& other) noexcept;
  Booster& operator=(Booster&& other) noexcept;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster();

  // P(label = 1) for each row.
  std::vector<float> Predict(const DenseMatrix& x) const;
  // The same through XGBoost's in-place prediction (no DMatrix): `rows`
  // consecutive rows of `cols` floats. Writes one probability per row.
  void PredictInPlace(const float* values, std::size_t rows, std::size_t cols, float* out) const;
  // Writes the model; the format follows the extension (.json or .ubj).
  void Save(const std::filesystem::path& path) const;

 private:
  explicit Booster(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;  // BoosterHandle
};

}  // namespace pdex::training
