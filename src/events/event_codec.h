#pragma once
// The JSON form of a PredictionEvent, as it travels through Redis.
//
//   {"event_id":"9f..","timestamp":"2026-11-26T10:15:00.123Z","model_version":"v3",
//    "features":{"a_hp":45,"a_type1":"Grass",...},"prediction":1,"probability":0.93}
//
// A superset of the architecture document's {features, prediction,
// probability, timestamp} message, which DecodeEvent also accepts.
#include <array>
#include <string>
#include <string_view>
#include <variant>

#include "events/event.h"

namespace pdex::events {

// Compact JSON, keys and features in the order above. Numbers are written in
// their shortest round-trip form; a NaN or infinite number (which JSON cannot
// spell) is written as null, which DecodeEvent reports as non_finite. The
// timestamp keeps milliseconds. Invalid UTF-8 in strings is replaced by
// U+FFFD, so the output is always valid JSON. Thread-safe (pure).
std::string EncodeEvent(const PredictionEvent& event);

// The same document for a producer's view (names and model version from
// `schema`), appended to `out`: EncodeEvent of the equivalent
// PredictionEvent, byte for byte. Throws std::invalid_argument when the view
// has another number of features than the schema names.
void AppendJsonEvent(std::string& out, const EventSchema& schema, const EventView& event, std::string_view event_id);

// Why a payload was not an event. The set is fixed: it labels a metric.
enum class DecodeFailureReason {
  kBadJson,       // not JSON, nesting deeper than 64, or a duplicate key
  kMissingField,  // no timestamp, features, prediction or probability
  kWrongType,     // a field of the wrong type or outside its domain
  kNonFinite,     // NaN, an infinity, a number too large, or null for a number
  kBadTimestamp,  // a timestamp string that is not ISO-8601
  kBadBatch,      // an unreadable event batch (events/event_batch.h); never from DecodeEvent
};

inline constexpr std::array kDecodeFailureReasons = {
    DecodeFailureReason::kBadJson, DecodeFailureReason::kMissingField, DecodeFailureReason::kWrongType,
    DecodeFailureReason::kNonFinite, DecodeFailureReason::kBadTimestamp,
    DecodeFailureReason::kBadBatch};

// "bad_json", "missing_field", "wrong_type", "non_finite", "bad_timestamp",
// "bad_batch".
std::string_view ReasonLabel(DecodeFailureReason reason);

struct DecodeFailure {
  DecodeFailureReason reason;
  std::string detail;  // for logs: short, with at most a few dozen bytes of the input
};

using DecodeResult = std::variant<PredictionEvent, DecodeFailure>;

// Reads one event. Never throws on bad input (only std::bad_alloc).
//
// - The top level must be an object; unknown keys are ignored.
// - timestamp: ISO-8601 "YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]" (a space may
//   stand for the T); without a zone it is taken as UTC (Python's
//   datetime.isoformat() of a naive time).
// - features: an object of numbers and strings, in document order.
// - prediction: 0 or 1. probability: a number in [0, 1].
// - event_id and model_version: non-empty strings when present. Without
//   event_id the id is "payload-" and the FNV-1a hash of the payload bytes,
//   so a redelivered copy of the same message dedupes; without model_version
//   it is "unknown".
//
// The first problem met, reading left to right, is reported, except that
// malformed JSON anywhere is always bad_json and a missing field is only
// known at the end. A number too large for a double (1e400) stops reading
// where it is, as non_finite.
DecodeResult DecodeEvent(std::string_view json);

}  // namespace pdex::events
