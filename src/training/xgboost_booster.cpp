#include "training/xgboost_booster.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <utility>

namespace pdex::training {
namespace {

void Check(int rc, const char* what) {
  if (rc != 0) throw XgboostError(std::string("XGBoost ") + what + ": " + XGBGetLastError());
}

// A DMatrix freed on every path.
struct MatrixDeleter {
  void operator()(void* m) const { XGDMatrixFree(m); }
};
using MatrixHandle = std::unique_ptr<void, MatrixDeleter>;

MatrixHandle Wrap(const DenseMatrix& x) {
  if (x.values.size() != x.rows * x.cols) throw XgboostError("matrix size does not match its shape");
  DMatrixHandle m = nullptr;
  Check(XGDMatrixCreateFromMat(x.values.data(), x.rows, x.cols, std::numeric_limits<float>::quiet_NaN(), &m),
        "DMatrix");
  return MatrixHandle(m);
}

std::string Format(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

Booster Booster::Train(const DenseMatrix& x, const std::vector<float>& labels,
                       const std::vector<std::string>& feature_names, const Hyperparameters& params) {
  if (labels.size() != x.rows) throw XgboostError("one label per row expected");
  MatrixHandle train = Wrap(x);
  Check(XGDMatrixSetFloatInfo(train.get(), "label", labels.data(), labels.size()), "labels");
  std::vector<const char*> names;
  for (const std::string& n : feature_names) names.push_back(n.c_str());
  Check(XGDMatrixSetStrFeatureInfo(train.get(), "feature_name", names.data(), names.size()), "feature names");

  DMatrixHandle matrices[] = {train.get()};
  BoosterHandle handle = nullptr;
  Check(XGBoosterCreate(matrices, 1, &handle), "booster");
  Booster booster(handle);
  // Names set on the DMatrix stay there; the booster records them in the model file only when told.
  Check(XGBoosterSetStrFeatureInfo(handle, "feature_name", names.data(), names.size()), "feature names");
  const std::pair<const char*, std::string> settings[] = {
      {"objective", "binary:logistic"},
      {"tree_method", params.tree_method},
      {"max_depth", std::to_string(params.max_depth)},
      {"eta", Format(params.learning_rate)},
      {"subsample", Format(params.subsample)},
      {"colsample_bytree", Format(params.colsample_bytree)},
      {"seed", std::to_string(params.seed)},
      {"nthread", std::to_string(params.threads)},
      {"verbosity", "1"},
  };
  for (const auto& [name, value] : settings) Check(XGBoosterSetParam(handle, name, value.c_str()), name);
  for (int i = 0; i < params.n_estimators; ++i) Check(XGBoosterUpdateOneIter(handle, i, train.get()), "training");
  return booster;
}

Booster Booster::Load(const std::filesystem::path& path) {
  BoosterHandle handle = nullptr;
  Check(XGBoosterCreate(nullptr, 0, &handle), "booster");
  Booster booster(handle);
  Check(XGBoosterLoadModel(handle, path.c_str()), ("loading " + path.string()).c_str());
  return booster;
}

Booster::Booster(Booster&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}

Booster& Booster::operator=(Booster&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

Booster::~Booster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

std::vector<float> Booster::Predict(const DenseMatrix& x) const {
  MatrixHandle m = Wrap(x);
  const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  Check(XGBoosterPredictFromDMatrix(handle_, m.get(), config, &shape, &dims, &result), "prediction");
  return std::vector<float>(result, result + x.rows);
}

void Booster::PredictInPlace(const float* values, std::size_t rows, std::size_t cols, float* out) const {
  char array_interface[160];
  std::snprintf(array_interface, sizeof array_interface,
                R"({"data": [%llu, true], "shape": [%zu, %zu], "typestr": "<f4", "version": 3})",
                static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(values)), rows, cols);
  const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0,)"
                       R"( "strict_shape": false, "cache_id": 0, "missing": NaN})";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  Check(XGBoosterPredictFromDense(handle_, array_interface, config, nullptr, &shape, &dims, &result),
        "in-place prediction");
  std::copy(result, result + rows, out);
}

void Booster::Save(const std::filesystem::path& path) const {
  Check(XGBoosterSaveModel(handle_, path.c_str()), ("saving " + path.string()).c_str());
}

}  // namespace pdex::training
