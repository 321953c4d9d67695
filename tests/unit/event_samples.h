// Sample prediction events and event JSON for the codec's tests
// (event_codec_test, event_codec_equivalence_test).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "events/event.h"

namespace pdex::events::samples {

// 2026-11-26T10:15:00.123Z
inline std::chrono::system_clock::time_point SampleTime() {
  using namespace std::chrono;
  return sys_days(year{2026} / November / 26) + 10h + 15min + 0s + 123ms;
}

inline PredictionEvent SampleEvent() {
  PredictionEvent e;
  e.event_id = "0123456789abcdef0123456789abcdef";
  e.timestamp = SampleTime();
  e.model_version = "v3";
  e.features = {{"a_hp", 45.0}, {"a_type1", std::string("Grass")}, {"b_speed", 0.5}, {"b_type1", std::string("Fire")}};
  e.prediction = 1;
  e.probability = 0.93;
  return e;
}

// A valid minimal event in JSON, field by field as raw JSON text; a field
// set to std::nullopt is left out, `extra` adds members.
struct EventJson {
  std::optional<std::string> timestamp = R"("2026-11-26T10:15:00Z")";
  std::optional<std::string> features = R"({"a_hp":45})";
  std::optional<std::string> prediction = "1";
  std::optional<std::string> probability = "0.5";
  std::string extra;

  std::string str() const {
    std::string out = "{";
    for (const auto& [key, value] : {std::pair{"timestamp", &timestamp}, std::pair{"features", &features},
                                     std::pair{"prediction", &prediction}, std::pair{"probability", &probability}}) {
      if (!value->has_value()) continue;
      if (out.size() > 1) out += ",";
      out += std::string("\"") + key + "\":" + **value;
    }
    if (!extra.empty()) out += (out.size() > 1 ? "," : "") + extra;
    return out + "}";
  }
};

inline std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

inline std::string WithTimestamp(std::string_view text) {
  EventJson j;
  j.timestamp = Quote(text);
  return j.str();
}

inline std::string WithFeatures(std::string_view features) {
  EventJson j;
  j.features = std::string(features);
  return j.str();
}

inline std::string WithExtra(std::string_view extra) {
  EventJson j;
  j.extra = std::string(extra);
  return j.str();
}

}  // namespace pdex::events::samples
