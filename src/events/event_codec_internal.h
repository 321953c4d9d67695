#pragma once
// Internal to the events library and its tests: the two halves of
// DecodeEvent (events/event_codec.h). Not a public interface.
//
// DecodeEvent first tries DecodeEventFast, a hand-written single-pass scanner
// for the common, well-formed shape; whenever that declines, it returns
// DecodeEventReference, the nlohmann-based decoder that defines DecodeEvent's
// results (every failure reason and detail text comes from it).
// tests/unit/event_codec_equivalence_test.cpp checks that the two agree.
#include <chrono>
#include <optional>
#include <string_view>

#include "events/event_codec.h"

namespace pdex::events::internal {

// The reference decoder (nlohmann SAX): exactly DecodeEvent's contract.
// DecodeEvent's fallback; called directly only by tests and benchmarks.
// Thread-safe (pure). Never throws on bad input (only std::bad_alloc).
DecodeResult DecodeEventReference(std::string_view json);

// The event DecodeEventReference would return for `json`, when `json` is a
// successfully decodable event of the common shape (an object whose values
// are strings without escapes, numbers, and a features object of such);
// std::nullopt for anything else, including every input the reference
// refuses. Never returns an event the reference would not return.
// Thread-safe (keeps a per-thread cache of the last feature names seen).
std::optional<PredictionEvent> DecodeEventFast(std::string_view json);

// The timestamp grammar of DecodeEvent (see event_codec.h), or std::nullopt.
std::optional<std::chrono::system_clock::time_point> ParseEventTimestamp(std::string_view text);

}  // namespace pdex::events::internal
