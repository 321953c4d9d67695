#pragma once
// One prediction as seen by the drift pipeline.
#include <chrono>
#include <string>
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

// A new event id: 32 lower-case hex digits, a random 64-bit prefix drawn once
// per process (std::random_device) followed by a 64-bit counter, so ids are
// unique across threads, processes and restarts. A fork()ed child would repeat
// its parent's ids; our processes do not fork. Thread-safe.
std::string NewEventId();

}  // namespace pdex::events
