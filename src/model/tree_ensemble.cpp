#include "model/tree_ensemble.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

namespace pdex::model {
namespace {

using nlohmann::json;

// XGBoost writes some scalars as strings ("5E-1") and flags as 0/1 or booleans.
double Number(const json& v) {
  if (v.is_string()) return std::stod(v.get<std::string>());
  return v.get<double>();
}
bool Flag(const json& v) { return v.is_boolean() ? v.get<bool>() : v.get<int>() != 0; }

}  // namespace

TreeEnsemble TreeEnsemble::Load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError("cannot open model file " + path.string());
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Parse(bytes, path.extension() == ".ubj", path.string());
}

TreeEnsemble TreeEnsemble::Parse(std::span<const std::uint8_t> bytes, bool ubjson, const std::string& source) {
  const auto fail = [&source](const std::string& why) { return ModelError("model " + source + ": " + why); };
  json doc;
  try {
    doc = ubjson ? json::from_ubjson(bytes.begin(), bytes.end()) : json::parse(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    throw fail(std::string("not a readable XGBoost model (") + e.what() + ")");
  }
  TreeEnsemble model;
  try {
    const json& learner = doc.at("learner");
    const std::string objective = learner.at("objective").at("name").get<std::string>();
    if (objective != "binary:logistic") throw fail("objective " + objective + " is not supported (binary:logistic)");
    const json& booster = learner.at("gradient_booster");
    if (booster.at("name") != "gbtree") throw fail("only gbtree boosters are supported");
    const json& param = learner.at("learner_model_param");
    model.feature_count_ = static_cast<std::size_t>(Number(param.at("num_feature")));
    const double base_score = Number(param.at("base_score"));
    if (!(base_score > 0 && base_score < 1)) throw fail("base_score outside (0, 1)");
    model.base_margin_ = static_cast<float>(-std::log(1 / base_score - 1));
    if (learner.contains("feature_names")) model.feature_names_ = learner.at("feature_names").get<std::vector<std::string>>();

    for (const json& tree : booster.at("model").at("trees")) {
      const json& left = tree.at("left_children");
      const json& right = tree.at("right_children");
      const json& split_index = tree.at("split_indices");
      const json& condition = tree.at("split_conditions");
      const json& default_left = tree.at("default_left");
      const std::size_t n = left.size();
      if (n == 0 || right.size() != n || split_index.size() != n || condition.size() != n || default_left.size() != n) {
        throw fail("tree arrays of different lengths");
      }
      if (tree.contains("split_type")) {
        for (const json& t : tree.at("split_type")) {
          if (t.get<int>() != 0) throw fail("categorical splits are not supported");
        }
      }
      // Breadth-first from the root, children of each inner node placed side by side.
      model.roots_.push_back(static_cast<std::uint32_t>(model.nodes_.size()));
      std::vector<std::pair<std::size_t, std::size_t>> queue{{0, model.nodes_.size()}};  // (source node, slot)
      model.nodes_.emplace_back();
      // Each node may be reached once: this rejects cycles and shared subtrees
      // alike, and bounds the queue by the tree's size.
      std::vector<bool> reached(n, false);
      reached[0] = true;
      for (std::size_t q = 0; q < queue.size(); ++q) {
        const auto [src, slot] = queue[q];
        Node node;
        node.value = static_cast<float>(Number(condition[src]));
        const long long l = left[src].get<long long>();
        if (l != -1) {
          const long long r = right[src].get<long long>();
          const long long f = split_index[src].get<long long>();
          if (l <= 0 || r <= 0 || static_cast<std::size_t>(l) >= n || static_cast<std::size_t>(r) >= n) {
            throw fail("child index out of range");
          }
          if (f < 0 || static_cast<std::size_t>(f) >= model.feature_count_) throw fail("split on an unknown feature");
          if (reached[static_cast<std::size_t>(l)] || reached[static_cast<std::size_t>(r)] || l == r) {
            throw fail("tree is not a tree (a node is reached twice)");
          }
          reached[static_cast<std::size_t>(l)] = reached[static_cast<std::size_t>(r)] = true;
          const std::size_t offset = model.nodes_.size() - slot;
          if (offset > 0xFFFF) throw fail("tree too large (over 65535 nodes between a node and its children)");
          if (f > 0x7FFF) throw fail("more than 32768 features");
          node.left_offset = static_cast<std::uint16_t>(offset);
          node.feature_bits = static_cast<std::uint16_t>(f | (Flag(default_left[src]) ? Node::kDefaultLeft : 0));
          queue.emplace_back(static_cast<std::size_t>(l), model.nodes_.size());
          queue.emplace_back(static_cast<std::size_t>(r), model.nodes_.size() + 1);
          model.nodes_.resize(model.nodes_.size() + 2);
        }
        model.nodes_[slot] = node;
      }
    }
  } catch (const json::exception& e) {
    throw fail(std::string("malformed XGBoost model (") + e.what() + ")");
  } catch (const std::invalid_argument&) {
    throw fail("malformed number");
  } catch (const std::out_of_range&) {
    throw fail("number out of range");
  }
  if (model.roots_.empty()) throw fail("model has no trees");
  if (!model.feature_names_.empty() && model.feature_names_.size() != model.feature_count_) {
    throw fail("feature names do not match num_feature");
  }
  return model;
}

void TreeEnsemble::Predict(const float* features, std::size_t rows, float* probabilities) const {
  // Same arithmetic as XGBoost's CPU predictor: float sums in tree order
  // from the base margin, then its float sigmoid. Rows go through each tree
  // in blocks of kBlock, one level at a time, so the blocks' node loads
  // (the cost here: the forest does not fit in cache) overlap.
  constexpr std::size_t kBlock = 8;
  for (std::size_t r = 0; r < rows; ++r) probabilities[r] = base_margin_;
  const Node* nodes = nodes_.data();
  for (std::size_t begin = 0; begin < rows; begin += kBlock) {
    const std::size_t n = std::min(kBlock, rows - begin);
    const float* block = features + begin * feature_count_;
    for (const std::uint32_t root : roots_) {
      const Node* at[kBlock];
      for (std::size_t r = 0; r < n; ++r) at[r] = nodes + root;
      for (bool moved = true; moved;) {
        moved = false;
        for (std::size_t r = 0; r < n; ++r) {
          const Node* node = at[r];
          if (node->leaf()) continue;
          const float x = block[r * feature_count_ + node->feature()];
          const bool go_left = std::isnan(x) ? node->default_left() : x < node->value;
          at[r] = node + node->left_offset + (go_left ? 0 : 1);
          moved = true;
        }
      }
      for (std::size_t r = 0; r < n; ++r) probabilities[begin + r] += at[r]->value;
    }
  }
  for (std::size_t r = 0; r < rows; ++r) {
    probabilities[r] = 1.0F / (std::exp(std::min(-probabilities[r], 88.7F)) + 1.0F);
  }
}

}  // namespace pdex::model
