#include "events/event.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <stdexcept>

namespace pdex::events {
namespace {

std::uint64_t RandomPrefix() {
  std::random_device device;
  const auto high = static_cast<std::uint64_t>(device());
  const auto low = static_cast<std::uint64_t>(device());
  return (high << 32) ^ low;
}

constexpr char kHexDigits[] = "0123456789abcdef";

void WriteHex(std::uint64_t value, char* out) {
  for (int i = 15; i >= 0; --i, value >>= 4) out[i] = kHexDigits[value & 0xF];
}

// Per thread, so that request threads share no counter: a random prefix
// drawn when the thread first asks, and the thread's own count. Both forms
// of an id share them.
thread_local EventIdSequence id_source;

}  // namespace

EventIdSequence::EventIdSequence() : prefix_(RandomPrefix()) { WriteHex(prefix_, prefix_hex_.data()); }

void EventIdSequence::Next(std::span<char, kEventIdLength> out) {
  std::memcpy(out.data(), prefix_hex_.data(), prefix_hex_.size());
  WriteHex(count_++, out.data() + 16);
}

void WriteNewEventId(std::span<char, kEventIdLength> out) { id_source.Next(out); }

void WriteNewEventIdBytes(std::span<unsigned char, kEventIdBytes> out) { id_source.NextBytes(out); }

std::string EventIdOfBytes(std::span<const unsigned char, kEventIdBytes> bytes) {
  std::string id(kEventIdLength, '0');
  for (std::size_t i = 0; i < kEventIdBytes; ++i) {
    id[2 * i] = kHexDigits[bytes[i] >> 4];
    id[2 * i + 1] = kHexDigits[bytes[i] & 0xF];
  }
  return id;
}

EventView ViewOf(const EventColumns& columns, std::vector<FeatureValueView>& values) {
  const std::size_t n = columns.categorical.size();
  if (columns.numbers.size() != n || columns.texts.size() != n) {
    throw std::invalid_argument("event columns of different sizes");
  }
  values.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (columns.categorical[i]) {
      values[i] = std::string_view(columns.texts[i]);
    } else {
      values[i] = columns.numbers[i];
    }
  }
  return EventView{columns.timestamp, values, columns.prediction, columns.probability};
}

std::string NewEventId() {
  std::string id(kEventIdLength, '0');
  WriteNewEventId(std::span<char, kEventIdLength>(id.data(), kEventIdLength));
  return id;
}

}  // namespace pdex::events
