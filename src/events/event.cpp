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

void WriteHex(std::uint64_t value, char* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 0xF];
}

}  // namespace

void WriteNewEventId(std::span<char, kEventIdLength> out) {
  // Per thread, so that request threads share no counter: a random prefix
  // drawn when the thread first asks, and the thread's own count.
  thread_local const std::array<char, 16> prefix = [] {
    std::array<char, 16> hex;
    WriteHex(RandomPrefix(), hex.data());
    return hex;
  }();
  thread_local std::uint64_t counter = 0;
  std::memcpy(out.data(), prefix.data(), prefix.size());
  WriteHex(counter++, out.data() + 16);
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
