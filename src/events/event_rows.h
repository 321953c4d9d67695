#pragma once
// The rows form of an event batch, pdex-events/3: the batch of
// events/event_batch.h with every event a fixed-width row of raw numbers,
// so that a producer writes an event with little more than a copy of its
// values (pdex-api's default: publishing then costs the request thread
// about a third of what pdex-events/2 does). One MessagePack map:
//
//   {"format": "pdex-events/3",
//    "model_version": <str>,
//    "features": [<str>, ...],               feature names, unique
//    "labels": [nil | [<str>, ...], ...],    one per feature: nil for a
//                                            numerical one, a categorical
//                                            one's values, indexed by code
//    "events": <bin>}                        count rows of 33 + 8 x features bytes
//
// A row, little-endian:
//   [0, 16)   event id: its 32 lower-case hex digits are these bytes'
//   [16, 24)  timestamp: int64, milliseconds since 1970-01-01T00:00:00Z
//   [24]      prediction: 0 or 1
//   [25, 33)  probability: float64 in [0, 1]
//   then one float64 per feature, in order: the number, or for a
//   categorical feature its code k, a whole number with labels[k] its value.
// Each event means exactly what its JSON form (events/event_codec.h) means.
// Readers skip unknown keys before "events", which comes last. In numpy:
// np.frombuffer(events, dtype=[("id", "V16"), ("ts", "<i8"), ("prediction",
// "u1"), ("probability", "<f8"), ("values", "<f8", (len(features),))]).
//
// A row holds no repeats: an event takes 337 bytes with pdex-api's 38
// features, against some 140 in pdex-events/2, for Redis to keep.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/event.h"
#include "events/event_batch.h"

namespace pdex::events {

inline constexpr std::string_view kRowsFormat = "pdex-events/3";

// Where a row's fields start (the layout above), the bytes before its
// values, and the bytes of each value.
inline constexpr std::size_t kRowTimestampAt = kEventIdBytes;
inline constexpr std::size_t kRowPredictionAt = kRowTimestampAt + 8;
inline constexpr std::size_t kRowProbabilityAt = kRowPredictionAt + 1;
inline constexpr std::size_t kRowFixedBytes = kRowProbabilityAt + 8;
inline constexpr std::size_t kRowValueBytes = 8;

// True when `value` is a code of a categorical feature with `label_count`
// labels: a whole number in [0, label_count). Once in range it converts to
// an integer exactly when whole: a couple of instructions, where
// std::floor without SSE4.1 takes a dozen (pdex-api checks 40 codes a
// request).
inline bool IsLabelCode(double value, std::uint32_t label_count) {
  return value >= 0 && value < static_cast<double>(label_count) &&
         static_cast<double>(static_cast<std::uint32_t>(value)) == value;
}

// Writes rows batches of one schema. Thread-safe: const after construction.
class EventRowsWriter final : public BatchFramer {
 public:
  // Throws std::invalid_argument on an empty model version, duplicate
  // feature names, or labels neither one list per feature nor none at all
  // (every feature numerical).
  explicit EventRowsWriter(EventSchema schema);

  // 33 + 8 bytes per feature.
  std::size_t RowBytes() const { return row_bytes_; }

  // Appends one row. `event_id`: the id's bytes (WriteNewEventIdBytes).
  // Throws std::invalid_argument when the columns are not one per feature
  // of the schema, or a categorical feature's number is not one of its
  // codes (a whole number below its labels' count): every row written reads
  // back. On a throw `out` is as it was.
  void AppendRow(std::string& out, const EventColumns& event,
                 std::span<const unsigned char, kEventIdBytes> event_id) const;
  // The same from a view, whose categorical values are looked up in the
  // labels. Throws std::invalid_argument when the view has another number
  // of values than the schema features, a string that is not one of its
  // feature's labels, or a string where the schema has a numerical feature
  // (a number where it has a categorical one).
  void AppendRow(std::string& out, const EventView& event,
                 std::span<const unsigned char, kEventIdBytes> event_id) const;

  // Throws what AppendRow would throw for this event, writing nothing: for
  // an event that is not written (EventPublisher checks the events it
  // drops, so that a bad one is refused whatever the room).
  void Check(const EventColumns& event) const;
  void Check(const EventView& event) const;

  // BatchFramer: the header's bin takes count x RowBytes() bytes of rows.
  void AppendBatch(std::string& out, std::size_t count, std::string_view rows) const override;
  void StartBatch(std::string& out) const override;
  void SealBatch(std::string& out, std::size_t prefix_at, std::size_t count) const override;
  std::size_t BatchPrefixSize() const override { return header_.size() + kBinHeaderBytes; }

  const EventSchema& schema() const { return schema_; }

 private:
  static constexpr std::size_t kBinHeaderBytes = 5;  // MessagePack bin32: 0xc6 and 4 bytes

  // The part of Check(EventView) that AppendRow(EventView) makes first: the
  // values' count.
  void CheckSizes(const EventView& event) const;
  // What a row holds for feature i's value: the number, or the label's code.
  // Throws as AppendRow(EventView) does.
  double ValueOf(std::size_t i, const FeatureValueView& value) const;

  EventSchema schema_;
  std::size_t row_bytes_ = 0;
  struct Categorical {
    std::size_t feature;        // its index in the schema
    std::uint32_t label_count;  // its labels' number
  };
  std::vector<Categorical> categorical_;
  // Per feature, its labels' codes (empty for a numerical feature).
  std::vector<std::unordered_map<std::string, double>> codes_;
  std::string header_;  // the map up to the "events" key included
};

}  // namespace pdex::events
