#pragma once
// The embedded mode's transport: a bounded in-memory queue between the
// publisher and a drift worker thread in the same process.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "events/event_sink.h"
#include "events/event_source.h"

namespace pdex::events {

// A bounded FIFO of payloads, both sink and source; share one instance
// (std::shared_ptr) between EventPublisher and the worker.
//
// Nothing survives a crash or restart, so there is nothing to acknowledge:
// Acknowledge does nothing, Pending is 0, and delivery ids are empty.
//
// Thread safety: all methods are thread-safe, any number of senders and
// readers.
class InProcessChannel final : public EventSink, public EventSource {
 public:
  // Holds up to `capacity` (>= 1) payloads. Send throws TransportError when
  // the channel stays full for `stall_timeout` with no reader taking
  // anything, so a sender (and its shutdown deadline) never waits on a stuck
  // reader forever.
  explicit InProcessChannel(std::size_t capacity,
                            std::chrono::milliseconds stall_timeout = std::chrono::seconds(1));

  // Queues each payload in order, waiting while the channel is full. Throws
  // TransportError when closed (before or during the call) or stalled; the
  // payloads queued before the throw stay queued.
  void Send(std::span<const std::string> payloads) override;

  // Waits up to `wait` for a payload, then returns up to `max` of them. After
  // Close, returns what is left without waiting, then nothing.
  std::vector<ReceivedEvent> Read(std::size_t max, std::chrono::milliseconds wait) override;
  void Acknowledge(std::span<const std::string> /*delivery_ids*/) override {}
  std::size_t Pending() override { return 0; }

  // Refuses further Sends and wakes every waiting sender and reader.
  // Idempotent.
  void Close();

 private:
  const std::size_t capacity_;
  const std::chrono::milliseconds stall_timeout_;
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::string> queue_;
  bool closed_ = false;
};

}  // namespace pdex::events
