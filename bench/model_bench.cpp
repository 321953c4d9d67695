// The model call alone, as POST /predict/best-move makes it: 4 rows (one
// per move) scored by our flattened evaluator and, side by side, by
// XGBoost's in-place prediction on the same rows. Prints per-call p50/p99.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "domain/game_data.h"
#include "features/battle_features.h"
#include "prediction/battle_model.h"
#include "training/dataset.h"
#include "training/xgboost_booster.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double p50_us, p99_us, mean_us;
};

template <typename Call>
Figures Time(std::size_t calls, std::size_t groups, Call call) {
  std::vector<double> us(calls);
  for (std::size_t i = 0; i < calls; ++i) {
    const auto start = Clock::now();
    call(i % groups);
    us[i] = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  }
  double sum = 0;
  for (const double v : us) sum += v;
  std::sort(us.begin(), us.end());
  return {us[calls / 2], us[calls * 99 / 100], sum / static_cast<double>(calls)};
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t calls = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 50'000;
  constexpr std::size_t kRowsPerCall = 4;
  const auto model_dir = pdex::prediction::LocateModelDir();
  const auto model = pdex::prediction::BattleModel::Load(model_dir);
  const auto booster = pdex::training::Booster::Load(model_dir / "battle_winner.json");

  // Realistic rows: battles from a seeded slice of the training scenarios.
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(pdex::domain::LocateDataDir());
  const pdex::training::BattleWorld world(data);
  pdex::training::DatasetOptions options;
  options.pair_fraction = 0.01;
  const auto examples = pdex::training::GenerateExamples(world, options);
  const std::size_t groups = std::min<std::size_t>(2'000, examples.size() / kRowsPerCall);
  std::vector<pdex::features::ModelRow> rows;
  for (std::size_t i = 0; i < groups * kRowsPerCall; ++i) {
    rows.push_back(pdex::features::ModelInput(world.FeaturesOf(examples[i * (examples.size() / (groups * kRowsPerCall))])));
  }

  float ours[kRowsPerCall], theirs[kRowsPerCall];
  double max_diff = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    model.Predict(&rows[g * kRowsPerCall], kRowsPerCall, ours);
    booster.PredictInPlace(rows[g * kRowsPerCall].data(), kRowsPerCall, pdex::features::kFeatureCount, theirs);
    for (std::size_t r = 0; r < kRowsPerCall; ++r) max_diff = std::max(max_diff, double{std::fabs(ours[r] - theirs[r])});
  }
  const Figures evaluator = Time(calls, groups, [&](std::size_t g) { model.Predict(&rows[g * kRowsPerCall], kRowsPerCall, ours); });
  const Figures xgboost = Time(calls, groups, [&](std::size_t g) {
    booster.PredictInPlace(rows[g * kRowsPerCall].data(), kRowsPerCall, pdex::features::kFeatureCount, theirs);
  });

  std::printf("model call, %zu rows, %zu calls over %zu distinct battles (model %s, %s)\n", kRowsPerCall, calls,
              groups * kRowsPerCall, model.version().c_str(), model_dir.c_str());
  std::printf("%-28s %10s %10s %10s\n", "predictor", "p50 us", "p99 us", "mean us");
  std::printf("%-28s %10.1f %10.1f %10.1f\n", "pdex flattened evaluator", evaluator.p50_us, evaluator.p99_us, evaluator.mean_us);
  std::printf("%-28s %10.1f %10.1f %10.1f\n", "XGBoost in-place predict", xgboost.p50_us, xgboost.p99_us, xgboost.mean_us);
  std::printf("ratio evaluator/XGBoost p50 %.2f; evaluator p50 %.1f us (target < 50); max |diff| %.3g\n",
              evaluator.p50_us / xgboost.p50_us, evaluator.p50_us, max_diff);
  return 0;
}
