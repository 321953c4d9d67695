#pragma once
// One prediction as seen by the drift pipeline.
#include <array>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pdex::events {

// A model input: a number, or a string for a categorical feature such as a
// Pokémon type.
using FeatureValue = std::variant<double, std::string>;

struct PredictionEvent {
  std::string event_id;  // unique per prediction; consumers dedupe on it
  std::chrono::system_clock::time_point timestamp;
  std::string model_version;
  // In model input order; names are unique.
  std::vector<std::pair<std::string, FeatureValue>> features;
  int prediction = 0;        // 1 when Pokémon A is predicted to win
  double probability = 0.0;  // of prediction 1, in [0, 1]

  friend bool operator==(const PredictionEvent&, const PredictionEvent&) = default;
};

// A producer's view of a prediction, without copies: what pdex-api hands to
// EventPublisher::Offer. The feature names and model version are the
// producer's EventSchema, given once; `features` follows its order. Every
// view must outlive the call it is passed to, nothing longer.
using FeatureValueView = std::variant<double, std::string_view>;

struct EventView {
  std::chrono::system_clock::time_point timestamp;
  std::span<const FeatureValueView> features;
  int prediction = 0;        // 1 when Pokémon A is predicted to win
  double probability = 0.0;  // of prediction 1, in [0, 1]
};

// The same as columns, for a producer that holds its features that way
// (pdex-api's scored moves): no variant to build or inspect per value. For
// feature i, categorical[i] says whether it reads texts[i] or numbers[i];
// the three spans have one element per feature. For a categorical feature,
// numbers[i] is its code: the index of texts[i] in the schema's labels[i],
// which is all the rows format (events/event_rows.h) writes of it. The same
// lifetime rule as EventView's.
struct EventColumns {
  std::chrono::system_clock::time_point timestamp;
  std::span<const double> numbers;
  std::span<const std::string> texts;
  std::span<const bool> categorical;
  int prediction = 0;        // 1 when Pokémon A is predicted to win
  double probability = 0.0;  // of prediction 1, in [0, 1]
};

// The view of one event of `columns`: `values` (one per feature) is filled
// and pointed into, as are the columns' texts. Throws std::invalid_argument
// when the spans' sizes differ.
EventView ViewOf(const EventColumns& columns, std::vector<FeatureValueView>& values);

// What every event of one producer shares.
struct EventSchema {
  std::string model_version;
  std::vector<std::string> feature_names;  // in EventView::features order; unique
  // The values each categorical feature can take, indexed by code: one list
  // per feature name (empty for a numerical feature), or no lists at all
  // when the producer has no closed set of categories. The rows format
  // (events/event_rows.h) needs them.
  std::vector<std::vector<std::string>> labels = {};

  friend bool operator==(const EventSchema&, const EventSchema&) = default;
};

inline constexpr std::size_t kEventIdLength = 32;

// A new event id: 32 lower-case hex digits, a random 64-bit prefix drawn once
// per thread (std::random_device) followed by that thread's 64-bit counter,
// so ids are unique across threads, processes and restarts (two prefixes
// collide with odds of 2^-64 per pair) and threads share nothing. A fork()ed
// child would repeat its parent's ids; our processes do not fork.
// Thread-safe.
std::string NewEventId();
// The same, written to out[0..kEventIdLength) without allocating.
void WriteNewEventId(std::span<char, kEventIdLength> out);

// An event id's 16 bytes: its 32 hex digits, two per byte, in order (the
// form of the rows format, events/event_rows.h).
inline constexpr std::size_t kEventIdBytes = kEventIdLength / 2;
// A new event id (as NewEventId draws them) as its bytes, written to
// out[0..kEventIdBytes). Thread-safe.
void WriteNewEventIdBytes(std::span<unsigned char, kEventIdBytes> out);

// A sequence of event ids as NewEventId draws them (a random prefix, then
// a count), of one's own: the per-thread sequences behind the functions
// above are one each, and EventPublisher keeps one under its lock, beside
// the queue it writes. Not thread-safe.
class EventIdSequence {
 public:
  EventIdSequence();  // draws the prefix (std::random_device)
  void NextBytes(std::span<unsigned char, kEventIdBytes> out) {
    PutBigEndian64(prefix_, out.data());
    PutBigEndian64(count_++, out.data() + 8);
  }
  void Next(std::span<char, kEventIdLength> out);

 private:
  static void PutBigEndian64(std::uint64_t value, unsigned char* out) {
    if constexpr (std::endian::native == std::endian::little) value = __builtin_bswap64(value);
    std::memcpy(out, &value, sizeof value);
  }

  std::uint64_t prefix_;
  std::uint64_t count_ = 0;
  std::array<char, 16> prefix_hex_;
};

// The id of `bytes`: 32 lower-case hex digits.
std::string EventIdOfBytes(std::span<const unsigned char, kEventIdBytes> bytes);

}  // namespace pdex::events
