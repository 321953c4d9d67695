#include "events/publisher.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "events/event_codec.h"

namespace pdex::events {

EventPublisher::EventPublisher(std::shared_ptr<EventSink> sink, PublisherOptions options,
                               prometheus::Registry& registry, logging::Logger& logger)
    : sink_(std::move(sink)),
      options_(options),
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
  thread_ = std::thread([this] { Run(); });
}

EventPublisher::~EventPublisher() { Stop(Clock::now()); }

bool EventPublisher::Offer(PredictionEvent event) {
  const Clock::time_point now = Clock::now();  // outside the lock
  const std::lock_guard lock(mu_);
  if (stopping_) {
    dropped_shutdown_.Increment();
    return false;
  }
  if (queue_.size() + in_flight_ >= options_.queue_capacity) {
    dropped_queue_full_.Increment();
    return false;
  }
  queue_.push_back(Queued{std::move(event), now});
  UpdateDepth();
  // The thread waits for the first event, then (lingering) for a full batch;
  // otherwise it is busy and will look again.
  if (queue_.size() == 1 || queue_.size() == options_.batch_size) wake_.notify_one();
  return true;
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
  std::vector<std::string> payloads;
  std::vector<PredictionEvent> batch;
  std::size_t dropped_at_stop = 0;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty() || PastStopDeadline()) break;
    if (!stopping_ && queue_.size() < options_.batch_size && options_.linger > Clock::duration::zero()) {
      // Offer notifies when the batch fills up; Stop, when it is called.
      wake_.wait_until(lock, queue_.front().offered + options_.linger,
                       [&] { return stopping_ || queue_.size() >= options_.batch_size; });
      if (PastStopDeadline()) break;
    }
    const std::size_t n = std::min(queue_.size(), options_.batch_size);
    const auto batch_end = queue_.begin() + static_cast<std::ptrdiff_t>(n);
    batch.clear();
    for (auto it = queue_.begin(); it != batch_end; ++it) batch.push_back(std::move(it->event));
    queue_.erase(queue_.begin(), batch_end);
    in_flight_ = n;
    lock.unlock();
    payloads.clear();
    for (const PredictionEvent& event : batch) payloads.push_back(EncodeEvent(event));
    batch.clear();
    const bool delivered = Deliver(payloads, lock);
    if (delivered) {
      published_.Increment(static_cast<double>(n));
    } else {
      dropped_shutdown_.Increment(static_cast<double>(n));
      dropped_at_stop += n;
    }
    in_flight_ = 0;
    UpdateDepth();
  }
  dropped_at_stop += queue_.size();
  dropped_shutdown_.Increment(static_cast<double>(queue_.size()));
  queue_.clear();
  UpdateDepth();
  lock.unlock();
  if (dropped_at_stop > 0) {
    logger_.Log(logging::Level::kWarn, "event publisher stopped with undelivered events",
                {{"dropped", dropped_at_stop}});
  }
}

bool EventPublisher::Deliver(const std::vector<std::string>& payloads, std::unique_lock<std::mutex>& lock) {
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
