#include "events/event_rows.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "events/msgpack.h"

namespace pdex::events {
namespace {

using namespace msgpack;  // this library's own primitives (events/msgpack.h)

// Little-endian, as the format says, whatever the host's order.
char* PutLittleEndian(char* p, std::uint64_t bits) {
  if constexpr (std::endian::native == std::endian::big) bits = __builtin_bswap64(bits);
  std::memcpy(p, &bits, sizeof bits);
  return p + sizeof bits;
}
char* PutLittleEndian(char* p, double value) { return PutLittleEndian(p, std::bit_cast<std::uint64_t>(value)); }

// The row's fixed part, kRowFixedBytes at `row`.
void PutRowStart(char* row, std::span<const unsigned char, kEventIdBytes> event_id,
                 std::chrono::system_clock::time_point timestamp, int prediction, double probability) {
  std::memcpy(row, event_id.data(), kEventIdBytes);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(timestamp.time_since_epoch());
  PutLittleEndian(row + kRowTimestampAt, static_cast<std::uint64_t>(static_cast<std::int64_t>(millis.count())));
  row[kRowPredictionAt] = static_cast<char>(prediction == 1 ? 1 : 0);
  PutLittleEndian(row + kRowProbabilityAt, probability);
}

}  // namespace

EventRowsWriter::EventRowsWriter(EventSchema schema) : schema_(std::move(schema)) {
  const std::size_t n = schema_.feature_names.size();
  if (schema_.model_version.empty()) throw std::invalid_argument("an event batch needs a model version");
  const std::unordered_set<std::string_view> unique(schema_.feature_names.begin(), schema_.feature_names.end());
  if (unique.size() != n) throw std::invalid_argument("duplicate feature names");
  if (schema_.labels.empty()) schema_.labels.resize(n);
  if (schema_.labels.size() != n) {
    throw std::invalid_argument("the schema has " + std::to_string(schema_.labels.size()) + " label lists for " +
                                std::to_string(n) + " features");
  }
  row_bytes_ = kRowFixedBytes + kRowValueBytes * n;
  codes_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<std::string>& labels = schema_.labels[i];
    if (labels.empty()) continue;
    if (labels.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw std::invalid_argument("feature " + schema_.feature_names[i] + " has more labels than codes can name");
    }
    categorical_.push_back({i, static_cast<std::uint32_t>(labels.size())});
    for (std::size_t code = 0; code < labels.size(); ++code) {
      codes_[i].try_emplace(labels[code], static_cast<double>(code));  // a repeated label reads as its first code
    }
  }
  AppendWith(header_, kMaxHeaderBytes, [](char* p) { return PutMapHeader(p, 5); });
  AppendStr(header_, "format");
  AppendStr(header_, kRowsFormat);
  AppendStr(header_, "model_version");
  AppendStr(header_, schema_.model_version);
  AppendStr(header_, "features");
  AppendArrayHeader(header_, n);
  for (const std::string& name : schema_.feature_names) AppendStr(header_, name);
  AppendStr(header_, "labels");
  AppendArrayHeader(header_, n);
  for (const std::vector<std::string>& labels : schema_.labels) {
    if (labels.empty()) {
      AppendWith(header_, 1, [](char* p) { return PutByte(p, 0xc0); });
      continue;
    }
    AppendArrayHeader(header_, labels.size());
    for (const std::string& label : labels) AppendStr(header_, label);
  }
  AppendStr(header_, "events");
}

void EventRowsWriter::Check(const EventColumns& event) const {
  const std::size_t n = schema_.feature_names.size();
  if (event.numbers.size() != n || event.texts.size() != n || event.categorical.size() != n) {
    throw std::invalid_argument("event columns are not one per feature of the schema (" + std::to_string(n) + ")");
  }
  for (const Categorical& c : categorical_) {
    const double code = event.numbers[c.feature];
    if (!IsLabelCode(code, c.label_count)) {
      throw std::invalid_argument("feature " + schema_.feature_names[c.feature] + ": " + std::to_string(code) +
                                  " is not one of its " + std::to_string(c.label_count) + " codes");
    }
  }
}

void EventRowsWriter::CheckSizes(const EventView& event) const {
  const std::size_t n = schema_.feature_names.size();
  if (event.features.size() != n) {
    throw std::invalid_argument("event has " + std::to_string(event.features.size()) + " features, its schema " +
                                std::to_string(n));
  }
}

void EventRowsWriter::Check(const EventView& event) const {
  CheckSizes(event);
  for (std::size_t i = 0; i < event.features.size(); ++i) (void)ValueOf(i, event.features[i]);
}

double EventRowsWriter::ValueOf(std::size_t i, const FeatureValueView& value) const {
  const auto* text = std::get_if<std::string_view>(&value);
  if (codes_[i].empty()) {
    if (text != nullptr) throw std::invalid_argument("feature " + schema_.feature_names[i] + " is numerical");
    return std::get<double>(value);
  }
  if (text == nullptr) throw std::invalid_argument("feature " + schema_.feature_names[i] + " is categorical");
  const auto code = codes_[i].find(std::string(*text));
  if (code == codes_[i].end()) {
    throw std::invalid_argument("feature " + schema_.feature_names[i] + " has no label \"" +
                                std::string(text->substr(0, 40)) + "\"");
  }
  return code->second;
}

void EventRowsWriter::AppendRow(std::string& out, const EventColumns& event,
                                std::span<const unsigned char, kEventIdBytes> event_id) const {
  Check(event);
  // Appended, not resized and overwritten: a resize would first zero the bytes.
  std::array<char, kRowFixedBytes> start;
  PutRowStart(start.data(), event_id, event.timestamp, event.prediction, event.probability);
  out.append(start.data(), start.size());
  if constexpr (std::endian::native == std::endian::little) {
    out.append(reinterpret_cast<const char*>(event.numbers.data()), kRowValueBytes * event.numbers.size());  // a copy
  } else {
    for (const double number : event.numbers) {
      std::array<char, kRowValueBytes> bytes;
      PutLittleEndian(bytes.data(), number);
      out.append(bytes.data(), bytes.size());
    }
  }
}

void EventRowsWriter::AppendRow(std::string& out, const EventView& event,
                                std::span<const unsigned char, kEventIdBytes> event_id) const {
  CheckSizes(event);
  const std::size_t before = out.size();
  std::array<char, kRowFixedBytes> start;
  PutRowStart(start.data(), event_id, event.timestamp, event.prediction, event.probability);
  out.append(start.data(), start.size());
  try {
    for (std::size_t i = 0; i < event.features.size(); ++i) {
      std::array<char, kRowValueBytes> bytes;
      PutLittleEndian(bytes.data(), ValueOf(i, event.features[i]));
      out.append(bytes.data(), bytes.size());
    }
  } catch (...) {
    out.resize(before);
    throw;
  }
}

void EventRowsWriter::AppendBatch(std::string& out, std::size_t count, std::string_view rows) const {
  if (rows.size() != count * row_bytes_) {
    throw std::invalid_argument("AppendBatch: " + std::to_string(rows.size()) + " bytes are not " +
                                std::to_string(count) + " rows");
  }
  const std::size_t start = out.size();
  out.reserve(start + BatchPrefixSize() + rows.size());
  StartBatch(out);
  out += rows;
  SealBatch(out, start, count);
}

void EventRowsWriter::StartBatch(std::string& out) const {
  out += header_;
  out.append(kBinHeaderBytes, '\0');  // SealBatch writes the bin's size here
}

void EventRowsWriter::SealBatch(std::string& out, std::size_t prefix_at, std::size_t count) const {
  if (prefix_at + BatchPrefixSize() > out.size() || count * row_bytes_ > 0xFFFFFFFFU) {
    throw std::invalid_argument("SealBatch: no batch prefix at " + std::to_string(prefix_at) + ", or too many events");
  }
  PutBigEndian(out.data() + prefix_at + header_.size(), 0xc6, static_cast<std::uint32_t>(count * row_bytes_));
}

}  // namespace pdex::events
