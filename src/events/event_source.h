#pragma once
// Where pdex-drift's events come from: Redis or the in-process channel.
#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "events/transport_error.h"

namespace pdex::events {

struct ReceivedEvent {
  // What Acknowledge takes back (a stream entry id); empty when the
  // transport has nothing to acknowledge.
  std::string delivery_id;
  // The encoded event; empty when the transport's entry carried none (the
  // consumer counts it invalid and still acknowledges it).
  std::string payload;
};

// Thread safety: implementations say; the drift worker uses its source from
// one thread.
class EventSource {
 public:
  virtual ~EventSource() = default;

  // Up to `max` events, waiting at most about `wait` when none is available
  // (an empty result is normal). Throws TransportError on transport failure;
  // the caller backs off and calls again.
  virtual std::vector<ReceivedEvent> Read(std::size_t max, std::chrono::milliseconds wait) = 0;

  // The events are safely stored: the transport may forget them. Unknown or
  // already acknowledged ids are ignored. Throws TransportError.
  virtual void Acknowledge(std::span<const std::string> delivery_ids) = 0;

  // Events delivered but not yet acknowledged (for the drift_queue_pending
  // gauge): a snapshot, best effort. Throws TransportError.
  virtual std::size_t Pending() = 0;
};

}  // namespace pdex::events
