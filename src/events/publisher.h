#pragma once
// pdex-api's side of the events: a bounded queue and a background thread
// that sends batches to an EventSink, so a request never waits on Redis.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "events/event.h"
#include "events/event_batch.h"
#include "events/event_rows.h"
#include "events/event_sink.h"
#include "logging/logger.h"

namespace pdex::events {

// How the publisher hands events to its sink.
enum class EventFormat {
  kJson,   // one JSON document per event (events/event_codec.h), one payload each
  kBatch,  // one MessagePack batch (events/event_batch.h) per Send, as one payload
  // The same in rows (pdex-events/3, events/event_rows.h): the cheapest to
  // write, but the schema must list its categorical features' labels.
  kRows,
};

struct PublisherOptions {
  EventFormat format = EventFormat::kBatch;
  // EVENT_QUEUE_CAPACITY: events held at once, queued or being sent. Events
  // are held encoded: with pdex-api's 38 features 337 bytes each as rows,
  // about 140 as a batch (repeats included), 1 KB as JSON, so 100,000 is
  // some 34 MB (14 MB, 100 MB) when the sink is down for long.
  std::size_t queue_capacity = 100'000;
  // Events per Send, at most: a batch holds whole offers (an offer's events
  // go together, for its repeats), so one offer of more events than this
  // goes alone in a larger batch.
  std::size_t batch_size = 4096;
  // The background thread sends once batch_size events are queued or the
  // oldest queued event has waited `linger`, whichever comes first, so that
  // under load batches are large (Redis spends far less per event in a long
  // pipeline, and each Send costs the sender more than its bytes: in
  // bench/publish_overhead.sh a linger of 5 ms cost pdex-api about 2 points
  // of throughput more than one of 50 ms; 250 ms, where batches fill up to
  // batch_size first, measured within the noise of 50 ms) while a lone
  // event still goes out within about `linger`. Stop flushes without
  // lingering. Zero: send as soon as anything is queued.
  std::chrono::milliseconds linger{250};
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
// The batches whole offers make: greedily, as many offers as fit in
// batch_size events, an offer bigger than that alone. offer_ends: each
// offer's end (an event count, increasing); batch_ends gets each batch's.
void PackOffers(const std::vector<std::uint32_t>& offer_ends, std::size_t batch_size,
                std::vector<std::size_t>& batch_ends);

class EventPublisher {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts the background thread. The sink is shared so that the embedded
  // mode can give the same InProcessChannel to the drift worker; a
  // std::unique_ptr converts. `schema` names the features of every offered
  // event. Throws std::invalid_argument on a null sink, a zero capacity or
  // batch size, a negative linger, or (kBatch, kRows) an empty model
  // version or duplicate feature names, or (kRows) labels that are not one
  // list per feature (EventRowsWriter).
  EventPublisher(std::shared_ptr<EventSink> sink, EventSchema schema, PublisherOptions options,
                 prometheus::Registry& registry, logging::Logger& logger);
  // Stop(now): the batch in flight gets its current attempt, the rest is
  // dropped (reason shutdown). Call Stop with a deadline first to flush.
  ~EventPublisher();
  EventPublisher(const EventPublisher&) = delete;
  EventPublisher& operator=(const EventPublisher&) = delete;

  // Gives the event a new id (as NewEventId draws them), encodes it in the
  // caller's thread (no allocation once the thread has encoded one) and
  // queues the bytes for the background thread; returns false when it is
  // dropped (queue full, or stopped). Never waits on the sink: it only
  // takes a mutex to append the bytes (kRows: to write the rows, a copy
  // each).
  // Throws std::invalid_argument when the event has another number of
  // features than the schema, or (kRows) a categorical value that is none
  // of its labels (EventRowsWriter).
  bool Offer(const EventView& event) { return Offer(std::span<const EventView>(&event, 1)) == 1; }
  // The same for several events under one lock, in order; returns how many
  // were queued (the rest were dropped and counted).
  std::size_t Offer(std::span<const EventView> events);
  // The same for events as columns (encoded without building their views
  // in the batch format). Throws std::invalid_argument when an event's
  // columns are not one per feature of the schema.
  std::size_t Offer(std::span<const EventColumns> events);

  // Stops accepting events, keeps sending (and retrying) until everything is
  // delivered or `deadline` passes, then drops what is left (reason shutdown)
  // and joins the thread. Returns after the attempt in flight at the deadline
  // ends (the sink's Send is bounded). Later calls do nothing.
  void Stop(Clock::time_point deadline);

 private:
  void Run();
  // Sends, retrying with backoff, until success (true) or the stop deadline
  // passes (false). Called with `lock` released; returns with it held.
  bool Deliver(std::span<const std::string> payloads, std::unique_lock<std::mutex>& lock);
  // Moves the first n (>= 1) queued events, n an offer's end, to `bytes`
  // and `ends`.
  void TakeQueued(std::size_t n, std::string& bytes, std::vector<std::uint32_t>& ends);
  // The sink's payloads for events [first, last) of `bytes` (ends[i]: where
  // event i ends), built in `payloads`; or, for a batch of all of them,
  // `bytes` itself, sealed in place (no copy).
  std::span<const std::string> Frame(std::string& bytes, const std::vector<std::uint32_t>& ends, std::size_t first,
                                     std::size_t last, std::vector<std::string>& payloads) const;
  // Waits until `until`; false when the stop deadline passes first.
  bool WaitForRetry(Clock::time_point until, std::unique_lock<std::mutex>& lock);
  // Both Offers: encodes `events` (EventView or EventColumns) in the
  // caller's thread, then Queue.
  template <typename Event>
  std::size_t EncodeAndQueue(std::span<const Event> events);
  // Queues the `ends.size()` events of `encoded` (ends[i]: where event i
  // ends), as one offer, as many as the capacity allows; the rest are
  // dropped and counted. Returns how many were queued.
  std::size_t Queue(const std::string& encoded, const std::vector<std::uint32_t>& ends);
  // The same for kRows, writing each row straight into the queue.
  template <typename Event>
  std::size_t QueueRows(std::span<const Event> events);
  // With mu_ held: how many of an offer's `count` events the queue takes
  // (none once stopping).
  std::size_t Room(std::size_t count) const;
  // With mu_ held: counts `count` events of an offer as dropped, for the
  // reason shutdown once stopping, else queue full.
  void CountDropped(std::size_t count);
  // With mu_ held, after an offer's events were queued from index `before`
  // on: closes the offer, starts the linger, wakes the thread if it waits.
  void Queued(std::size_t before);
  bool PastStopDeadline() const { return stopping_ && Clock::now() >= stop_deadline_; }
  void UpdateDepth() { depth_.Set(static_cast<double>(queued_ends_.size() + in_flight_)); }

  // First, together, what an Offer touches: the options, the lock, the
  // queue and, for kRows, the ids.
  const PublisherOptions options_;
  std::mutex mu_;
  bool stopping_ = false;
  std::size_t in_flight_ = 0;  // events taken by the background thread, not yet delivered or dropped
  // The queued events, encoded back to back after prefix_size_ bytes: event
  // i ends at queued_ends_[i].
  std::string queued_;
  std::vector<std::uint32_t> queued_ends_;
  // Where each queued offer ends: its last event's index + 1.
  std::vector<std::uint32_t> queued_offer_ends_;
  // When the oldest queued event was offered, for the linger (after a partial
  // take: of the oldest taken, so the rest is never sent late).
  Clock::time_point first_offered_{};
  EventIdSequence row_ids_;  // kRows: the rows' ids, drawn under mu_

  const std::shared_ptr<EventSink> sink_;
  const EventSchema schema_;
  const std::optional<EventBatchWriter> batch_writer_;  // for kBatch
  const std::optional<EventRowsWriter> rows_writer_;    // for kRows
  const BatchFramer* const framer_;                     // the one of those two, or null (kJson)
  // kBatch, kRows: queued_ (and a taken batch) starts with the batch prefix
  // (BatchFramer::StartBatch), so that a batch goes out without a copy.
  const std::size_t prefix_size_;
  logging::Logger& logger_;
  prometheus::Counter& published_;
  prometheus::Family<prometheus::Counter>& dropped_;
  prometheus::Counter& dropped_queue_full_;
  prometheus::Counter& dropped_shutdown_;
  prometheus::Gauge& depth_;

  std::condition_variable wake_;  // the background thread: first event queued, a full batch, or Stop
  Clock::time_point stop_deadline_{};
  std::thread thread_;
};

}  // namespace pdex::events
