#pragma once
// Where pdex-api's events go: Redis or the in-process channel.
#include <span>
#include <string>

#include "events/transport_error.h"

namespace pdex::events {

// Thread safety: implementations say; EventPublisher calls Send from its one
// background thread.
class EventSink {
 public:
  virtual ~EventSink() = default;

  // Delivers every payload (encoded events), in order, or throws
  // TransportError. A throw means some may have been delivered: the caller
  // retries the whole batch and consumers dedupe by event_id. Bounded in
  // time (connect and command timeouts, or the channel's stall timeout).
  virtual void Send(std::span<const std::string> payloads) = 0;
};

}  // namespace pdex::events
