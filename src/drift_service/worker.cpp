#include "drift_service/worker.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "drift/analyzer.h"
#include "events/event_batch.h"
#include "events/event_codec.h"

namespace pdex::drift_service {
namespace {

// What a payload holds, by its header: a batch's count (0 when unreadable),
// or 1.
std::size_t EventsIn(std::string_view payload) {
  return events::IsEventBatch(payload) ? events::EventBatchSize(payload) : 1;
}

}  // namespace

DriftWorker::DriftWorker(const drift::Reference& reference, drift::DriftOptions options,
                         events::EventSource& source, report::ReportDirectory& reports, DriftMetrics& metrics,
                         logging::Logger& logger, WorkerOptions worker_options, Clock clock)
    : reference_(reference),
      options_(std::move(options)),
      source_(source),
      reports_(reports),
      metrics_(metrics),
      logger_(logger),
      worker_options_(worker_options),
      clock_(std::move(clock)),
      table_(reference),
      keep_reports_(worker_options.keep_reports) {
  auto archived = reports_.ArchivedEventIds();
  seen_.insert(archived.begin(), archived.end());
  last_report_ = clock_();
  if (!archived.empty()) {
    logger_.Log(logging::Level::kInfo, "archived event ids loaded", {{"events", archived.size()}});
  }
}

void DriftWorker::Accept(const events::ReceivedEvent& received, std::vector<std::string>& settled) {
  const std::string& delivery_id = received.delivery_id;
  // Our own open entry again (re-read after a reconnection, or claimed back
  // after claim_idle): its events are buffered, waiting or settled already,
  // and it stays pending until they are all settled.
  if (!delivery_id.empty() && open_entries_.contains(delivery_id)) return;
  Entry entry = delivery_id.empty() ? nullptr : &*open_entries_.try_emplace(delivery_id, 1).first;
  // The entry counts one unsettled event more while it is being taken, so
  // that it cannot be settled half-way.
  if (events::IsEventBatch(received.payload)) {
    events::DecodedBatch batch = events::DecodeEventBatch(received.payload);
    if (batch.failure) {
      metrics_.EventsConsumed(1);
      Refuse(events::ReasonLabel(batch.failure->reason), batch.failure->detail, delivery_id);
    } else {
      metrics_.EventsConsumed(batch.events.size());
      for (events::DecodeResult& decoded : batch.events) Take(std::move(decoded), entry, delivery_id);
    }
  } else {
    metrics_.EventsConsumed(1);
    Take(events::DecodeEvent(received.payload), entry, delivery_id);
  }
  if (entry != nullptr) Settle(entry, settled);
}

void DriftWorker::Take(events::DecodeResult decoded, Entry entry, std::string_view delivery_id) {
  if (auto* failure = std::get_if<events::DecodeFailure>(&decoded)) {
    Refuse(events::ReasonLabel(failure->reason), failure->detail, delivery_id);
    return;
  }
  auto& event = std::get<events::PredictionEvent>(decoded);
  if (!seen_.insert(event.event_id).second) {
    metrics_.EventDuplicate();
    return;
  }
  if (entry != nullptr) ++entry->second;
  waiting_.push_back(Waiting{std::move(event), entry});
}

void DriftWorker::Refuse(std::string_view reason, std::string_view detail, std::string_view delivery_id) {
  metrics_.EventInvalid(reason);
  if (logged_reasons_.insert(std::string(reason)).second) {
    logger_.Log(logging::Level::kWarn, "invalid event skipped (logged once per reason)",
                {{"reason", reason}, {"detail", detail}, {"delivery_id", delivery_id}});
  }
}

void DriftWorker::FillTable(std::vector<std::string>& settled) {
  while (table_.rows() < worker_options_.buffer_size) {
    if (waiting_.empty()) {
      if (unread_.empty()) return;
      const events::ReceivedEvent received = std::move(unread_.front());
      unread_.pop_front();
      unread_events_ -= std::min(unread_events_, EventsIn(received.payload));
      Accept(received, settled);
      continue;
    }
    Waiting& next = waiting_.front();
    if (const auto refusal = table_.Add(next.event)) {
      Refuse(*refusal, "", next.entry != nullptr ? std::string_view(next.entry->first) : std::string_view());
      seen_.erase(next.event.event_id);
      if (next.entry != nullptr) Settle(next.entry, settled);
    } else {
      row_entries_.push_back(next.entry);
    }
    waiting_.pop_front();
  }
}

void DriftWorker::Settle(Entry entry, std::vector<std::string>& settled) {
  if (--entry->second > 0) return;
  settled.push_back(entry->first);
  open_entries_.erase(entry->first);
}

void DriftWorker::AcknowledgeSettled(const std::vector<std::string>& settled) {
  if (settled.empty()) return;
  try {
    source_.Acknowledge(settled);
  } catch (const std::exception&) {
    // They come back and are settled again: duplicates and invalid events
    // are recognised every time.
    metrics_.SourceError();
  }
}

bool DriftWorker::ReportDue() const {
  if (table_.rows() == 0) return false;
  return table_.rows() >= worker_options_.buffer_size ||
         clock_() - last_report_ >= worker_options_.report_frequency;
}

bool DriftWorker::Poll() {
  std::vector<std::string> settled;
  FillTable(settled);
  AcknowledgeSettled(settled);
  settled.clear();
  // A full buffer whose report could not be written is not read beyond:
  // retry the report (Run backs off), without growing the batch.
  if (table_.rows() >= worker_options_.buffer_size) {
    if (!Flush()) throw ReportWriteError("drift report could not be written; the full buffer waits");
    return true;
  }
  if (waiting_.empty() && unread_.empty()) {
    // About as many entries as fill the room, judged by the largest entry
    // so far. Unread payloads stay encoded (some 190 bytes an event in a
    // batch), so overshooting the room costs little memory.
    const std::size_t room = worker_options_.buffer_size - table_.rows();
    const std::size_t entries =
        std::clamp<std::size_t>(room / std::max<std::size_t>(1, largest_entry_), 1, worker_options_.read_max);
    std::vector<events::ReceivedEvent> received;
    try {
      received = source_.Read(entries, worker_options_.read_wait);
    } catch (const std::exception&) {
      metrics_.SourceError();
      throw;
    }
    events_read_ += received.size();
    for (auto& event : received) {
      const std::size_t events = EventsIn(event.payload);
      largest_entry_ = std::max(largest_entry_, events);
      unread_events_ += events;
      unread_.push_back(std::move(event));
    }
    FillTable(settled);
  }
  metrics_.SetBuffered(buffered());
  AcknowledgeSettled(settled);
  RefreshPending();
  // Skipped empty windows still restart the clock.
  if (table_.rows() == 0 && clock_() - last_report_ >= worker_options_.report_frequency) last_report_ = clock_();
  if (!ReportDue()) return false;
  if (!Flush()) throw ReportWriteError("drift report could not be written; the batch stays buffered");
  return true;
}

bool DriftWorker::Flush() {
  if (table_.rows() == 0) return false;
  const auto started = std::chrono::steady_clock::now();
  drift::DriftReport report;
  try {
    report.result = drift::Analyze(reference_, table_.table(), options_);
    report.window_start = table_.first_timestamp();
    report.window_end = table_.last_timestamp();
    report.generated_at = clock_();
    report.event_count = table_.rows();
    report.model_version = table_.model_version();
    report.reference_path = reference_.source();
    reports_.Write(report, table_.table());
  } catch (const std::exception& e) {
    metrics_.ReportFailed();
    logger_.Log(logging::Level::kError, "drift report failed; the batch stays buffered",
                {{"error", e.what()}, {"events", table_.rows()}});
    return false;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<std::string> settled;
  for (const Entry entry : row_entries_) {
    if (entry != nullptr) Settle(entry, settled);
  }
  row_entries_.clear();
  try {
    source_.Acknowledge(settled);
  } catch (const std::exception& e) {
    // The events are archived; when they come back they are duplicates.
    metrics_.SourceError();
    logger_.Log(logging::Level::kWarn, "acknowledgement failed; re-delivered events will be skipped as duplicates",
                {{"error", e.what()}});
  }
  metrics_.ObserveReport(report, seconds);
  logger_.Log(logging::Level::kInfo, "drift report written",
              {{"events", report.event_count},
               {"dataset_drift", report.result.dataset.dataset_drift},
               {"drifted_columns", report.result.dataset.number_of_drifted_columns},
               {"columns", report.result.dataset.number_of_columns},
               {"seconds", seconds}});
  RememberBuffered();
  table_.Clear();
  metrics_.SetBuffered(buffered());
  last_report_ = clock_();
  return true;
}

void DriftWorker::RememberBuffered() {
  const parquet::Column& event_ids = table_.table().column("event_id");
  std::vector<std::string> ids;
  ids.reserve(event_ids.size());
  for (std::size_t row = 0; row < event_ids.size(); ++row) ids.emplace_back(event_ids.StringAt(row));
  seen_by_report_.push_back(std::move(ids));
  while (seen_by_report_.size() > keep_reports_) {
    for (const auto& id : seen_by_report_.front()) seen_.erase(id);
    seen_by_report_.pop_front();
  }
}

void DriftWorker::RefreshPending() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_pending_refresh_ < worker_options_.pending_refresh) return;
  last_pending_refresh_ = now;
  try {
    metrics_.SetPending(source_.Pending());
  } catch (const std::exception&) {
    metrics_.SourceError();
  }
}

void DriftWorker::Run(std::stop_token stop) {
  std::chrono::milliseconds backoff{0};
  bool failing = false;
  std::mutex mu;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    try {
      Poll();
      if (failing) logger_.Log(logging::Level::kInfo, "drift worker running again");
      failing = false;
      backoff = std::chrono::milliseconds{0};
    } catch (const std::exception& e) {
      // Flush logged report failures itself; transport failures are logged
      // here, once per outage.
      const bool report_failed = dynamic_cast<const ReportWriteError*>(&e) != nullptr;
      if (!failing && !report_failed) {
        logger_.Log(logging::Level::kWarn, "event queue unavailable; retrying", {{"error", e.what()}});
      }
      failing = true;
      backoff = std::clamp(backoff * 2, std::chrono::milliseconds{50}, worker_options_.max_backoff);
      std::unique_lock lock(mu);
      wake.wait_for(lock, stop, backoff, [] { return false; });
      // A report may be due even while the queue is down.
      if (!report_failed && ReportDue()) Flush();
    }
  }
  if (worker_options_.drain_on_stop) {
    try {
      while (true) {
        const std::size_t before = events_read_;
        const bool reported = Poll();
        if (!reported && events_read_ == before) break;
      }
    } catch (const std::exception& e) {
      logger_.Log(logging::Level::kWarn, "could not drain the event source at shutdown", {{"error", e.what()}});
    }
  }
  // Everything read, in reports of at most BUFFER_SIZE events.
  for (;;) {
    std::vector<std::string> settled;
    FillTable(settled);
    AcknowledgeSettled(settled);
    if (!Flush() || (waiting_.empty() && unread_.empty())) break;
  }
}

}  // namespace pdex::drift_service
