#pragma once
// pdex-api's side of the events: a bounded queue and a background thread
// that sends batches to an EventSink, so a request never waits on Redis.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "events/event.h"
#include "events/event_sink.h"
#include "logging/logger.h"

namespace pdex::events {

struct PublisherOptions {
  // EVENT_QUEUE_CAPACITY: events held at once, queued or in the batch being
  // sent. At about 2 KB per event with 30 features, 100,000 is some 200 MB
  // when the sink is down for long.
  std::size_t queue_capacity = 100'000;
  std::size_t batch_size = 512;  // events per Send
  // The background thread sends once batch_size events are queued or the
  // oldest queued event has waited `linger`, whichever comes first, so that
  // under load batches are large (Redis spends far less per event in a long
  // pipeline) while a lone event still goes out within about `linger`.
  // Stop flushes without lingering. Zero: send as soon as anything is queued.
  std::chrono::milliseconds linger{5};
  // After a failed Send the same batch is retried after initial_backoff,
  // doubling up to max_backoff; back to initial_backoff after a success.
  std::chrono::milliseconds initial_backoff{50};
  std::chrono::milliseconds max_backoff{5000};
};

// Metrics, registered on the given registry:
//   events_published_total                          delivered to the sink
//   events_dropped_total{reason="queue_full"}       refused by Offer: queue full
//   events_dropped_total{reason="shutdown"}         offered after Stop, or undelivered at its deadline
//   event_queue_depth                               queued plus in flight
// Whenever the publisher is idle (nothing being offered or sent),
// offered = published + dropped (all reasons) + depth.
//
// Failure: a failed Send is logged once (with its error) and retried with
// backoff, and the recovery is logged once; events are only ever lost by the
// drops counted above.
//
// Thread safety: Offer from any number of threads; Stop and the destructor
// from the owner. The sink, registry and logger must outlive the publisher.
class EventPublisher {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts the background thread. The sink is shared so that the embedded
  // mode can give the same InProcessChannel to the drift worker; a
  // std::unique_ptr converts.
  EventPublisher(std::shared_ptr<EventSink> sink, PublisherOptions options, prometheus::Registry& registry,
                 logging::Logger& logger);
  // Stop(now): the batch in flight gets its current attempt, the rest is
  // dropped (reason shutdown). Call Stop with a deadline first to flush.
  ~EventPublisher();
  EventPublisher(const EventPublisher&) = delete;
  EventPublisher& operator=(const EventPublisher&) = delete;

  // Queues the event for the background thread; returns false when it is
  // dropped (queue full, or stopped). Never waits on the sink: it only takes
  // a mutex for a push, without I/O or encoding.
  bool Offer(PredictionEvent event);

  // Stops accepting events, keeps sending (and retrying) until everything is
  // delivered or `deadline` passes, then drops what is left (reason shutdown)
  // and joins the thread. Returns after the attempt in flight at the deadline
  // ends (the sink's Send is bounded). Later calls do nothing.
  void Stop(Clock::time_point deadline);

 private:
  void Run();
  // Sends, retrying with backoff, until success (true) or the stop deadline
  // passes (false). Called with `lock` released; returns with it held.
  bool Deliver(const std::vector<std::string>& payloads, std::unique_lock<std::mutex>& lock);
  // Waits until `until`; false when the stop deadline passes first.
  bool WaitForRetry(Clock::time_point until, std::unique_lock<std::mutex>& lock);
  bool PastStopDeadline() const { return stopping_ && Clock::now() >= stop_deadline_; }
  void UpdateDepth() { depth_.Set(static_cast<double>(queue_.size() + in_flight_)); }

  const std::shared_ptr<EventSink> sink_;
  const PublisherOptions options_;
  logging::Logger& logger_;
  prometheus::Counter& published_;
  prometheus::Family<prometheus::Counter>& dropped_;
  prometheus::Counter& dropped_queue_full_;
  prometheus::Counter& dropped_shutdown_;
  prometheus::Gauge& depth_;

  std::mutex mu_;
  std::condition_variable wake_;  // the background thread: first event queued, a full batch, or Stop
  struct Queued {
    PredictionEvent event;
    Clock::time_point offered;  // for the linger
  };
  std::deque<Queued> queue_;
  std::size_t in_flight_ = 0;  // events in the batch being sent
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  std::thread thread_;
};

}  // namespace pdex::events
