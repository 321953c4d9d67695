// The trained battle model as the API serves it: the tree ensemble plus the
// metadata `pdex train` wrote beside it.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "features/battle_features.h"
#include "model/tree_ensemble.h"

namespace pdex::prediction {

// Immutable after loading: thread-safe.
class BattleModel {
 public:
  // Reads <dir>/metadata.json and the model file it names. Throws
  // model::ModelError naming the file when one is missing or unreadable,
  // and when the model was trained on other features than
  // features::kFeatures (retrain with `pdex train`).
  static BattleModel Load(const std::filesystem::path& dir);

  const std::string& version() const { return version_; }
  const std::string& trained_at() const { return trained_at_; }
  // metadata.json as written by `pdex train`.
  const nlohmann::ordered_json& metadata() const { return metadata_; }

  // P(A wins) for each row.
  void Predict(const features::ModelRow* rows, std::size_t count, float* probabilities) const {
    ensemble_.Predict(rows->data(), count, probabilities);
  }

 private:
  BattleModel(model::TreeEnsemble ensemble, nlohmann::ordered_json metadata);
  model::TreeEnsemble ensemble_;
  nlohmann::ordered_json metadata_;
  std::string version_;
  std::string trained_at_;
};

// $MODEL_DIR if set, else ./models, else the source tree's models/ recorded
// at build time. Throws model::ModelError naming the places it looked.
std::filesystem::path LocateModelDir();

}  // namespace pdex::prediction
