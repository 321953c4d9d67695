// Turns prediction events into the table a report is computed on and
// archived as: event_id, timestamp, model_version, the reference's feature
// columns, prediction, probability. Events that do not fit the reference are
// refused with a reason (a label of drift_events_invalid_total).
//
// Not thread-safe; one builder per worker.
#pragma once
#include <array>
#include <string_view>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "drift/reference.h"
#include "events/event.h"
#include "parquet/table.h"

namespace pdex::drift_service {

// Every reason Add can return.
inline constexpr std::array<std::string_view, 5> kRefusalReasons = {"unknown_column", "missing_field", "wrong_type",
                                                                     "non_finite", "duplicate_field"};

class EventTableBuilder {
 public:
  // `reference` must outlive the builder.
  explicit EventTableBuilder(const drift::Reference& reference);

  // Appends the event, or returns why it was refused: "unknown_column" (a
  // feature the reference lacks), "missing_field" (a reference feature the
  // event lacks), "wrong_type" (a string for a numerical column or a number
  // for a categorical one), "non_finite" (NaN/inf feature value),
  // "duplicate_field" (a feature given twice). A refused
  // event leaves the table unchanged.
  std::optional<std::string_view> Add(const events::PredictionEvent& event);

  std::size_t rows() const { return table_.num_rows(); }
  // Earliest and latest event timestamps so far (rows() > 0).
  std::chrono::system_clock::time_point first_timestamp() const { return first_; }
  std::chrono::system_clock::time_point last_timestamp() const { return last_; }
  // The model version of every row, or "mixed".
  const std::string& model_version() const { return model_version_; }
  const parquet::Table& table() const { return table_; }
  // Empties the builder for the next window.
  void Clear();

 private:
  struct Feature {
    std::size_t column;  // in table_
    drift::ColumnKind kind;
  };
  // Appends the checked event, its features going to targets_; returns
  // std::nullopt (Add's "accepted").
  std::optional<std::string_view> Append(const events::PredictionEvent& event);
  parquet::Table table_;
  std::unordered_map<std::string, Feature> features_;
  std::size_t prediction_column_ = 0;
  std::size_t probability_column_ = 0;
  std::chrono::system_clock::time_point first_{}, last_{};
  std::string model_version_;
  // Scratch for one event: which feature slots it filled, and the table
  // column of each of its features in order.
  std::vector<std::size_t> filled_;
  std::vector<std::size_t> targets_;
  // The feature names, in order, of the last accepted event whose names
  // went through features_, with their Feature: events of one model repeat
  // that order, so Add compares names positionally before hashing any.
  // Such a list names every reference feature exactly once.
  std::vector<std::string> last_names_;
  std::vector<Feature> last_features_;
};

}  // namespace pdex::drift_service
