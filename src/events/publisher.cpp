#include "events/publisher.h"

#include <algorithm>
#include <array>
#include <exception>
#include <stdexcept>

#include "events/event_codec.h"

namespace pdex::events {

namespace {

// The view AppendJsonEvent takes: the event itself, or its columns' view
// (built in `values`).
const EventView& ViewForJson(const EventView& event, std::vector<FeatureValueView>&) { return event; }
EventView ViewForJson(const EventColumns& event, std::vector<FeatureValueView>& values) { return ViewOf(event, values); }

std::optional<EventBatchWriter> BatchWriterFor(const EventSchema& schema, EventFormat format) {
  if (format != EventFormat::kBatch) return std::nullopt;
  return EventBatchWriter(schema);
}

std::optional<EventRowsWriter> RowsWriterFor(const EventSchema& schema, EventFormat format) {
  if (format != EventFormat::kRows) return std::nullopt;
  return EventRowsWriter(schema);
}

}  // namespace

void PackOffers(const std::vector<std::uint32_t>& offer_ends, std::size_t batch_size,
                std::vector<std::size_t>& batch_ends) {
  batch_ends.clear();
  std::size_t start = 0, end = 0;
  for (const std::uint32_t offer_end : offer_ends) {
    if (offer_end - start > batch_size && end > start) {  // it does not fit: close the batch before it
      batch_ends.push_back(end);
      start = end;
    }
    end = offer_end;
  }
  if (end > start) batch_ends.push_back(end);
}

EventPublisher::EventPublisher(std::shared_ptr<EventSink> sink, EventSchema schema, PublisherOptions options,
                               prometheus::Registry& registry, logging::Logger& logger)
    : options_(options),
      sink_(std::move(sink)),
      schema_(std::move(schema)),
      batch_writer_(BatchWriterFor(schema_, options_.format)),
      rows_writer_(RowsWriterFor(schema_, options_.format)),
      framer_(batch_writer_ ? static_cast<const BatchFramer*>(&*batch_writer_)
                            : rows_writer_ ? static_cast<const BatchFramer*>(&*rows_writer_) : nullptr),
      prefix_size_(framer_ != nullptr ? framer_->BatchPrefixSize() : 0),
      logger_(logger),
      published_(prometheus::BuildCounter()
                     .Name("events_published_total")
                     .Help("Prediction events delivered to the event transport.")
                     .Register(registry)
                     .Add({})),
      dropped_(prometheus::BuildCounter()
                   .Name("events_dropped_total")
                   .Help("Prediction events dropped before delivery: queue full, or not delivered by shutdown.")
                   .Register(registry)),
      dropped_queue_full_(dropped_.Add({{"reason", "queue_full"}})),
      dropped_shutdown_(dropped_.Add({{"reason", "shutdown"}})),
      depth_(prometheus::BuildGauge()
                 .Name("event_queue_depth")
                 .Help("Prediction events waiting for the event transport, queued or being sent.")
                 .Register(registry)
                 .Add({})) {
  if (sink_ == nullptr) throw std::invalid_argument("EventPublisher needs a sink");
  if (options_.queue_capacity == 0 || options_.batch_size == 0) {
    throw std::invalid_argument("EventPublisher queue capacity and batch size must be at least 1");
  }
  if (options_.linger < std::chrono::milliseconds::zero()) {
    throw std::invalid_argument("EventPublisher linger must not be negative");
  }
  if (framer_ != nullptr) framer_->StartBatch(queued_);
  thread_ = std::thread([this] { Run(); });
}

EventPublisher::~EventPublisher() { Stop(Clock::now()); }

std::size_t EventPublisher::Offer(std::span<const EventView> events) { return EncodeAndQueue(events); }

std::size_t EventPublisher::Offer(std::span<const EventColumns> events) { return EncodeAndQueue(events); }

template <typename Event>
std::size_t EventPublisher::EncodeAndQueue(std::span<const Event> events) {
  if (options_.format == EventFormat::kRows) return QueueRows(events);
  // Encoded outside the lock, into buffers each thread keeps.
  thread_local std::string encoded;
  thread_local std::vector<std::uint32_t> ends;
  thread_local std::vector<FeatureValueView> values;  // columns' views, for JSON
  encoded.clear();
  ends.clear();
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::array<char, kEventIdLength> id;
    WriteNewEventId(id);
    const std::string_view event_id(id.data(), id.size());
    if (batch_writer_) {
      // An offer's events go in one batch (Frame and TakeQueued never split
      // them): each after the first repeats what it shares with the one before.
      batch_writer_->AppendEvent(encoded, events[i], event_id, i == 0 ? nullptr : &events[i - 1]);
    } else {
      AppendJsonEvent(encoded, schema_, ViewForJson(events[i], values), event_id);
    }
    ends.push_back(static_cast<std::uint32_t>(encoded.size()));
  }
  return Queue(encoded, ends);
}

std::size_t EventPublisher::Room(std::size_t count) const {
  if (stopping_) return 0;
  const std::size_t held = queued_ends_.size() + in_flight_;
  return held >= options_.queue_capacity ? 0 : std::min(count, options_.queue_capacity - held);
}

void EventPublisher::CountDropped(std::size_t count) {
  if (count == 0) return;
  (stopping_ ? dropped_shutdown_ : dropped_queue_full_).Increment(static_cast<double>(count));
}

void EventPublisher::Queued(std::size_t before) {
  // Read only when the linger starts (a clock read costs some 30 ns here).
  if (before == 0) first_offered_ = Clock::now();
  queued_offer_ends_.push_back(static_cast<std::uint32_t>(queued_ends_.size()));
  UpdateDepth();
  // The thread waits for the first event, then (lingering) for a full batch;
  // otherwise it is busy and will look again.
  if (before == 0 || (before < options_.batch_size && queued_ends_.size() >= options_.batch_size)) {
    wake_.notify_one();
  }
}

std::size_t EventPublisher::Queue(const std::string& encoded, const std::vector<std::uint32_t>& ends) {
  const std::lock_guard lock(mu_);
  const std::size_t accepted = Room(ends.size());
  CountDropped(ends.size() - accepted);
  if (accepted == 0) return 0;
  const std::size_t before = queued_ends_.size();
  const auto offset = static_cast<std::uint32_t>(queued_.size());
  queued_.append(encoded, 0, ends[accepted - 1]);
  for (std::size_t i = 0; i < accepted; ++i) queued_ends_.push_back(offset + ends[i]);
  Queued(before);
  return accepted;
}

template <typename Event>
std::size_t EventPublisher::QueueRows(std::span<const Event> events) {
  // The rows are written straight into the queue, under the lock: a row is
  // little more than a copy, and this way it is copied once. AppendRow
  // checks each before it writes it; the events beyond the room are checked
  // too, so that a bad event is refused whatever the room, with nothing
  // queued or counted.
  const std::lock_guard lock(mu_);
  const std::size_t accepted = Room(events.size());
  for (std::size_t i = accepted; i < events.size(); ++i) rows_writer_->Check(events[i]);
  const std::size_t before = queued_ends_.size();
  const std::size_t bytes_before = queued_.size();
  try {
    for (std::size_t i = 0; i < accepted; ++i) {
      std::array<unsigned char, kEventIdBytes> id;
      row_ids_.NextBytes(id);
      rows_writer_->AppendRow(queued_, events[i], id);
      queued_ends_.push_back(static_cast<std::uint32_t>(queued_.size()));
    }
  } catch (...) {  // a bad event, or std::bad_alloc: the queue stays as it was, the offer counted nowhere
    queued_.resize(bytes_before);
    queued_ends_.resize(before);
    throw;
  }
  CountDropped(events.size() - accepted);
  if (accepted == 0) return 0;
  Queued(before);
  return accepted;
}

void EventPublisher::Stop(Clock::time_point deadline) {
  {
    const std::lock_guard lock(mu_);
    if (!stopping_) {
      stopping_ = true;
      stop_deadline_ = deadline;
    }
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void EventPublisher::Run() {
  std::string sending;
  std::vector<std::uint32_t> ends;
  std::vector<std::string> payloads;
  std::vector<std::size_t> batch_ends;
  std::size_t dropped_at_stop = 0;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return !queued_ends_.empty() || stopping_; });
    if (queued_ends_.empty() || PastStopDeadline()) break;
    if (!stopping_ && queued_ends_.size() < options_.batch_size && options_.linger > Clock::duration::zero()) {
      // Offer notifies when the batch fills up; Stop, when it is called.
      wake_.wait_until(lock, first_offered_ + options_.linger,
                       [&] { return stopping_ || queued_ends_.size() >= options_.batch_size; });
      if (PastStopDeadline()) break;
    }
    // Whole batches while the linger runs (the rest keeps lingering), else
    // everything, each batch as one Send.
    PackOffers(queued_offer_ends_, options_.batch_size, batch_ends);
    std::size_t batches = batch_ends.size();
    if (!stopping_ && Clock::now() < first_offered_ + options_.linger && queued_ends_.size() >= options_.batch_size) {
      const std::size_t last_start = batches < 2 ? 0 : batch_ends[batches - 2];
      if (batch_ends.back() - last_start < options_.batch_size) --batches;  // the last one can still grow
    }
    batch_ends.resize(batches);
    TakeQueued(batch_ends.back(), sending, ends);
    in_flight_ = ends.size();
    for (std::size_t b = 0, first = 0; b < batch_ends.size(); ++b) {
      const std::size_t last = batch_ends[b];
      const std::size_t n = last - first;
      lock.unlock();
      const bool delivered = Deliver(Frame(sending, ends, first, last, payloads), lock);
      in_flight_ -= n;
      if (delivered) {
        published_.Increment(static_cast<double>(n));
        first = last;
        UpdateDepth();
        continue;
      }
      const std::size_t undelivered = n + (ends.size() - last);
      dropped_shutdown_.Increment(static_cast<double>(undelivered));
      dropped_at_stop += undelivered;
      in_flight_ = 0;
      UpdateDepth();
      break;
    }
  }
  dropped_at_stop += queued_ends_.size();
  dropped_shutdown_.Increment(static_cast<double>(queued_ends_.size()));
  queued_.resize(prefix_size_);
  queued_ends_.clear();
  queued_offer_ends_.clear();
  UpdateDepth();
  lock.unlock();
  if (dropped_at_stop > 0) {
    logger_.Log(logging::Level::kWarn, "event publisher stopped with undelivered events",
                {{"dropped", dropped_at_stop}});
  }
}

void EventPublisher::TakeQueued(std::size_t n, std::string& bytes, std::vector<std::uint32_t>& ends) {
  if (n == queued_ends_.size()) {  // the common case: swap, keeping both buffers' capacity
    bytes.swap(queued_);
    ends.swap(queued_ends_);
    queued_.clear();
    if (framer_ != nullptr) framer_->StartBatch(queued_);
    queued_ends_.clear();
    queued_offer_ends_.clear();
    return;
  }
  const std::uint32_t taken_bytes = queued_ends_[n - 1];
  bytes.assign(queued_, 0, taken_bytes);  // the prefix too
  ends.assign(queued_ends_.begin(), queued_ends_.begin() + static_cast<std::ptrdiff_t>(n));
  queued_.erase(prefix_size_, taken_bytes - prefix_size_);
  queued_ends_.erase(queued_ends_.begin(), queued_ends_.begin() + static_cast<std::ptrdiff_t>(n));
  for (std::uint32_t& end : queued_ends_) end -= static_cast<std::uint32_t>(taken_bytes - prefix_size_);
  // n is an offer's end (PackOffers' batches end at offers' ends).
  const auto offers_taken = std::upper_bound(queued_offer_ends_.begin(), queued_offer_ends_.end(), n);
  queued_offer_ends_.erase(queued_offer_ends_.begin(), offers_taken);
  for (std::uint32_t& end : queued_offer_ends_) end -= static_cast<std::uint32_t>(n);
  // The rest keeps the taken events' deadline (its own oldest came later):
  // it goes out within its linger, a little early at worst.
}

std::span<const std::string> EventPublisher::Frame(std::string& bytes, const std::vector<std::uint32_t>& ends,
                                                   std::size_t first, std::size_t last,
                                                   std::vector<std::string>& payloads) const {
  const auto start_of = [&](std::size_t i) -> std::size_t { return i == 0 ? prefix_size_ : ends[i - 1]; };
  if (framer_ != nullptr && first == 0 && last == ends.size()) {  // the common case: all of them
    framer_->SealBatch(bytes, 0, last);
    return {&bytes, 1};
  }
  const std::string_view all(bytes);
  if (framer_ != nullptr) {
    payloads.resize(1);
    payloads[0].clear();
    framer_->AppendBatch(payloads[0], last - first, all.substr(start_of(first), ends[last - 1] - start_of(first)));
    return payloads;
  }
  payloads.resize(last - first);
  for (std::size_t i = first; i < last; ++i) payloads[i - first].assign(all.substr(start_of(i), ends[i] - start_of(i)));
  return payloads;
}

bool EventPublisher::Deliver(std::span<const std::string> payloads, std::unique_lock<std::mutex>& lock) {
  std::chrono::milliseconds backoff = options_.initial_backoff;
  int failures = 0;
  Clock::time_point first_failure;
  for (;;) {
    std::string error;
    try {
      sink_->Send(payloads);
    } catch (const std::exception& e) {
      error = e.what();
    }
    const Clock::time_point now = Clock::now();
    if (error.empty()) {
      if (failures > 0) {
        logger_.Log(logging::Level::kInfo, "event sink recovered",
                    {{"failed_attempts", failures},
                     {"outage_seconds", std::chrono::duration<double>(now - first_failure).count()}});
      }
      lock.lock();
      return true;
    }
    if (failures++ == 0) {
      first_failure = now;
      logger_.Log(logging::Level::kWarn, "event sink failed; retrying with backoff",
                  {{"error", error}, {"batch", payloads.size()}});
    }
    const Clock::time_point retry_at = now + backoff;
    backoff = std::min(backoff * 2, options_.max_backoff);
    lock.lock();
    if (!WaitForRetry(retry_at, lock)) return false;
    lock.unlock();
  }
}

bool EventPublisher::WaitForRetry(Clock::time_point until, std::unique_lock<std::mutex>& lock) {
  for (;;) {
    if (PastStopDeadline()) return false;
    const Clock::time_point now = Clock::now();
    if (now >= until) return true;
    wake_.wait_until(lock, stopping_ ? std::min(until, stop_deadline_) : until);
  }
}

}  // namespace pdex::events
