#include "events/event.h"

#include <atomic>
#include <cstdint>
#include <random>

namespace pdex::events {
namespace {

std::uint64_t RandomProcessPrefix() {
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

std::string NewEventId() {
  static const std::uint64_t prefix = RandomProcessPrefix();
  static std::atomic<std::uint64_t> counter{0};
  std::string id(32, '0');
  WriteHex(prefix, id.data());
  WriteHex(counter.fetch_add(1, std::memory_order_relaxed), id.data() + 16);
  return id;
}

}  // namespace pdex::events
