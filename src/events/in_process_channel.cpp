#include "events/in_process_channel.h"

#include <algorithm>
#include <stdexcept>

namespace pdex::events {

InProcessChannel::InProcessChannel(std::size_t capacity, std::chrono::milliseconds stall_timeout)
    : capacity_(capacity), stall_timeout_(stall_timeout) {
  if (capacity_ == 0) throw std::invalid_argument("InProcessChannel capacity must be at least 1");
}

void InProcessChannel::Send(std::span<const std::string> payloads) {
  std::unique_lock lock(mu_);
  for (const std::string& payload : payloads) {
    const bool has_room =
        not_full_.wait_for(lock, stall_timeout_, [&] { return closed_ || queue_.size() < capacity_; });
    if (closed_) throw TransportError("in-process event channel is closed");
    if (!has_room) {
      throw TransportError("in-process event channel full for " + std::to_string(stall_timeout_.count()) +
                           " ms: the drift worker is not reading");
    }
    const bool was_empty = queue_.empty();
    queue_.push_back(payload);
    if (was_empty) not_empty_.notify_all();
  }
}

std::vector<ReceivedEvent> InProcessChannel::Read(std::size_t max, std::chrono::milliseconds wait) {
  std::vector<ReceivedEvent> events;
  if (max == 0) return events;
  std::unique_lock lock(mu_);
  not_empty_.wait_for(lock, wait, [&] { return closed_ || !queue_.empty(); });
  const std::size_t n = std::min(max, queue_.size());
  events.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    events.push_back(ReceivedEvent{{}, std::move(queue_.front())});
    queue_.pop_front();
  }
  if (n > 0) not_full_.notify_all();
  return events;
}

void InProcessChannel::Close() {
  {
    const std::lock_guard lock(mu_);
    closed_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

}  // namespace pdex::events
