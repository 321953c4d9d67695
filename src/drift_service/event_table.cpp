#include "drift_service/event_table.h"

#include <algorithm>
#include <cmath>
#include <variant>

namespace pdex::drift_service {

namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::TypeKind;

}  // namespace

EventTableBuilder::EventTableBuilder(const drift::Reference& reference) {
  table_.AddColumn(Column("event_id", ColumnType::Of(TypeKind::kString), false));
  table_.AddColumn(Column("timestamp", ColumnType::Timestamp(parquet::TimeUnit::kMicros, true), false));
  table_.AddColumn(Column("model_version", ColumnType::Of(TypeKind::kString), false));
  for (const drift::ReferenceColumn& column : reference.columns()) {
    if (column.role != drift::ColumnRole::kFeature) continue;
    const bool numerical = column.kind == drift::ColumnKind::kNumerical;
    features_.emplace(column.name, Feature{table_.num_columns(), column.kind});
    table_.AddColumn(Column(column.name, ColumnType::Of(numerical ? TypeKind::kDouble : TypeKind::kString), false));
  }
  prediction_column_ = table_.num_columns();
  table_.AddColumn(Column("prediction", ColumnType::Of(TypeKind::kInt64), false));
  probability_column_ = table_.num_columns();
  table_.AddColumn(Column("probability", ColumnType::Of(TypeKind::kDouble), false));
}

std::optional<std::string_view> EventTableBuilder::Add(const events::PredictionEvent& event) {
  // Check everything before appending anything, so a refusal leaves no
  // partial row.
  targets_.clear();
  const bool same_names_as_last =
      !last_names_.empty() && event.features.size() == last_names_.size() &&
      std::equal(event.features.begin(), event.features.end(), last_names_.begin(),
                 [](const auto& feature, const std::string& name) { return feature.first == name; });
  if (same_names_as_last) {
    // Every name known, none repeated, none missing: only the values can be
    // refused, in the order the loop below would refuse them.
    for (std::size_t i = 0; i < event.features.size(); ++i) {
      const auto& value = event.features[i].second;
      const bool is_number = std::holds_alternative<double>(value);
      if (is_number != (last_features_[i].kind == drift::ColumnKind::kNumerical)) return "wrong_type";
      if (is_number && !std::isfinite(std::get<double>(value))) return "non_finite";
      targets_.push_back(last_features_[i].column);
    }
    return Append(event);
  }
  filled_.assign(features_.size(), 0);
  std::vector<Feature> found;
  found.reserve(event.features.size());
  for (const auto& [name, value] : event.features) {
    auto it = features_.find(name);
    if (it == features_.end()) return "unknown_column";
    const bool is_number = std::holds_alternative<double>(value);
    if (is_number != (it->second.kind == drift::ColumnKind::kNumerical)) return "wrong_type";
    if (is_number && !std::isfinite(std::get<double>(value))) return "non_finite";
    const std::size_t slot = it->second.column - 3;  // feature columns follow the 3 event columns
    if (filled_[slot] != 0) return "duplicate_field";
    filled_[slot] = 1;
    targets_.push_back(it->second.column);
    found.push_back(it->second);
  }
  for (std::size_t filled : filled_) {
    if (filled == 0) return "missing_field";
  }
  last_names_.clear();
  for (const auto& feature : event.features) last_names_.push_back(feature.first);
  last_features_ = std::move(found);
  return Append(event);
}

std::optional<std::string_view> EventTableBuilder::Append(const events::PredictionEvent& event) {
  auto& columns = table_.columns();
  columns[0].AppendString(event.event_id);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(event.timestamp.time_since_epoch());
  columns[1].AppendInt(micros.count());
  columns[2].AppendString(event.model_version);
  for (std::size_t i = 0; i < event.features.size(); ++i) {
    const auto& value = event.features[i].second;
    Column& column = columns[targets_[i]];
    if (const double* number = std::get_if<double>(&value)) {
      column.AppendDouble(*number);
    } else {
      column.AppendString(std::get<std::string>(value));
    }
  }
  columns[prediction_column_].AppendInt(event.prediction);
  columns[probability_column_].AppendDouble(event.probability);
  if (table_.num_rows() == 1) {
    first_ = last_ = event.timestamp;
    model_version_ = event.model_version;
  } else {
    first_ = std::min(first_, event.timestamp);
    last_ = std::max(last_, event.timestamp);
    if (model_version_ != event.model_version) model_version_ = "mixed";
  }
  return std::nullopt;
}

void EventTableBuilder::Clear() {
  table_ = table_.EmptyLike();
  model_version_.clear();
}

}  // namespace pdex::drift_service
