#include "prediction/battle_model.h"

#include <cstdlib>
#include <fstream>

namespace pdex::prediction {
namespace {

using nlohmann::ordered_json;

ordered_json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw model::ModelError("cannot open " + path.string() + " (train a model with `pdex train`)");
  try {
    return ordered_json::parse(in);
  } catch (const ordered_json::exception& e) {
    throw model::ModelError(path.string() + ": not valid JSON (" + e.what() + ")");
  }
}

}  // namespace

BattleModel::BattleModel(model::TreeEnsemble ensemble, ordered_json metadata)
    : ensemble_(std::move(ensemble)), metadata_(std::move(metadata)) {}

BattleModel BattleModel::Load(const std::filesystem::path& dir) {
  const std::filesystem::path metadata_path = dir / "metadata.json";
  ordered_json metadata = ReadJson(metadata_path);
  std::string model_file, version, trained_at;
  std::vector<std::string> names, kinds;
  try {
    model_file = metadata.at("model_file").get<std::string>();
    version = metadata.at("version").get<std::string>();
    trained_at = metadata.at("trained_at").get<std::string>();
    for (const auto& f : metadata.at("features")) {
      names.push_back(f.at("name").get<std::string>());
      kinds.push_back(f.at("kind").get<std::string>());
    }
  } catch (const ordered_json::exception& e) {
    throw model::ModelError(metadata_path.string() + ": " + e.what());
  }
  if (model_file.find('/') != std::string::npos) {
    throw model::ModelError(metadata_path.string() + ": model_file must be a file name beside it");
  }
  bool same_features = names.size() == features::kFeatureCount;
  for (std::size_t i = 0; same_features && i < names.size(); ++i) {
    const features::FeatureSpec& f = features::kFeatures[i];
    same_features = names[i] == f.name && kinds[i] == (f.kind == features::Kind::kCategorical ? "categorical" : "numeric");
  }
  if (!same_features) {
    throw model::ModelError(metadata_path.string() +
                            ": the model was trained on other features than this build computes; retrain with `pdex train`");
  }
  model::TreeEnsemble ensemble = model::TreeEnsemble::Load(dir / model_file);
  if (ensemble.feature_count() != features::kFeatureCount ||
      (!ensemble.feature_names().empty() && ensemble.feature_names() != names)) {
    throw model::ModelError((dir / model_file).string() + ": features differ from " + metadata_path.string());
  }
  BattleModel m(std::move(ensemble), std::move(metadata));
  m.version_ = std::move(version);
  m.trained_at_ = std::move(trained_at);
  return m;
}

std::filesystem::path LocateModelDir() {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("MODEL_DIR"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);  // an explicit setting is the only candidate
  } else {
    candidates.emplace_back("models");
    candidates.emplace_back(PDEX_SOURCE_MODELS_DIR);
  }
  std::string tried;
  for (const auto& c : candidates) {
    if (std::filesystem::is_regular_file(c / "metadata.json")) return c;
    tried += (tried.empty() ? "" : ", ") + c.string();
  }
  throw model::ModelError("model not found (set MODEL_DIR, or run `pdex train`); looked for metadata.json in: " + tried);
}

}  // namespace pdex::prediction
