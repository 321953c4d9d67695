// The column configuration file and the reference loader.
#include <gtest/gtest.h>

#include <fstream>

#include "drift/column_config.h"
#include "drift/reference.h"
#include "parquet/writer.h"
#include "test_support.h"

namespace pdex::drift {
namespace {

void Write(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(DriftOptions, DefaultsAreEvidentlys) {
  const DriftOptions options = DriftOptions::Parse("{}", "cfg");
  EXPECT_DOUBLE_EQ(options.drift_share, 0.5);
  EXPECT_EQ(options.correction, Correction::kNone);
  EXPECT_TRUE(options.ignored.empty());
  EXPECT_TRUE(options.columns.empty());
}

TEST(DriftOptions, ReadsEveryKey) {
  const DriftOptions options = DriftOptions::Parse(
      R"({"drift_share": 0.3, "correction": "benjamini_hochberg", "ignore": ["a"],
          "columns": {"b": {"stattest": "ks", "threshold": 0.01}, "c": {"kind": "cat"}}})",
      "cfg");
  EXPECT_DOUBLE_EQ(options.drift_share, 0.3);
  EXPECT_EQ(options.correction, Correction::kBenjaminiHochberg);
  EXPECT_TRUE(options.ignored.contains("a"));
  ASSERT_NE(options.Find("b"), nullptr);
  EXPECT_EQ(options.Find("b")->stattest->name, "ks");
  EXPECT_DOUBLE_EQ(*options.Find("b")->threshold, 0.01);
  EXPECT_EQ(*options.Find("c")->kind, ColumnKind::kCategorical);
  EXPECT_EQ(options.Find("zzz"), nullptr);
}

TEST(DriftOptions, MistakesAreNamed) {
  EXPECT_NE(ErrorOf([] { DriftOptions::Parse("{", "cfg.json"); }).find("cfg.json: not valid JSON"), std::string::npos);
  EXPECT_NE(ErrorOf([] { DriftOptions::Parse(R"({"columns": {"x": {"stattest": "nope"}}})", "cfg"); })
                .find("unknown test 'nope'"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { DriftOptions::Parse(R"({"columns": {"x": {"stattest": "ks", "kind": "cat"}}})", "cfg"); })
                .find("does not accept cat columns"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { DriftOptions::Parse(R"({"drift_share": 2})", "cfg"); }).find("drift_share"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { DriftOptions::Parse(R"({"correction": "holm"})", "cfg"); }).find("correction"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { DriftOptions::Parse(R"({"colums": {}})", "cfg"); }).find("unknown key 'colums'"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { DriftOptions::Parse(R"({"columns": {"x": {"threshold": -1}}})", "cfg"); })
                .find("columns.x.threshold"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { DriftOptions::ReadFile("/nonexistent/cfg.json"); }).find("/nonexistent/cfg.json"),
            std::string::npos);
}

TEST(Reference, CsvColumnsAreNumericalWhenEveryValueIsANumber) {
  pdex::testing::TempDir dir;
  const auto path = dir.path() / "ref.csv";
  Write(path, "a,b,prediction,probability,timestamp\n1,x,1,0.9,2026-01-01\n2.5,y,0,0.2,2026-01-02\n,z,1,0.7,2026-01-03\n");
  const Reference reference = Reference::Load(path.string(), {});
  EXPECT_EQ(reference.rows(), 3u);
  ASSERT_EQ(reference.columns().size(), 4u);  // timestamp is event metadata
  EXPECT_EQ(reference.columns()[0].name, "a");
  EXPECT_EQ(reference.columns()[0].kind, ColumnKind::kNumerical);
  EXPECT_EQ(reference.columns()[0].sample.size(), 2u);  // the empty field is missing
  EXPECT_EQ(reference.columns()[1].kind, ColumnKind::kCategorical);
  EXPECT_EQ(reference.columns()[2].role, ColumnRole::kPrediction);
  EXPECT_EQ(reference.columns()[3].role, ColumnRole::kPrediction);
  EXPECT_NE(reference.Find("b"), nullptr);
  EXPECT_EQ(reference.Find("timestamp"), nullptr);
}

TEST(Reference, ParquetByMagicBytes) {
  pdex::testing::TempDir dir;
  const auto path = dir.path() / "ref.data";  // the extension does not matter
  parquet::Table table;
  parquet::Column a("a", parquet::ColumnType::Of(parquet::TypeKind::kInt64), false);
  parquet::Column t("t", parquet::ColumnType::Of(parquet::TypeKind::kString), false);
  for (int i = 0; i < 10; ++i) {
    a.AppendInt(i);
    t.AppendString(i % 2 ? "Fire" : "Water");
  }
  table.AddColumn(std::move(a));
  table.AddColumn(std::move(t));
  parquet::WriteTable(path.string(), table);
  const Reference reference = Reference::Load(path.string(), {});
  EXPECT_EQ(reference.rows(), 10u);
  EXPECT_EQ(reference.columns()[0].kind, ColumnKind::kNumerical);
  EXPECT_EQ(reference.columns()[0].sample.numbers.max(), 9.0);
  EXPECT_EQ(reference.columns()[1].sample.categories.CountOf("Fire"), 5u);
}

TEST(Reference, StartUpErrorsNameTheFileOrColumn) {
  pdex::testing::TempDir dir;
  EXPECT_NE(ErrorOf([&] { Reference::Load((dir.path() / "missing.parquet").string(), {}); }).find("missing.parquet"),
            std::string::npos);
  const auto path = dir.path() / "ref.csv";
  Write(path, "a,b\n1,2\n");
  const DriftOptions options = DriftOptions::Parse(R"({"columns": {"c": {"stattest": "ks"}}})", "cfg");
  EXPECT_NE(ErrorOf([&] { Reference::Load(path.string(), options); }).find("has no column 'c'"), std::string::npos);
  const DriftOptions wrong_kind = DriftOptions::Parse(R"({"columns": {"a": {"stattest": "chisquare"}}})", "cfg");
  Write(path, "a,b\nx,2\n");
  // chisquare takes categories, and "a" is categorical here: accepted.
  EXPECT_NO_THROW(Reference::Load(path.string(), wrong_kind));
  const DriftOptions ks = DriftOptions::Parse(R"({"columns": {"a": {"stattest": "ks"}}})", "cfg");
  EXPECT_NE(ErrorOf([&] { Reference::Load(path.string(), ks); }).find("does not accept"), std::string::npos);
}

}  // namespace
}  // namespace pdex::drift
