#include "drift_service/worker.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "drift/analyzer.h"
#include "events/event_codec.h"

namespace pdex::drift_service {

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
  events::DecodeResult decoded = events::DecodeEvent(received.payload);
  std::optional<std::string_view> refusal;
  std::string detail;
  const auto* event = std::get_if<events::PredictionEvent>(&decoded);
  if (event == nullptr) {
    const auto& failure = std::get<events::DecodeFailure>(decoded);
    refusal = events::ReasonLabel(failure.reason);
    detail = failure.detail;
  } else if (seen_.contains(event->event_id)) {
    // Our own buffered entry again (claimed back after claim_idle): it stays
    // pending until its report is written.
    if (buffered_deliveries_.contains(received.delivery_id)) return;
    metrics_.EventDuplicate();
    settled.push_back(received.delivery_id);
    return;
  } else {
    refusal = table_.Add(*event);
  }
  if (refusal) {
    metrics_.EventInvalid(*refusal);
    if (logged_reasons_.insert(std::string(*refusal)).second) {
      logger_.Log(logging::Level::kWarn, "invalid event skipped (logged once per reason)",
                  {{"reason", *refusal}, {"detail", detail}, {"delivery_id", received.delivery_id}});
    }
    settled.push_back(received.delivery_id);
    return;
  }
  seen_.insert(event->event_id);
  if (!received.delivery_id.empty()) buffered_deliveries_.insert(received.delivery_id);
}

bool DriftWorker::ReportDue() const {
  if (table_.rows() == 0) return false;
  return table_.rows() >= worker_options_.buffer_size ||
         clock_() - last_report_ >= worker_options_.report_frequency;
}

bool DriftWorker::Poll() {
  // A full buffer whose report could not be written is not read beyond:
  // retry the report (Run backs off), without growing the batch.
  if (table_.rows() >= worker_options_.buffer_size) {
    if (!Flush()) throw ReportWriteError("drift report could not be written; the full buffer waits");
    return true;
  }
  const std::size_t room = worker_options_.buffer_size - table_.rows();
  std::vector<events::ReceivedEvent> received;
  try {
    received = source_.Read(std::min(worker_options_.read_max, room), worker_options_.read_wait);
  } catch (const std::exception&) {
    metrics_.SourceError();
    throw;
  }
  metrics_.EventsConsumed(received.size());
  events_read_ += received.size();
  std::vector<std::string> settled;
  for (const auto& event : received) Accept(event, settled);
  metrics_.SetBuffered(table_.rows());
  if (!settled.empty()) {
    try {
      source_.Acknowledge(settled);
    } catch (const std::exception&) {
      // They come back and are settled again: duplicates and invalid events
      // are recognised every time.
      metrics_.SourceError();
    }
  }
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
  try {
    const std::vector<std::string> deliveries(buffered_deliveries_.begin(), buffered_deliveries_.end());
    source_.Acknowledge(deliveries);
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
  buffered_deliveries_.clear();
  table_.Clear();
  metrics_.SetBuffered(0);
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
  Flush();
}

}  // namespace pdex::drift_service
