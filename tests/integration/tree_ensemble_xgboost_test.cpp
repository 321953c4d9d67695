// The committed model (models/) evaluated two ways on the data set it was
// trained on, regenerated from the options in models/metadata.json: through
// XGBoost's C API (training::Booster) and through our own evaluator
// (model::TreeEnsemble), which serving uses. They must agree on every row of
// the test split, and reproduce the metrics the metadata records.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/game_data.h"
#include "features/battle_features.h"
#include "model/tree_ensemble.h"
#include "training/classification_metrics.h"
#include "training/dataset.h"
#include "training/xgboost_booster.h"

namespace pdex {
namespace {

const std::filesystem::path kModels = PDEX_SOURCE_MODELS_DIR;

nlohmann::json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return nlohmann::json::parse(in);
}

TEST(CommittedModel, IsSmall) {
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kModels)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  EXPECT_GT(total, 0U);
  EXPECT_LT(total, 25U * 1024 * 1024) << "models/ holds " << total << " bytes";
  for (const char* name : {"battle_winner.json", "metadata.json", "reference.parquet"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(kModels / name)) << name;
  }
}

class CommittedModelOnTestSplit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    metadata_ = new nlohmann::json(ReadJson(kModels / "metadata.json"));
    data_ = new domain::GameData(domain::LoadValidGameData(PDEX_SOURCE_DATA_DIR));
    world_ = new training::BattleWorld(*data_);
    const nlohmann::json& d = metadata_->at("dataset");
    training::DatasetOptions options;
    options.seed = d.at("seed").get<std::uint64_t>();
    options.pair_fraction = d.at("pair_fraction").get<double>();
    options.random_move_samples = d.at("random_move_samples").get<int>();
    options.max_combinations = d.at("max_combinations").get<int>();
    examples_ = new std::vector<training::Example>(training::GenerateExamples(*world_, options));
    split_ = new training::Split(training::StratifiedSplit(*examples_, d.at("test_share").get<double>(), options.seed));
  }
  static void TearDownTestSuite() {
    delete split_;
    delete examples_;
    delete world_;
    delete data_;
    delete metadata_;
  }

  static training::DenseMatrix TestRows() {
    training::DenseMatrix x;
    x.rows = split_->test.size();
    x.cols = features::kFeatureCount;
    x.values.reserve(x.rows * x.cols);
    for (const std::size_t i : split_->test) {
      const features::ModelRow row = features::ModelInput(world_->FeaturesOf((*examples_)[i]));
      x.values.insert(x.values.end(), row.begin(), row.end());
    }
    return x;
  }
  static std::vector<std::uint8_t> TestLabels() {
    std::vector<std::uint8_t> y;
    for (const std::size_t i : split_->test) y.push_back((*examples_)[i].a_wins ? 1 : 0);
    return y;
  }

  static nlohmann::json* metadata_;
  static domain::GameData* data_;
  static training::BattleWorld* world_;
  static std::vector<training::Example>* examples_;
  static training::Split* split_;
};
nlohmann::json* CommittedModelOnTestSplit::metadata_ = nullptr;
domain::GameData* CommittedModelOnTestSplit::data_ = nullptr;
training::BattleWorld* CommittedModelOnTestSplit::world_ = nullptr;
std::vector<training::Example>* CommittedModelOnTestSplit::examples_ = nullptr;
training::Split* CommittedModelOnTestSplit::split_ = nullptr;

TEST_F(CommittedModelOnTestSplit, DataSetIsTheOneTheModelSaw) {
  const nlohmann::json& d = metadata_->at("dataset");
  EXPECT_EQ(data_->Fingerprint(), d.at("game_data").get<std::string>()) << "data/ changed since training";
  EXPECT_EQ(training::DatasetHash(*examples_), d.at("hash").get<std::string>());
  EXPECT_EQ(examples_->size(), d.at("rows").get<std::size_t>());
  EXPECT_EQ(split_->train.size(), d.at("train_rows").get<std::size_t>());
  EXPECT_EQ(split_->test.size(), d.at("test_rows").get<std::size_t>());
  EXPECT_FALSE(d.at("quick").get<bool>());
  EXPECT_GT(split_->test.size(), 170'000U);
}

TEST_F(CommittedModelOnTestSplit, ModelHasTheFeatureTable) {
  const model::TreeEnsemble ours = model::TreeEnsemble::Load(kModels / "battle_winner.json");
  EXPECT_EQ(ours.feature_count(), features::kFeatureCount);
  EXPECT_EQ(metadata_->at("n_features").get<std::size_t>(), features::kFeatureCount);
  EXPECT_EQ(ours.tree_count(), metadata_->at("hyperparameters").at("n_estimators").get<std::size_t>());
  const nlohmann::json& listed = metadata_->at("features");
  ASSERT_EQ(listed.size(), features::kFeatureCount);
  for (std::size_t i = 0; i < features::kFeatureCount; ++i) {
    EXPECT_EQ(listed[i].at("name").get<std::string>(), features::kFeatures[i].name);
    const bool categorical = features::kFeatures[i].kind == features::Kind::kCategorical;
    EXPECT_EQ(listed[i].at("kind").get<std::string>(), categorical ? "categorical" : "numeric");
  }
  // Models trained through the C API record no feature names unless the
  // booster is given them; when it has them they must be the table's.
  if (!ours.feature_names().empty()) {
    ASSERT_EQ(ours.feature_names().size(), features::kFeatureCount);
    for (std::size_t i = 0; i < features::kFeatureCount; ++i) {
      EXPECT_EQ(ours.feature_names()[i], features::kFeatures[i].name);
    }
  }
}

TEST_F(CommittedModelOnTestSplit, OurEvaluatorMatchesXgboostAndTheRecordedMetrics) {
  const training::DenseMatrix x = TestRows();
  const std::vector<std::uint8_t> y = TestLabels();

  const training::Booster xgboost = training::Booster::Load(kModels / "battle_winner.json");
  const std::vector<float> reference = xgboost.Predict(x);
  ASSERT_EQ(reference.size(), x.rows);

  const model::TreeEnsemble ours = model::TreeEnsemble::Load(kModels / "battle_winner.json");
  std::vector<float> predicted(x.rows, -1.0F);
  ours.Predict(x.values.data(), x.rows, predicted.data());

  double max_diff = 0;
  std::size_t worst = 0, not_probabilities = 0;
  for (std::size_t i = 0; i < x.rows; ++i) {
    if (!(predicted[i] >= 0 && predicted[i] <= 1)) ++not_probabilities;  // NaN included
    const double diff = std::fabs(static_cast<double>(predicted[i]) - static_cast<double>(reference[i]));
    if (diff > max_diff) {
      max_diff = diff;
      worst = i;
    }
  }
  EXPECT_EQ(not_probabilities, 0U);
  EXPECT_LT(max_diff, 1e-6) << "row " << worst << " of the test split: ours " << predicted[worst] << ", XGBoost "
                            << reference[worst];

  const nlohmann::json& recorded = metadata_->at("metrics").at("test");
  for (const std::vector<float>* probabilities : {&reference, static_cast<const std::vector<float>*>(&predicted)}) {
    SCOPED_TRACE(probabilities == &reference ? "XGBoost" : "our evaluator");
    const training::ClassificationMetrics m = training::Score(*probabilities, y);
    EXPECT_EQ(m.rows, recorded.at("rows").get<std::size_t>());
    EXPECT_NEAR(m.accuracy, recorded.at("accuracy").get<double>(), 1e-9);
    EXPECT_NEAR(m.roc_auc, recorded.at("roc_auc").get<double>(), 1e-9);
    EXPECT_NEAR(m.precision, recorded.at("precision").get<double>(), 1e-9);
    EXPECT_NEAR(m.recall, recorded.at("recall").get<double>(), 1e-9);
    EXPECT_NEAR(m.f1, recorded.at("f1").get<double>(), 1e-9);
    EXPECT_GE(m.accuracy, 0.97);
    EXPECT_GE(m.roc_auc, 0.996);
  }
}

}  // namespace
}  // namespace pdex
