#include "events/event_batch.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <forward_list>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "events/event_rows.h"
#include "events/msgpack.h"
#include "text/utf8.h"

namespace pdex::events {

using namespace msgpack;  // this library's own primitives (events/msgpack.h)

namespace {

using Clock = std::chrono::system_clock;

DecodeFailure BadBatch(std::string detail) { return {DecodeFailureReason::kBadBatch, std::move(detail)}; }

struct Header {
  std::string_view model_version;
  std::vector<std::string_view> features;
  std::size_t events = 0;
  bool repeats = false;  // pdex-events/2: nil repeats the previous event's value
  bool rows = false;     // pdex-events/3 (events/event_rows.h)
  // pdex-events/3: each feature's labels (empty: numerical), and the rows.
  std::optional<std::vector<std::vector<std::string_view>>> labels;
  std::string_view row_bytes;
};

// The labels of pdex-events/3: one nil or array of strings per feature.
std::optional<DecodeFailure> ReadLabels(Reader& r, Header& h) {
  std::size_t n = 0;
  if (!r.ReadArray(n)) return BadBatch("labels is not an array");
  h.labels.emplace(n);
  for (std::vector<std::string_view>& labels : *h.labels) {
    if (r.NextKind() == Reader::Kind::kNil) {
      r.Skip();
      continue;
    }
    std::size_t count = 0;
    if (!r.ReadArray(count) || count == 0) return BadBatch("labels holds a value that is neither nil nor a non-empty array");
    labels.resize(count);
    for (std::string_view& label : labels) {
      if (!r.ReadStr(label) || !text::IsValidUtf8(label)) return BadBatch("a label that is not a UTF-8 string");
    }
  }
  return std::nullopt;
}

// pdex-events/3's events: a bin of whole rows, for as many features as named.
std::optional<DecodeFailure> ReadRowsBin(Reader& r, Header& h) {
  if (!h.labels || h.labels->size() != h.features.size()) {
    return BadBatch("no labels, or not one per feature, before the events");
  }
  if (!r.ReadBin(h.row_bytes)) return BadBatch("events is not a bin");
  const std::size_t width = kRowFixedBytes + kRowValueBytes * h.features.size();
  if (h.row_bytes.size() % width != 0) {
    return BadBatch("events holds " + std::to_string(h.row_bytes.size()) + " bytes, not whole rows of " +
                    std::to_string(width));
  }
  h.events = h.row_bytes.size() / width;
  return std::nullopt;
}

// Reads the header up to and including the events' array header.
std::optional<DecodeFailure> ReadHeader(Reader& r, Header& h) {
  std::size_t keys = 0;
  if (!r.ReadMap(keys)) return BadBatch("not a MessagePack map");
  bool format_seen = false, version_seen = false, features_seen = false;
  for (std::size_t k = 0; k < keys; ++k) {
    std::string_view key;
    if (!r.ReadStr(key)) return BadBatch("a key that is not a string");
    if (key == "format") {
      std::string_view format;
      if (!r.ReadStr(format)) return BadBatch("format is not a string");
      if (format != kBatchFormat && format != kBatchFormatWithoutRepeats && format != kRowsFormat) {
        return BadBatch("unsupported format \"" + std::string(format.substr(0, 40)) + "\" (expected " +
                        std::string(kRowsFormat) + ", " + std::string(kBatchFormat) + " or " +
                        std::string(kBatchFormatWithoutRepeats) + ")");
      }
      h.repeats = format == kBatchFormat;
      h.rows = format == kRowsFormat;
      format_seen = true;
    } else if (key == "model_version") {
      if (!r.ReadStr(h.model_version) || h.model_version.empty()) {
        return BadBatch("model_version is not a non-empty string");
      }
      version_seen = true;
    } else if (key == "features") {
      std::size_t n = 0;
      if (!r.ReadArray(n)) return BadBatch("features is not an array");
      h.features.resize(n);
      for (auto& name : h.features) {
        if (!r.ReadStr(name)) return BadBatch("a feature name that is not a string");
      }
      features_seen = true;
    } else if (key == "labels") {
      if (auto failure = ReadLabels(r, h)) return failure;
    } else if (key == "events") {
      if (!format_seen || !version_seen || !features_seen) {
        return BadBatch("events before format, model_version and features");
      }
      if (k + 1 != keys) return BadBatch("keys after events");
      if (h.rows) return ReadRowsBin(r, h);
      if (!r.ReadArray(h.events)) return BadBatch("events is not an array");
      return std::nullopt;
    } else if (!r.Skip()) {
      return BadBatch("malformed value of key \"" + std::string(key.substr(0, 40)) + "\"");
    }
  }
  return BadBatch("no events array");
}

DecodeFailure Refused(DecodeFailureReason reason, std::string detail) { return {reason, std::move(detail)}; }

// One event: the result, or std::nullopt when the bytes are structurally
// broken (the whole batch is then refused). `previous` holds the previous
// event's value of each feature (nullopt: none, or unreadable), which a
// repeat takes; on return it holds this event's.
std::optional<DecodeResult> ReadEvent(Reader& r, const Header& h, const std::vector<std::string>& names,
                                      std::vector<std::optional<FeatureValue>>& previous) {
  std::size_t fields = 0;
  if (!r.ReadArray(fields)) return std::nullopt;
  std::optional<DecodeFailure> failure;
  auto fail = [&](DecodeFailureReason reason, std::string detail) {
    if (!failure) failure = Refused(reason, std::move(detail));
  };
  PredictionEvent event;
  bool values_read = false;  // else the next event has nothing to repeat
  if (fields < 5) fail(DecodeFailureReason::kMissingField, "an event of " + std::to_string(fields) + " elements");
  std::size_t field = 0;
  for (; field < fields && field < 5; ++field) {
    if (failure) {
      if (!r.Skip()) return std::nullopt;
      continue;
    }
    switch (field) {
      case 0: {
        std::string_view id;
        if (r.NextKind() != Reader::Kind::kStr) {
          fail(DecodeFailureReason::kWrongType, "event_id must be a non-empty string");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadStr(id)) {
          return std::nullopt;
        } else if (id.empty() || !text::IsValidUtf8(id)) {
          fail(DecodeFailureReason::kWrongType, "event_id must be a non-empty string");
        } else {
          event.event_id = id;
        }
        break;
      }
      case 1: {
        double millis = 0;
        if (r.NextKind() != Reader::Kind::kInt) {
          fail(DecodeFailureReason::kWrongType, "timestamp must be an int (milliseconds since the epoch)");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadNumber(millis)) {
          return std::nullopt;
        } else {
          // system_clock counts nanoseconds in 64 bits: about 1678 to 2262.
          constexpr double kLimit = 9.2e12;
          if (millis <= -kLimit || millis >= kLimit) {
            fail(DecodeFailureReason::kBadTimestamp, "timestamp out of range");
          } else {
            event.timestamp = Clock::time_point(std::chrono::milliseconds(static_cast<std::int64_t>(millis)));
          }
        }
        break;
      }
      case 2: {
        std::size_t n = 0;
        if (!r.ReadArray(n)) {
          fail(DecodeFailureReason::kWrongType, "features must be an array of values");
          if (!r.Skip()) return std::nullopt;
          break;
        }
        if (n < names.size()) {
          fail(DecodeFailureReason::kMissingField,
               std::to_string(n) + " values for " + std::to_string(names.size()) + " features");
        } else if (n > names.size()) {
          fail(DecodeFailureReason::kWrongType,
               std::to_string(n) + " values for " + std::to_string(names.size()) + " features");
        } else {
          event.features.reserve(n);
        }
        // This event's values, for the next one's repeats.
        std::vector<std::optional<FeatureValue>> values(names.size());
        for (std::size_t i = 0; i < n; ++i) {
          const Reader::Kind kind = r.NextKind();
          if (kind == Reader::Kind::kNil && h.repeats && i < names.size()) {
            if (!r.Skip()) return std::nullopt;
            values[i] = previous[i];
            if (failure) continue;
            if (!previous[i]) {
              fail(DecodeFailureReason::kMissingField,
                   "feature " + names[i].substr(0, 40) + " repeats a value no previous event has");
              continue;
            }
            if (const double* v = std::get_if<double>(&*previous[i]); v != nullptr && !std::isfinite(*v)) {
              fail(DecodeFailureReason::kNonFinite, "feature " + names[i].substr(0, 40) + " is not finite");
              continue;
            }
            event.features.emplace_back(names[i], *previous[i]);
            continue;
          }
          if (failure || (kind != Reader::Kind::kInt && kind != Reader::Kind::kFloat && kind != Reader::Kind::kStr)) {
            if (!failure) {
              fail(kind == Reader::Kind::kNil ? DecodeFailureReason::kNonFinite : DecodeFailureReason::kWrongType,
                   "feature " + names[i].substr(0, 40) + (kind == Reader::Kind::kNil ? " is nil" : " has the wrong type"));
            }
            if (!r.Skip()) return std::nullopt;
            continue;
          }
          if (kind == Reader::Kind::kStr) {
            std::string_view s;
            if (!r.ReadStr(s)) return std::nullopt;
            if (!text::IsValidUtf8(s)) {
              fail(DecodeFailureReason::kWrongType, "feature " + names[i].substr(0, 40) + " is not valid UTF-8");
              continue;
            }
            values[i] = std::string(s);
            event.features.emplace_back(names[i], *values[i]);
          } else {
            double v = 0;
            if (!r.ReadNumber(v)) return std::nullopt;
            values[i] = v;  // NaN and infinities too: a repeat of one is refused as well
            if (!std::isfinite(v)) {
              fail(DecodeFailureReason::kNonFinite, "feature " + names[i].substr(0, 40) + " is not finite");
              continue;
            }
            event.features.emplace_back(names[i], v);
          }
        }
        previous = std::move(values);
        values_read = true;
        break;
      }
      case 3: {
        double prediction = -1;
        if (r.NextKind() != Reader::Kind::kInt) {
          fail(DecodeFailureReason::kWrongType, "prediction must be 0 or 1");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadNumber(prediction)) {
          return std::nullopt;
        } else if (prediction != 0 && prediction != 1) {
          fail(DecodeFailureReason::kWrongType, "prediction must be 0 or 1");
        } else {
          event.prediction = static_cast<int>(prediction);
        }
        break;
      }
      case 4: {
        double p = 0;
        const Reader::Kind kind = r.NextKind();
        if (kind != Reader::Kind::kInt && kind != Reader::Kind::kFloat) {
          fail(kind == Reader::Kind::kNil ? DecodeFailureReason::kNonFinite : DecodeFailureReason::kWrongType,
               "probability must be a number in [0, 1]");
          if (!r.Skip()) return std::nullopt;
        } else if (!r.ReadNumber(p)) {
          return std::nullopt;
        } else if (!std::isfinite(p)) {
          fail(DecodeFailureReason::kNonFinite, "probability is not finite");
        } else if (p < 0 || p > 1) {
          fail(DecodeFailureReason::kWrongType, "probability must be a number in [0, 1]");
        } else {
          event.probability = p;
        }
        break;
      }
      default: break;
    }
  }
  for (; field < fields; ++field) {
    if (!r.Skip()) return std::nullopt;  // later additions to the format
  }
  if (!values_read) previous.assign(names.size(), std::nullopt);
  if (failure) return DecodeResult(std::move(*failure));
  event.model_version = h.model_version;
  return DecodeResult(std::move(event));
}

// Little-endian, as pdex-events/3 stores its numbers.
std::uint64_t LittleEndian64(const char* p) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, p, sizeof bits);
  if constexpr (std::endian::native == std::endian::big) bits = __builtin_bswap64(bits);
  return bits;
}

// Event i of a pdex-events/3 batch; a refusal names the first field (in
// the order of pdex-events/2's) that is wrong.
DecodeResult ReadRow(const Header& h, std::size_t i, const std::vector<std::string>& names) {
  const std::vector<std::vector<std::string_view>>& labels = *h.labels;
  const std::size_t n = names.size();
  const char* const row = h.row_bytes.data() + i * (kRowFixedBytes + kRowValueBytes * n);
  const auto value_at = [](const char* p) { return std::bit_cast<double>(LittleEndian64(p)); };
  PredictionEvent event;
  event.event_id =
      EventIdOfBytes(std::span<const unsigned char, kEventIdBytes>(reinterpret_cast<const unsigned char*>(row), kEventIdBytes));
  // system_clock counts nanoseconds in 64 bits: about 1678 to 2262.
  constexpr std::int64_t kLimit = 9'200'000'000'000;
  const auto millis = static_cast<std::int64_t>(LittleEndian64(row + kRowTimestampAt));
  if (millis <= -kLimit || millis >= kLimit) return Refused(DecodeFailureReason::kBadTimestamp, "timestamp out of range");
  event.timestamp = Clock::time_point(std::chrono::milliseconds(millis));
  event.features.reserve(n);
  const char* value = row + kRowFixedBytes;
  for (std::size_t f = 0; f < n; ++f, value += kRowValueBytes) {
    const double v = value_at(value);
    if (!std::isfinite(v)) return Refused(DecodeFailureReason::kNonFinite, "feature " + names[f].substr(0, 40) + " is not finite");
    if (labels[f].empty()) {
      event.features.emplace_back(names[f], v);
      continue;
    }
    // A MessagePack array holds at most 2^32 - 1 labels.
    if (!IsLabelCode(v, static_cast<std::uint32_t>(labels[f].size()))) {
      return Refused(DecodeFailureReason::kWrongType, "feature " + names[f].substr(0, 40) + " has code " +
                                                          std::to_string(v) + ", not one of its " +
                                                          std::to_string(labels[f].size()) + " labels'");
    }
    event.features.emplace_back(names[f], std::string(labels[f][static_cast<std::size_t>(v)]));
  }
  const auto prediction = static_cast<unsigned char>(row[kRowPredictionAt]);
  if (prediction > 1) return Refused(DecodeFailureReason::kWrongType, "prediction must be 0 or 1");
  event.prediction = prediction;
  const double p = value_at(row + kRowProbabilityAt);
  if (!std::isfinite(p)) return Refused(DecodeFailureReason::kNonFinite, "probability is not finite");
  if (p < 0 || p > 1) return Refused(DecodeFailureReason::kWrongType, "probability must be a number in [0, 1]");
  event.probability = p;
  event.model_version = h.model_version;
  return event;
}

}  // namespace

bool IsEventBatch(std::string_view payload) {
  if (payload.empty()) return false;
  const auto first = static_cast<unsigned char>(payload.front());
  return (first & 0xf0) == 0x80 || first == 0xde || first == 0xdf;
}

EventBatchWriter::EventBatchWriter(EventSchema schema) : schema_(std::move(schema)) {
  if (schema_.model_version.empty()) throw std::invalid_argument("an event batch needs a model version");
  std::unordered_set<std::string_view> unique(schema_.feature_names.begin(), schema_.feature_names.end());
  if (unique.size() != schema_.feature_names.size()) throw std::invalid_argument("duplicate feature names");
  AppendWith(header_, kMaxHeaderBytes, [](char* p) { return PutMapHeader(p, 4); });
  AppendStr(header_, "format");
  AppendStr(header_, kBatchFormat);
  AppendStr(header_, "model_version");
  AppendStr(header_, schema_.model_version);
  AppendStr(header_, "features");
  AppendArrayHeader(header_, schema_.feature_names.size());
  for (const std::string& name : schema_.feature_names) AppendStr(header_, name);
  AppendStr(header_, "events");
}

namespace {

// Appends one packed event: [id, timestamp, [values...], prediction,
// probability], the values written by `put_values(p, valid)`, where
// valid(s) is s made valid UTF-8 (repaired: rare, ours are ASCII).
// text_count and text_bytes: how many strings the values hold, and their
// bytes, which bound what is written (a repair at most triples a string).
template <typename PutValues>
void AppendPacked(std::string& out, std::string_view event_id, std::chrono::system_clock::time_point timestamp,
                  std::size_t n, std::size_t text_count, std::size_t text_bytes, int prediction, double probability,
                  PutValues put_values) {
  // forward_list: nothing is allocated unless something is repaired, and
  // elements never move.
  std::forward_list<std::string> repaired;
  const auto valid = [&](std::string_view s) -> std::string_view {
    if (text::IsValidUtf8(s)) return s;
    return repaired.emplace_front(text::RepairUtf8(s));
  };
  const std::string_view id = valid(event_id);
  const std::size_t max_bytes = 3 * kMaxHeaderBytes + id.size() + (3 + n) * kMaxNumberBytes +
                                text_count * kMaxHeaderBytes + 3 * text_bytes;
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(timestamp.time_since_epoch());
  AppendWith(out, max_bytes, [&](char* p) {
    p = PutArrayHeader(p, 5);
    p = PutStr(p, id);
    p = PutInt(p, millis.count());
    p = PutArrayHeader(p, n);
    p = put_values(p, valid);
    p = PutInt(p, prediction);
    return PutNumber(p, probability);
  });
}

}  // namespace

void EventBatchWriter::AppendEvent(std::string& out, const EventView& event, std::string_view event_id,
                                   const EventView* previous) const {
  const std::size_t n = schema_.feature_names.size();
  if (event.features.size() != n || (previous != nullptr && previous->features.size() != n)) {
    throw std::invalid_argument("event has " + std::to_string(event.features.size()) + " features, its schema " +
                                std::to_string(n));
  }
  std::size_t text_count = 0, text_bytes = 0;
  for (const FeatureValueView& value : event.features) {
    if (const auto* text = std::get_if<std::string_view>(&value)) ++text_count, text_bytes += text->size();
  }
  AppendPacked(out, event_id, event.timestamp, n, text_count, text_bytes, event.prediction, event.probability,
               [&](char* p, const auto& valid) {
                 for (std::size_t i = 0; i < n; ++i) {
                   const FeatureValueView& value = event.features[i];
                   const double* number = std::get_if<double>(&value);
                   if (previous != nullptr) {
                     const FeatureValueView& before = previous->features[i];
                     const double* number_before = std::get_if<double>(&before);
                     const bool same =
                         number != nullptr
                             ? number_before != nullptr && std::bit_cast<std::uint64_t>(*number) ==
                                                               std::bit_cast<std::uint64_t>(*number_before)
                             : number_before == nullptr &&
                                   std::get<std::string_view>(value) == std::get<std::string_view>(before);
                     if (same) {
                       p = PutByte(p, 0xc0);
                       continue;
                     }
                   }
                   p = number != nullptr ? PutNumber(p, *number) : PutStr(p, valid(std::get<std::string_view>(value)));
                 }
                 return p;
               });
}

void EventBatchWriter::AppendEvent(std::string& out, const EventColumns& event, std::string_view event_id,
                                   const EventColumns* previous) const {
  const std::size_t n = schema_.feature_names.size();
  const auto fits = [n](const EventColumns& e) {
    return e.numbers.size() == n && e.texts.size() == n && e.categorical.size() == n;
  };
  const auto same_kinds = [&] {
    return previous->categorical.data() == event.categorical.data() ||
           std::equal(event.categorical.begin(), event.categorical.end(), previous->categorical.begin());
  };
  if (!fits(event) || (previous != nullptr && (!fits(*previous) || !same_kinds()))) {
    throw std::invalid_argument("event columns are not one per feature of the schema (" + std::to_string(n) +
                                "), or two events' kinds differ");
  }
  // Summed without a branch per feature: a number's text is not written,
  // so counting it only loosens the bound.
  std::size_t text_count = 0, text_bytes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    text_count += event.categorical[i] ? 1U : 0U;
    text_bytes += event.texts[i].size();
  }
  AppendPacked(out, event_id, event.timestamp, n, text_count, text_bytes, event.prediction, event.probability,
               [&](char* p, const auto& valid) {
                 for (std::size_t i = 0; i < n; ++i) {
                   if (event.categorical[i]) {
                     const std::string& text = event.texts[i];
                     p = previous != nullptr && previous->texts[i] == text ? PutByte(p, 0xc0) : PutStr(p, valid(text));
                   } else {
                     const double number = event.numbers[i];
                     const bool same = previous != nullptr && std::bit_cast<std::uint64_t>(previous->numbers[i]) ==
                                                                  std::bit_cast<std::uint64_t>(number);
                     p = same ? PutByte(p, 0xc0) : PutNumber(p, number);
                   }
                 }
                 return p;
               });
}

void EventBatchWriter::AppendBatch(std::string& out, std::size_t count, std::string_view packed_events) const {
  out.reserve(out.size() + header_.size() + kMaxHeaderBytes + packed_events.size());
  out += header_;
  AppendArrayHeader(out, count);
  out += packed_events;
}

void EventBatchWriter::StartBatch(std::string& out) const {
  out += header_;
  out.append(kBatchCountBytes, '\0');  // SealBatch writes the count here
}

void EventBatchWriter::SealBatch(std::string& out, std::size_t prefix_at, std::size_t count) const {
  if (prefix_at + BatchPrefixSize() > out.size() || count > 0xFFFFFFFFU) {
    throw std::invalid_argument("SealBatch: no batch prefix at " + std::to_string(prefix_at) + ", or too many events");
  }
  PutBigEndian(out.data() + prefix_at + header_.size(), 0xdd, static_cast<std::uint32_t>(count));
}

DecodedBatch DecodeEventBatch(std::string_view batch) {
  DecodedBatch result;
  Reader r(batch);
  Header header;
  if (auto failure = ReadHeader(r, header)) {
    result.failure = std::move(failure);
    return result;
  }
  const std::vector<std::string> names(header.features.begin(), header.features.end());
  result.events.reserve(header.events);
  if (header.rows) {
    for (std::size_t i = 0; i < header.events; ++i) result.events.push_back(ReadRow(header, i, names));
    if (!r.AtEnd()) {
      result.events.clear();
      result.failure = BadBatch(std::to_string(r.remaining()) + " bytes after the events");
    }
    return result;
  }
  std::vector<std::optional<FeatureValue>> previous(names.size());
  for (std::size_t i = 0; i < header.events; ++i) {
    std::optional<DecodeResult> event = ReadEvent(r, header, names, previous);
    if (!event) {
      result.events.clear();
      result.failure = BadBatch("event " + std::to_string(i) + " of " + std::to_string(header.events) +
                                " is malformed or truncated");
      return result;
    }
    result.events.push_back(std::move(*event));
  }
  if (!r.AtEnd()) {
    result.events.clear();
    result.failure = BadBatch(std::to_string(r.remaining()) + " bytes after the last event");
  }
  return result;
}

std::size_t EventBatchSize(std::string_view batch) {
  Reader r(batch);
  Header header;
  return ReadHeader(r, header) ? 0 : header.events;
}

}  // namespace pdex::events
