#include "model/tree_ensemble.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace pdex::model {
namespace {

using nlohmann::json;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// One tree in XGBoost's JSON layout. Leaves have -1 children and keep their
// value in split_conditions.
struct TreeSpec {
  std::vector<int> left, right, feature;
  std::vector<double> condition;
  json default_left;  // array of 0/1 or of booleans, as XGBoost writes either
};

json Tree(const TreeSpec& t) {
  json tree = {{"left_children", t.left},      {"right_children", t.right},  {"split_indices", t.feature},
               {"split_conditions", t.condition}, {"default_left", t.default_left}};
  tree["split_type"] = std::vector<int>(t.left.size(), 0);
  tree["base_weights"] = std::vector<double>(t.left.size(), 0.0);
  tree["tree_param"] = {{"num_nodes", std::to_string(t.left.size())}, {"num_feature", "3"}};
  return tree;
}

// Tree 1, numbered depth-first rather than breadth-first:
//   0: x0 < 1.5 ? 2 : 1   (missing: left)
//   1: leaf 0.25
//   2: x2 < -1 ? 4 : 3    (missing: right)
//   3: leaf -0.5
//   4: leaf 0.75
TreeSpec Tree1() {
  return {{2, -1, 4, -1, -1}, {1, -1, 3, -1, -1}, {0, 0, 2, 0, 0}, {1.5, 0.25, -1.0, -0.5, 0.75}, {1, 0, 0, 0, 0}};
}
// Tree 2: x1 < 0 ? 0.125 : -0.25 (missing: left, written as booleans).
TreeSpec Tree2() { return {{1, -1, -1}, {2, -1, -1}, {1, 0, 0}, {0.0, 0.125, -0.25}, {true, false, false}}; }
// Tree 3: a single leaf.
TreeSpec Tree3() { return {{-1}, {-1}, {0}, {0.0625}, {0}}; }

json Model(const std::vector<TreeSpec>& trees, const json& base_score = "5E-1") {
  json tree_list = json::array();
  for (const TreeSpec& t : trees) tree_list.push_back(Tree(t));
  return {{"version", {2, 0, 3}},
          {"learner",
           {{"attributes", json::object()},
            {"feature_names", {"x0", "x1", "x2"}},
            {"feature_types", {"float", "float", "float"}},
            {"gradient_booster",
             {{"name", "gbtree"},
              {"model",
               {{"gbtree_model_param", {{"num_trees", std::to_string(trees.size())}}},
                {"tree_info", std::vector<int>(trees.size(), 0)},
                {"trees", tree_list}}}}},
            {"learner_model_param",
             {{"base_score", base_score}, {"boost_from_average", "1"}, {"num_class", "0"}, {"num_feature", "3"}}},
            {"objective", {{"name", "binary:logistic"}, {"reg_loss_param", {{"scale_pos_weight", "1"}}}}}}}};
}

json Standard() { return Model({Tree1(), Tree2(), Tree3()}); }

TreeEnsemble FromJson(const json& doc, const std::string& source = "test.json") {
  const std::string text = doc.dump();
  return TreeEnsemble::Parse({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, false, source);
}

TreeEnsemble FromUbjson(const json& doc, bool typed) {
  const std::vector<std::uint8_t> bytes = json::to_ubjson(doc, typed, typed);
  return TreeEnsemble::Parse(bytes, true, "test.ubj");
}

float PredictOne(const TreeEnsemble& m, std::vector<float> row) {
  float p = -1;
  m.Predict(row.data(), 1, &p);
  return p;
}

float Sigmoid(double margin) { return static_cast<float>(1 / (1 + std::exp(-margin))); }

// Rows with their leaves (tree 1 + tree 2 + tree 3), worked out by hand.
struct Case {
  std::vector<float> row;
  double margin;
  const char* why;
};
const std::vector<Case>& Cases() {
  static const std::vector<Case> cases{
      {{0, 0, -2}, 0.75 - 0.25 + 0.0625, "x0 < 1.5, x2 < -1; x1 == 0 goes right"},
      {{1.5F, -1, 0}, 0.25 + 0.125 + 0.0625, "x0 == 1.5 goes right; x1 < 0"},
      {{kNaN, 5, kNaN}, -0.5 - 0.25 + 0.0625, "missing x0 goes left, missing x2 goes right"},
      {{1, kNaN, -1}, -0.5 + 0.125 + 0.0625, "x2 == -1 goes right; missing x1 goes left"},
      {{100, 100, 100}, 0.25 - 0.25 + 0.0625, "large values"},
      {{-3, -0.001F, -1.0001F}, 0.75 + 0.125 + 0.0625, "just below thresholds"},
  };
  return cases;
}

void ExpectStandardPredictions(const TreeEnsemble& m) {
  for (const Case& c : Cases()) EXPECT_FLOAT_EQ(PredictOne(m, c.row), Sigmoid(c.margin)) << c.why;
}

TEST(TreeEnsemble, ReadsTheModel) {
  const TreeEnsemble m = FromJson(Standard());
  EXPECT_EQ(m.feature_count(), 3U);
  EXPECT_EQ(m.tree_count(), 3U);
  EXPECT_EQ(m.feature_names(), (std::vector<std::string>{"x0", "x1", "x2"}));
}

TEST(TreeEnsemble, PredictsTheSigmoidOfTheLeafSum) { ExpectStandardPredictions(FromJson(Standard())); }

TEST(TreeEnsemble, LeavesAreDistinguishable) {
  // The cases differ by far more than float rounding, so a wrong leaf cannot pass.
  const TreeEnsemble m = FromJson(Standard());
  EXPECT_NE(PredictOne(m, Cases()[2].row), PredictOne(m, Cases()[3].row));
  EXPECT_GT(std::fabs(PredictOne(m, {1.5F, 0, 0}) - PredictOne(m, {1.4999F, 0, 0})), 0.1F);
}

TEST(TreeEnsemble, BatchEqualsRowByRow) {
  const TreeEnsemble m = FromJson(Standard());
  std::vector<float> rows;
  for (const Case& c : Cases()) rows.insert(rows.end(), c.row.begin(), c.row.end());
  std::vector<float> p(Cases().size(), -1);
  m.Predict(rows.data(), Cases().size(), p.data());
  for (std::size_t i = 0; i < Cases().size(); ++i) EXPECT_EQ(p[i], PredictOne(m, Cases()[i].row)) << i;
}

TEST(TreeEnsemble, BaseScoreIsTheStartingProbability) {
  // base_score 0.8 (here a number, not a string): margin starts at log(0.8 / 0.2).
  const TreeEnsemble m = FromJson(Model({Tree3()}, 0.8));
  EXPECT_FLOAT_EQ(PredictOne(m, {0, 0, 0}), Sigmoid(std::log(4.0) + 0.0625));
  const TreeEnsemble half = FromJson(Model({Tree3()}));
  EXPECT_FLOAT_EQ(PredictOne(half, {0, 0, 0}), Sigmoid(0.0625));
}

TEST(TreeEnsemble, ExtremeMarginsStayProbabilities) {
  TreeSpec big = Tree3();
  big.condition = {500.0};
  EXPECT_EQ(PredictOne(FromJson(Model({big})), {0, 0, 0}), 1.0F);
  big.condition = {-500.0};
  const float p = PredictOne(FromJson(Model({big})), {0, 0, 0});
  EXPECT_GE(p, 0.0F);
  EXPECT_LT(p, 1e-30F);
}

TEST(TreeEnsemble, UbjsonParsesIdentically) {
  const TreeEnsemble text = FromJson(Standard());
  for (const bool typed : {false, true}) {
    const TreeEnsemble binary = FromUbjson(Standard(), typed);
    EXPECT_EQ(binary.feature_count(), 3U);
    EXPECT_EQ(binary.tree_count(), 3U);
    EXPECT_EQ(binary.feature_names(), text.feature_names());
    for (const Case& c : Cases()) EXPECT_EQ(PredictOne(binary, c.row), PredictOne(text, c.row)) << c.why;
    ExpectStandardPredictions(binary);
  }
}

TEST(TreeEnsemble, LoadPicksTheFormatFromTheExtension) {
  pdex::testing::TempDir dir;
  const std::string text = Standard().dump();
  const std::vector<std::uint8_t> binary = json::to_ubjson(Standard(), true, true);
  {
    std::ofstream(dir.path() / "m.json", std::ios::binary) << text;
    std::ofstream out(dir.path() / "m.ubj", std::ios::binary);
    out.write(reinterpret_cast<const char*>(binary.data()), static_cast<std::streamsize>(binary.size()));
  }
  ExpectStandardPredictions(TreeEnsemble::Load(dir.path() / "m.json"));
  ExpectStandardPredictions(TreeEnsemble::Load(dir.path() / "m.ubj"));
  // UBJSON under a .json name is not JSON text.
  std::filesystem::copy_file(dir.path() / "m.ubj", dir.path() / "wrong.json");
  EXPECT_THROW(TreeEnsemble::Load(dir.path() / "wrong.json"), ModelError);
}

// --- Errors: a ModelError whose message names the source and the problem. ---

void ExpectError(const std::function<TreeEnsemble()>& parse, const std::string& source, const std::string& reason) {
  try {
    parse();
    ADD_FAILURE() << "accepted a model that should fail with '" << reason << "'";
  } catch (const ModelError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(source), std::string::npos) << what;
    EXPECT_NE(what.find(reason), std::string::npos) << what;
  }
}

void ExpectJsonError(const json& doc, const std::string& reason) {
  ExpectError([&] { return FromJson(doc, "bad-model.json"); }, "bad-model.json", reason);
}

json& FirstTree(json& doc) { return doc["learner"]["gradient_booster"]["model"]["trees"][0]; }

TEST(TreeEnsembleErrors, NotJson) {
  const std::string text = "this is not a model";
  ExpectError(
      [&] {
        return TreeEnsemble::Parse({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, false,
                                   "garbage.json");
      },
      "garbage.json", "not a readable XGBoost model");
  const std::vector<std::uint8_t> truncated = [] {
    std::vector<std::uint8_t> b = json::to_ubjson(Standard());
    b.resize(b.size() / 2);
    return b;
  }();
  ExpectError([&] { return TreeEnsemble::Parse(truncated, true, "half.ubj"); }, "half.ubj", "not a readable");
  ExpectJsonError(json::array({1, 2, 3}), "malformed XGBoost model");
}

TEST(TreeEnsembleErrors, WrongObjective) {
  json doc = Standard();
  doc["learner"]["objective"]["name"] = "reg:squarederror";
  ExpectJsonError(doc, "reg:squarederror is not supported");
  doc = Standard();
  doc["learner"]["gradient_booster"]["name"] = "gblinear";
  ExpectJsonError(doc, "gbtree");
}

TEST(TreeEnsembleErrors, CategoricalSplit) {
  json doc = Standard();
  FirstTree(doc)["split_type"] = {0, 0, 1, 0, 0};
  ExpectJsonError(doc, "categorical splits are not supported");
}

TEST(TreeEnsembleErrors, ChildIndexOutOfRange) {
  json doc = Standard();
  FirstTree(doc)["right_children"][2] = 5;  // 5 nodes: 0..4
  ExpectJsonError(doc, "child index out of range");
  doc = Standard();
  FirstTree(doc)["left_children"][0] = 0;  // the root as a child
  ExpectJsonError(doc, "child index out of range");
  doc = Standard();
  FirstTree(doc)["left_children"][2] = -7;
  ExpectJsonError(doc, "child index out of range");
}

TEST(TreeEnsembleErrors, NodeReachedTwice) {
  // A cycle: node 2's left child is node 2 itself.
  json doc = Standard();
  FirstTree(doc)["left_children"][2] = 2;
  ExpectJsonError(doc, "a node is reached twice");
  // A cycle back to an ancestor.
  doc = Standard();
  FirstTree(doc)["left_children"][2] = 1;
  FirstTree(doc)["left_children"][1] = 2;
  FirstTree(doc)["right_children"][1] = 3;
  ExpectJsonError(doc, "a node is reached twice");
  // A DAG: both of node 2's children are node 3 (node 4 is then unreachable).
  doc = Standard();
  FirstTree(doc)["left_children"][2] = 3;
  ExpectJsonError(doc, "a node is reached twice");
  // A DAG: node 2's left child is node 1, which the root reaches too.
  doc = Standard();
  FirstTree(doc)["left_children"][2] = 1;
  ExpectJsonError(doc, "a node is reached twice");
}

TEST(TreeEnsembleErrors, SplitOnUnknownFeature) {
  json doc = Standard();
  FirstTree(doc)["split_indices"][2] = 3;  // num_feature is 3
  ExpectJsonError(doc, "split on an unknown feature");
  doc = Standard();
  FirstTree(doc)["split_indices"][0] = -1;
  ExpectJsonError(doc, "split on an unknown feature");
}

TEST(TreeEnsembleErrors, InconsistentModels) {
  json doc = Standard();
  FirstTree(doc)["default_left"] = {1, 0, 0};
  ExpectJsonError(doc, "tree arrays of different lengths");
  doc = Standard();
  FirstTree(doc)["left_children"] = json::array();
  ExpectJsonError(doc, "tree arrays of different lengths");
  doc = Standard();
  doc["learner"]["gradient_booster"]["model"]["trees"] = json::array();
  ExpectJsonError(doc, "model has no trees");
  doc = Standard();
  doc["learner"]["learner_model_param"]["base_score"] = "1";
  ExpectJsonError(doc, "base_score");
  doc = Standard();
  doc["learner"]["learner_model_param"]["base_score"] = "half";
  ExpectJsonError(doc, "malformed number");
  doc = Standard();
  doc["learner"]["feature_names"] = {"x0", "x1"};
  ExpectJsonError(doc, "feature names do not match num_feature");
  doc = Standard();
  doc["learner"].erase("learner_model_param");
  ExpectJsonError(doc, "malformed XGBoost model");
}

TEST(TreeEnsembleErrors, MissingFile) {
  pdex::testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "no-such-model.json";
  ExpectError([&] { return TreeEnsemble::Load(path); }, path.string(), "cannot open model file");
}

}  // namespace
}  // namespace pdex::model
