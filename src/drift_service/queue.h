// The configured transport's ends: what pdex-drift reads from and what
// pdex-api's publisher sends to, when Redis is configured.
#pragma once

#include <memory>

#include "drift_service/config.h"
#include "events/event_sink.h"
#include "events/event_source.h"

namespace pdex::drift_service {

// Requires queue.redis. Connects lazily: a Redis that is down at start-up is
// retried by the caller's backoff, not a start-up error.
std::unique_ptr<events::EventSource> OpenEventSource(const QueueConfig& queue);
std::unique_ptr<events::EventSink> OpenEventSink(const QueueConfig& queue);

}  // namespace pdex::drift_service
