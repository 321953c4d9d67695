#pragma once
// The compact form of prediction events: a batch of events sharing their
// feature names and model version, as one MessagePack map (MessagePack is a
// published binary encoding of JSON's data model, with readers in every
// common language). pdex-api sends one batch per Redis stream entry (field
// "batch"), so that Redis and the drift worker handle one entry per few
// hundred events instead of one per event: in this form with
// STREAM_FORMAT=batch, by default in rows (events/event_rows.h), which
// DecodeEventBatch reads too.
//
//   {"format": "pdex-events/2",
//    "model_version": <str>,
//    "features": [<str>, ...],                     feature names, unique
//    "events": [[<event_id str>, <timestamp int>, [<value>, ...], <prediction int>, <probability>], ...]}
//
// - timestamp: milliseconds since 1970-01-01T00:00:00Z (UTC);
// - values: one per feature name, in the same order: an int or float64 for
//   a number, a str for a categorical value (a Pokémon type), or nil for
//   "the same value as this feature's in the previous event of the batch"
//   (the scored moves of one request share the Pokémon's features: about
//   two thirds of the values), which the first event cannot use;
// - prediction: 0 or 1; probability: a float64 (or int) in [0, 1];
// - an event array may carry more elements after these five: readers skip
//   them. The map's keys come in the order above with "events" last;
//   readers skip unknown keys before "events".
// Each event means exactly what its JSON form (events/event_codec.h) means.
// Readers also take "pdex-events/1", the same without repeats: a nil value
// there is refused as non_finite, as in JSON.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "events/event_codec.h"

namespace pdex::events {

inline constexpr std::string_view kBatchFormat = "pdex-events/2";
inline constexpr std::string_view kBatchFormatWithoutRepeats = "pdex-events/1";

// True when `payload` starts as a MessagePack map does, which no JSON
// document does: a batch (or a corrupt one), not a JSON event.
bool IsEventBatch(std::string_view payload);

// How a batch format frames events it encoded: what EventPublisher needs to
// send what it queued as one batch. Implementations are const after
// construction, so thread-safe.
class BatchFramer {
 public:
  virtual ~BatchFramer() = default;

  // Appends a whole batch: the header for `count` events, then `events`,
  // which must be exactly `count` events encoded by the same writer.
  virtual void AppendBatch(std::string& out, std::size_t count, std::string_view events) const = 0;

  // A batch built in place, without copying its events: StartBatch appends
  // the header to `out` with room for the count (BatchPrefixSize() bytes in
  // all), the writer's events are appended after it, and SealBatch writes
  // their number into the room left at `prefix_at` (where StartBatch
  // began). Throws std::invalid_argument when `out` has no prefix there or
  // the count does not fit.
  virtual void StartBatch(std::string& out) const = 0;
  virtual void SealBatch(std::string& out, std::size_t prefix_at, std::size_t count) const = 0;
  virtual std::size_t BatchPrefixSize() const = 0;
};

// Writes batches of one schema. Thread-safe: const after construction.
class EventBatchWriter final : public BatchFramer {
 public:
  explicit EventBatchWriter(EventSchema schema);

  // Appends one packed event (the array above) to `out`. Numbers that are
  // whole and below 2^53 in magnitude are written as ints, others (NaN and
  // infinities too, which readers refuse as non_finite) as float64; invalid
  // UTF-8 in a string is replaced by U+FFFD. With `previous`, the event that
  // comes right before this one in the batch, a value equal to its value
  // for the same feature (the same bits, or the same string) is written as
  // a repeat: the caller must then keep the two together in one batch.
  // Throws std::invalid_argument when a view has another number of features
  // than the schema names.
  void AppendEvent(std::string& out, const EventView& event, std::string_view event_id,
                   const EventView* previous = nullptr) const;

  // The same from columns, written exactly as their EventView (ViewOf)
  // would be, without building it. Throws std::invalid_argument when the
  // columns are not one per feature of the schema.
  void AppendEvent(std::string& out, const EventColumns& event, std::string_view event_id,
                   const EventColumns* previous = nullptr) const;

  // BatchFramer, for AppendEvent outputs. A batch built in place is the
  // same as AppendBatch's but for the count's form (always MessagePack's
  // 5-byte array32).
  void AppendBatch(std::string& out, std::size_t count, std::string_view packed_events) const override;
  void StartBatch(std::string& out) const override;
  void SealBatch(std::string& out, std::size_t prefix_at, std::size_t count) const override;
  std::size_t BatchPrefixSize() const override { return header_.size() + kBatchCountBytes; }

  const EventSchema& schema() const { return schema_; }

 private:
  static constexpr std::size_t kBatchCountBytes = 5;  // MessagePack array32: 0xdd and 4 bytes

  EventSchema schema_;
  std::string header_;  // the map up to the "events" key included
};

struct DecodedBatch {
  // Set when the batch as a whole is unreadable (malformed or truncated
  // MessagePack, another shape, another format, nesting beyond 32): reason
  // bad_batch, and `events` is empty.
  std::optional<DecodeFailure> failure;
  // One result per event, in order: the event (with the batch's feature
  // names and model version), or why it was refused: wrong_type (a field of
  // the wrong type, more values than features), missing_field (fewer
  // values, an event of fewer than five elements, a repeat in the first
  // event or of a value the previous event lacks), non_finite (NaN,
  // infinity, or nil in a pdex-events/1 batch), bad_timestamp (outside
  // system_clock's range). In rows (pdex-events/3): wrong_type (a code that
  // is none of its feature's labels', a prediction other than 0 or 1, a
  // probability outside [0, 1]), non_finite, bad_timestamp.
  std::vector<DecodeResult> events;
};

// Reads one batch of any of the formats: pdex-events/1, /2 (above) and /3
// (events/event_rows.h). Never throws on bad input (only std::bad_alloc).
DecodedBatch DecodeEventBatch(std::string_view batch);

// The number of events a batch says it holds, reading only its header; 0
// when the header is unreadable.
std::size_t EventBatchSize(std::string_view batch);

}  // namespace pdex::events
