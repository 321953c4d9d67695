#include "drift_service/event_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

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

// Add remembers the last accepted event's feature order and checks the next
// event's names positionally first: the refusals must stay the same whether
// the names repeat that order, change it, or differ.
TEST(EventTableBuilder, RepeatedAndChangedFeatureOrders) {
  const drift::Reference reference = MakeReference();
  EventTableBuilder builder(reference);
  ASSERT_FALSE(builder.Add(Event("a", 1)));  // a_type1, a_hp
  auto wrong = Event("w", 1);
  wrong.features[1].second = std::string("39");
  EXPECT_EQ(builder.Add(wrong), "wrong_type");
  auto nan = Event("n", 1);
  nan.features[1].second = std::nan("");
  EXPECT_EQ(builder.Add(nan), "non_finite");
  auto renamed = Event("r", 1);
  renamed.features[1].first = "b_hp";
  EXPECT_EQ(builder.Add(renamed), "unknown_column");
  auto repeated = Event("d", 1);
  repeated.features[1] = {"a_type1", std::string("Fire")};
  EXPECT_EQ(builder.Add(repeated), "duplicate_field");
  auto shorter = Event("s", 1);
  shorter.features.pop_back();
  EXPECT_EQ(builder.Add(shorter), "missing_field");
  EXPECT_EQ(builder.rows(), 1u);
  ASSERT_FALSE(builder.Add(Event("b", 2)));  // the same order again
  auto swapped = Event("c", 3);             // the other order: a_hp, a_type1
  std::swap(swapped.features[0], swapped.features[1]);
  swapped.features[0].second = 50.0;
  ASSERT_FALSE(builder.Add(swapped));
  auto swapped_wrong = swapped;
  swapped_wrong.features[0].second = std::string("50");
  EXPECT_EQ(builder.Add(swapped_wrong), "wrong_type");
  ASSERT_FALSE(builder.Add(Event("e", 4)));  // back to the first order
  builder.Clear();
  ASSERT_FALSE(builder.Add(swapped));
  const parquet::Table& table = builder.table();
  ASSERT_EQ(table.num_rows(), 1u);
  EXPECT_EQ(table.column("a_hp").doubles()[0], 50.0);
  EXPECT_EQ(table.column("a_type1").StringAt(0), "Fire");
}

TEST(EventTableBuilder, ColumnsGetTheirValuesInEitherOrder) {
  const drift::Reference reference = MakeReference();
  EventTableBuilder builder(reference);
  for (int i = 0; i < 6; ++i) {
    auto e = Event(std::to_string(i), i);
    e.features[1].second = static_cast<double>(i);
    e.features[0].second = std::string(1, static_cast<char>('a' + i));
    if (i % 3 == 1) std::swap(e.features[0], e.features[1]);
    ASSERT_FALSE(builder.Add(e));
  }
  const parquet::Table& table = builder.table();
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(table.column("a_hp").doubles()[i], static_cast<double>(i));
    EXPECT_EQ(table.column("a_type1").StringAt(i), std::string(1, static_cast<char>('a' + i)));
  }
}

}  // namespace
}  // namespace pdex::drift_service
