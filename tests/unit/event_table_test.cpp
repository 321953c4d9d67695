#include "drift_service/event_table.h"

#include <gtest/gtest.h>

#include <cmath>

namespace pdex::drift_service {
namespace {

drift::Reference MakeReference() {
  parquet::Table table;
  parquet::Column hp("a_hp", parquet::ColumnType::Of(parquet::TypeKind::kInt64), false);
  parquet::Column type("a_type1", parquet::ColumnType::Of(parquet::TypeKind::kString), false);
  parquet::Column probability("probability", parquet::ColumnType::Of(parquet::TypeKind::kDouble), false);
  hp.AppendInt(45);
  type.AppendString("Grass");
  probability.AppendDouble(0.5);
  table.AddColumn(std::move(hp));
  table.AddColumn(std::move(type));
  table.AddColumn(std::move(probability));
  return drift::Reference::FromTable(table, {}, "reference");
}

events::PredictionEvent Event(std::string id, int second) {
  events::PredictionEvent e;
  e.event_id = std::move(id);
  e.timestamp = std::chrono::system_clock::time_point(std::chrono::seconds(second));
  e.model_version = "1.0.0";
  e.features = {{"a_type1", std::string("Fire")}, {"a_hp", 39.0}};  // any order
  e.prediction = 1;
  e.probability = 0.75;
  return e;
}

TEST(EventTableBuilder, RowsFollowTheReferenceColumns) {
  const drift::Reference reference = MakeReference();
  EventTableBuilder builder(reference);
  EXPECT_FALSE(builder.Add(Event("b", 20)));
  EXPECT_FALSE(builder.Add(Event("a", 10)));
  const parquet::Table& table = builder.table();
  ASSERT_EQ(table.num_rows(), 2u);
  std::vector<std::string> names;
  for (const auto& column : table.columns()) names.push_back(column.name());
  EXPECT_EQ(names, (std::vector<std::string>{"event_id", "timestamp", "model_version", "a_hp", "a_type1",
                                             "prediction", "probability"}));
  EXPECT_EQ(table.column("event_id").StringAt(0), "b");
  EXPECT_EQ(table.column("timestamp").ints()[1], 10'000'000);
  EXPECT_EQ(table.column("a_hp").doubles()[0], 39.0);
  EXPECT_EQ(table.column("a_type1").StringAt(1), "Fire");
  EXPECT_EQ(table.column("prediction").ints()[0], 1);
  EXPECT_EQ(table.column("probability").doubles()[0], 0.75);
  EXPECT_EQ(builder.first_timestamp(), Event("a", 10).timestamp);
  EXPECT_EQ(builder.last_timestamp(), Event("b", 20).timestamp);
  EXPECT_EQ(builder.model_version(), "1.0.0");
  events::PredictionEvent other = Event("c", 5);
  other.model_version = "2.0.0";
  EXPECT_FALSE(builder.Add(other));
  EXPECT_EQ(builder.model_version(), "mixed");
  builder.Clear();
  EXPECT_EQ(builder.rows(), 0u);
  EXPECT_EQ(builder.table().num_columns(), 7u);
}

TEST(EventTableBuilder, RefusalsLeaveTheTableUnchanged) {
  const drift::Reference reference = MakeReference();
  EventTableBuilder builder(reference);
  auto unknown = Event("u", 1);
  unknown.features.emplace_back("b_hp", 1.0);
  EXPECT_EQ(builder.Add(unknown), "unknown_column");
  auto missing = Event("m", 1);
  missing.features.pop_back();
  EXPECT_EQ(builder.Add(missing), "missing_field");
  auto wrong = Event("w", 1);
  wrong.features[0].second = 1.0;
  EXPECT_EQ(builder.Add(wrong), "wrong_type");
  auto text_number = Event("t", 1);
  text_number.features[1].second = std::string("39");
  EXPECT_EQ(builder.Add(text_number), "wrong_type");
  auto nan = Event("n", 1);
  nan.features[1].second = std::nan("");
  EXPECT_EQ(builder.Add(nan), "non_finite");
  auto twice = Event("d", 1);
  twice.features.emplace_back("a_hp", 2.0);
  EXPECT_EQ(builder.Add(twice), "duplicate_field");
  EXPECT_EQ(builder.rows(), 0u);
  for (const auto& column : builder.table().columns()) EXPECT_EQ(column.size(), 0u) << column.name();
}

}  // namespace
}  // namespace pdex::drift_service
