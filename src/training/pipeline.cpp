#include "training/pipeline.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "features/battle_features.h"
#include "model/tree_ensemble.h"
#include "parquet/writer.h"
#include "text/utc_time.h"
#include "training/random.h"

namespace pdex::training {
namespace {

using nlohmann::ordered_json;

DenseMatrix Rows(const BattleWorld& world, const std::vector<Example>& examples, const std::vector<std::size_t>& indices) {
  DenseMatrix m;
  m.rows = indices.size();
  m.cols = features::kFeatureCount;
  m.values.reserve(m.rows * m.cols);
  for (const std::size_t i : indices) {
    const features::ModelRow row = features::ModelInput(world.FeaturesOf(examples[i]));
    m.values.insert(m.values.end(), row.begin(), row.end());
  }
  return m;
}

std::vector<std::uint8_t> Labels(const std::vector<Example>& examples, const std::vector<std::size_t>& indices) {
  std::vector<std::uint8_t> labels;
  labels.reserve(indices.size());
  for (const std::size_t i : indices) labels.push_back(examples[i].a_wins ? 1 : 0);
  return labels;
}

// Writes through a temporary name and a rename, so readers never see half a file.
void WriteAtomically(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

ordered_json MetricsJson(const ClassificationMetrics& m) {
  return {{"accuracy", m.accuracy}, {"precision", m.precision}, {"recall", m.recall},
          {"f1", m.f1},             {"roc_auc", m.roc_auc},     {"rows", m.rows}};
}

// A seeded sample of training rows: raw features (categorical ones as
// strings), the model's prediction and its probability.
void WriteReference(const std::filesystem::path& path, const BattleWorld& world, const std::vector<Example>& examples,
                    const std::vector<std::size_t>& train, const TrainOptions& options,
                    const model::TreeEnsemble& ensemble) {
  std::vector<std::size_t> sample = train;
  Rng rng(Rng::Mix({options.dataset.seed, 0x5eed}));
  const std::size_t n = std::min(options.reference_rows, sample.size());
  for (std::size_t i = 0; i < n; ++i) std::swap(sample[i], sample[i + rng.Below(sample.size() - i)]);
  sample.resize(n);
  std::sort(sample.begin(), sample.end());

  std::vector<parquet::Column> columns;
  for (const features::FeatureSpec& f : features::kFeatures) {
    const bool categorical = f.kind == features::Kind::kCategorical;
    columns.emplace_back(std::string(f.name),
                         parquet::ColumnType::Of(categorical ? parquet::TypeKind::kString : parquet::TypeKind::kDouble),
                         false);
  }
  parquet::Column prediction("prediction", parquet::ColumnType::Of(parquet::TypeKind::kInt64), false);
  parquet::Column probability("probability", parquet::ColumnType::Of(parquet::TypeKind::kDouble), false);
  for (const std::size_t i : sample) {
    const features::BattleFeatures raw = world.FeaturesOf(examples[i]);
    for (std::size_t f = 0; f < features::kFeatureCount; ++f) {
      if (features::kFeatures[f].kind == features::Kind::kCategorical) {
        columns[f].AppendString(raw.labels[f]);
      } else {
        columns[f].AppendDouble(raw.values[f]);
      }
    }
    const features::ModelRow row = features::ModelInput(raw);
    float p = 0;
    ensemble.Predict(row.data(), 1, &p);
    prediction.AppendInt(p > 0.5F ? 1 : 0);
    probability.AppendDouble(p);
  }
  columns.push_back(std::move(prediction));
  columns.push_back(std::move(probability));
  parquet::WriterOptions writer;
  writer.key_value_metadata = {{"pdex.model_version", options.model_version},
                               {"pdex.seed", std::to_string(options.dataset.seed)}};
  parquet::WriteTable(path.string(), parquet::Table(std::move(columns)), writer);
}

}  // namespace

TrainOptions QuickOptions(TrainOptions options) {
  options.quick = true;
  options.dataset.pair_fraction = 0.03;
  options.params.n_estimators = 50;
  options.reference_rows = 2'000;
  return options;
}

TrainReport Train(const domain::GameData& data, const TrainOptions& options,
                  const std::function<void(std::string_view)>& progress) {
  const auto started = std::chrono::steady_clock::now();
  const auto seconds = [&started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const auto say = [&](const std::string& line) {
    char at[16];
    std::snprintf(at, sizeof at, "[%6.1fs] ", seconds());
    progress(at + line);
  };
  TrainReport report;
  const BattleWorld world(data);
  const std::vector<Example> examples = GenerateExamples(world, options.dataset);
  report.rows = examples.size();
  report.dataset_hash = DatasetHash(examples);
  const Split split = StratifiedSplit(examples, options.test_share, options.dataset.seed);
  report.train_rows = split.train.size();
  report.test_rows = split.test.size();
  say("data set: " + std::to_string(report.rows) + " battles between " + std::to_string(world.fighters().size()) +
      " Pokémon (hash " + report.dataset_hash + "), " + std::to_string(report.train_rows) + " train / " +
      std::to_string(report.test_rows) + " test");

  const DenseMatrix train_x = Rows(world, examples, split.train);
  const DenseMatrix test_x = Rows(world, examples, split.test);
  const std::vector<std::uint8_t> train_y = Labels(examples, split.train);
  const std::vector<std::uint8_t> test_y = Labels(examples, split.test);
  std::vector<std::string> names;
  for (const features::FeatureSpec& f : features::kFeatures) names.emplace_back(f.name);

  say("training " + std::to_string(options.params.n_estimators) + " trees, depth " +
      std::to_string(options.params.max_depth));
  const double training_started = seconds();
  const Booster booster = Booster::Train(train_x, std::vector<float>(train_y.begin(), train_y.end()), names, options.params);
  report.training_seconds = seconds() - training_started;
  const std::vector<float> test_p = booster.Predict(test_x);
  report.train = Score(booster.Predict(train_x), train_y);
  report.test = Score(test_p, test_y);
  char line[160];
  std::snprintf(line, sizeof line, "trained in %.1f s: test accuracy %.4f, ROC-AUC %.6f, F1 %.4f; train accuracy %.4f",
                report.training_seconds, report.test.accuracy, report.test.roc_auc, report.test.f1, report.train.accuracy);
  say(line);

  std::filesystem::create_directories(options.output_dir);
  const std::filesystem::path model_path = options.output_dir / kModelFile;
  // XGBoost picks the format from the extension, so the staging name keeps it.
  const std::filesystem::path staged = options.output_dir / (".staging." + std::string(kModelFile));
  booster.Save(staged);
  const model::TreeEnsemble ensemble = model::TreeEnsemble::Load(staged);
  std::vector<float> ours(test_x.rows);
  ensemble.Predict(test_x.values.data(), test_x.rows, ours.data());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    report.evaluator_max_abs_diff =
        std::max(report.evaluator_max_abs_diff, static_cast<double>(std::fabs(ours[i] - test_p[i])));
  }
  if (!(report.evaluator_max_abs_diff < 1e-6)) {
    std::filesystem::remove(staged);
    throw std::runtime_error("our tree evaluator differs from XGBoost by " +
                             std::to_string(report.evaluator_max_abs_diff) + " on the test split");
  }
  std::filesystem::rename(staged, model_path);
  std::snprintf(line, sizeof line, "wrote %s; evaluator max |diff| vs XGBoost %.3g", model_path.c_str(),
                report.evaluator_max_abs_diff);
  say(line);

  WriteReference(options.output_dir / kReferenceFile, world, examples, split.train, options, ensemble);

  ordered_json feature_list = ordered_json::array();
  for (const features::FeatureSpec& f : features::kFeatures) {
    feature_list.push_back(
        {{"name", f.name}, {"kind", f.kind == features::Kind::kCategorical ? "categorical" : "numeric"}});
  }
  const Hyperparameters& p = options.params;
  ordered_json metadata = {
      {"model_type", "XGBClassifier"},
      {"version", options.model_version},
      {"trained_at", text::FormatUtc(std::chrono::system_clock::now())},
      {"model_file", kModelFile},
      {"reference_file", kReferenceFile},
      {"n_features", features::kFeatureCount},
      {"features", feature_list},
      {"hyperparameters",
       {{"n_estimators", p.n_estimators}, {"max_depth", p.max_depth}, {"learning_rate", p.learning_rate},
        {"subsample", p.subsample}, {"colsample_bytree", p.colsample_bytree}, {"tree_method", p.tree_method},
        {"objective", "binary:logistic"}, {"seed", p.seed}}},
      {"dataset",
       {{"hash", report.dataset_hash}, {"seed", options.dataset.seed}, {"rows", report.rows},
        {"train_rows", report.train_rows}, {"test_rows", report.test_rows}, {"test_share", options.test_share},
        {"pair_fraction", options.dataset.pair_fraction}, {"random_move_samples", options.dataset.random_move_samples},
        {"max_combinations", options.dataset.max_combinations}, {"game_data", data.Fingerprint()},
        {"quick", options.quick}}},
      {"metrics", {{"test", MetricsJson(report.test)}, {"train_accuracy", report.train.accuracy}}},
      {"evaluator_max_abs_diff", report.evaluator_max_abs_diff},
      {"training_seconds", std::round(report.training_seconds * 10) / 10},
  };
  WriteAtomically(options.output_dir / kMetadataFile, metadata.dump(2) + "\n");
  say("wrote " + (options.output_dir / kMetadataFile).string() + " and " +
      (options.output_dir / kReferenceFile).string());
  return report;
}

}  // namespace pdex::training
