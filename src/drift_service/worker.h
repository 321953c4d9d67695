// The drift worker: reads prediction events from an EventSource, buffers the
// valid ones, and every BUFFER_SIZE events or REPORT_FREQUENCY seconds
// (whichever comes first; empty windows are skipped) writes a report and the
// batch's archive, then acknowledges the batch. The same code runs inside
// pdex-drift (Redis) and inside pdex-api in embedded mode (in-process queue).
//
// Delivery: at-least-once from the source; events are acknowledged only
// after the report and archive holding them are on disk, and duplicates are
// dropped by event_id (including events archived before a restart, read
// back from the archives at start-up). Invalid events are counted, logged
// once per reason, and acknowledged so that they never block the queue.
//
// Thread safety: Run (or Poll/Flush) on one thread; RequestStop from any.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <set>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <unordered_set>
#include <vector>

#include "drift/column_config.h"
#include "drift/reference.h"
#include "drift_service/drift_metrics.h"
#include "drift_service/event_table.h"
#include "events/event_source.h"
#include "logging/logger.h"
#include "report/report_directory.h"

namespace pdex::drift_service {

// A report (or its archive) could not be written; the batch stays buffered
// and is reported again after a backoff.
class ReportWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WorkerOptions {
  std::size_t buffer_size = 1000;                 // BUFFER_SIZE
  std::chrono::seconds report_frequency{3600};    // REPORT_FREQUENCY
  std::size_t read_max = 1000;                    // events per read
  std::chrono::milliseconds read_wait{500};       // how long a read may block
  std::chrono::milliseconds max_backoff{5000};    // after transport failures
  std::chrono::seconds pending_refresh{5};        // drift_queue_pending updates
  // Reports whose event ids are remembered for de-duplication: the
  // directory's retention (KEEP_REPORTS).
  std::size_t keep_reports = report::kDefaultKeepReports;
  // On stop, first read what the source still holds (the embedded mode's
  // closed in-process channel, which answers at once), so that the last
  // report has every event. Off for Redis, whose backlog stays queued.
  bool drain_on_stop = false;
};

class DriftWorker {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // Every reference must outlive the worker. Reads the archived event ids in
  // `reports` (so re-delivered events are not archived twice).
  DriftWorker(const drift::Reference& reference, drift::DriftOptions options, events::EventSource& source,
              report::ReportDirectory& reports, DriftMetrics& metrics, logging::Logger& logger,
              WorkerOptions worker_options, Clock clock = std::chrono::system_clock::now);

  // Polls until `stop` is requested, backing off after transport failures,
  // then (drain_on_stop) reads what is left, and writes a last report of
  // what is buffered (the SIGTERM flush).
  void Run(std::stop_token stop);

  // One read (waiting at most read_wait; none while the buffer is full) and
  // a report if one is due. Returns true when a report was written.
  // Transport failures are counted and rethrown; a report that could not be
  // written throws ReportWriteError (the batch stays buffered). Run backs
  // off after either.
  bool Poll();
  // Writes a report of what is buffered now; false when nothing is buffered
  // or the report could not be written (the batch stays buffered).
  bool Flush();

  std::size_t buffered() const { return table_.rows(); }

 private:
  void Accept(const events::ReceivedEvent& received, std::vector<std::string>& settled);
  bool ReportDue() const;
  // Keeps the buffered rows' event ids (read from the table) among the
  // seen ones for the retention window.
  void RememberBuffered();
  void RefreshPending();

  const drift::Reference& reference_;
  drift::DriftOptions options_;
  events::EventSource& source_;
  report::ReportDirectory& reports_;
  DriftMetrics& metrics_;
  logging::Logger& logger_;
  WorkerOptions worker_options_;
  Clock clock_;

  EventTableBuilder table_;
  // Delivery ids of the buffered rows (none for the in-process channel),
  // acknowledged after the next report.
  std::unordered_set<std::string> buffered_deliveries_;
  // Event ids archived (or buffered): the archives' at start-up, then each
  // report's, forgotten again as reports leave the retention window.
  std::unordered_set<std::string> seen_;
  std::deque<std::vector<std::string>> seen_by_report_;
  std::set<std::string, std::less<>> logged_reasons_;
  std::chrono::system_clock::time_point last_report_;
  std::chrono::steady_clock::time_point last_pending_refresh_{};
  std::size_t keep_reports_;
  std::size_t events_read_ = 0;  // events read so far
};

}  // namespace pdex::drift_service
