// `pdex train`: data set, split, XGBoost training, evaluation, and the three
// artifacts the services read (model, metadata, reference data).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "domain/game_data.h"
#include "training/classification_metrics.h"
#include "training/dataset.h"
#include "training/xgboost_booster.h"

namespace pdex::training {

inline constexpr std::string_view kModelFile = "battle_winner.json";
inline constexpr std::string_view kMetadataFile = "metadata.json";
inline constexpr std::string_view kReferenceFile = "reference.parquet";

struct TrainOptions {
  std::filesystem::path output_dir = "models";
  DatasetOptions dataset;
  Hyperparameters params;
  double test_share = 0.2;
  std::size_t reference_rows = 10'000;  // sampled from the training split
  std::string model_version = "1.0.0";
  bool quick = false;  // recorded in the metadata
};

// `pdex train --quick`: 3% of the pairs and 50 trees, for tests (seconds).
TrainOptions QuickOptions(TrainOptions options);

struct TrainReport {
  std::size_t rows = 0;
  std::size_t train_rows = 0;
  std::size_t test_rows = 0;
  std::string dataset_hash;
  ClassificationMetrics train;
  ClassificationMetrics test;
  // Largest |our evaluator - XGBoost| over the test split's probabilities.
  double evaluator_max_abs_diff = 0;
  double training_seconds = 0;
};

// Writes <output_dir>/battle_winner.json, metadata.json and
// reference.parquet, each atomically. `progress` receives one line per
// stage. Throws XgboostError, ModelError or ParquetError on failure, and
// std::runtime_error when our evaluator disagrees with XGBoost by 1e-6 or
// more (the model is not written then).
TrainReport Train(const domain::GameData& data, const TrainOptions& options,
                  const std::function<void(std::string_view)>& progress);

}  // namespace pdex::training
