// The drift worker: reads prediction events from an EventSource, buffers the
// valid ones, and every BUFFER_SIZE events or REPORT_FREQUENCY seconds
// (whichever comes first; empty windows are skipped) writes a report and the
// batch's archive, then acknowledges the batch. The same code runs inside
// pdex-drift (Redis) and inside pdex-api in embedded mode (in-process queue).
//
// A payload is one JSON event or a batch of events (events/event_batch.h);
// payloads are decoded one at a time as the buffer has room, and a batch's
// events taken one by one: the rest wait in memory for the next report, so
// every report holds at most BUFFER_SIZE events.
//
// Delivery: at-least-once from the source; an entry is acknowledged only
// once every event it carried is settled: in a report and archive on disk,
// or refused. Duplicates are dropped by event_id (including events archived
// before a restart, read back from the archives at start-up). Invalid
// events are counted, logged once per reason, and settled so that they
// never block the queue.
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
#include "events/event_codec.h"
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

  // Events read and not yet reported: in the table, or waiting for room
  // (decoded, or in payloads not decoded yet).
  std::size_t buffered() const { return table_.rows() + waiting_.size() + unread_events_; }

 private:
  // Delivery id -> events of that entry not yet settled. Node addresses are
  // stable, so rows and waiting events point at their entry.
  using OpenEntries = std::unordered_map<std::string, std::size_t>;
  using Entry = OpenEntries::value_type*;  // null: nothing to acknowledge (in-process channel)
  struct Waiting {
    events::PredictionEvent event;
    Entry entry;
  };

  void Accept(const events::ReceivedEvent& received, std::vector<std::string>& settled);
  void Take(events::DecodeResult decoded, Entry entry, std::string_view delivery_id);
  void Refuse(std::string_view reason, std::string_view detail, std::string_view delivery_id);
  // Moves waiting events into the table while it has room, decoding the
  // next unread payload whenever none is waiting.
  void FillTable(std::vector<std::string>& settled);
  // One of the entry's events is settled; the entry's id goes to `settled`
  // with its last one.
  void Settle(Entry entry, std::vector<std::string>& settled);
  void AcknowledgeSettled(const std::vector<std::string>& settled);
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
  std::vector<Entry> row_entries_;  // the entry of each table row
  std::deque<Waiting> waiting_;     // decoded, checked, not yet in the table
  std::deque<events::ReceivedEvent> unread_;  // read, not yet decoded
  std::size_t unread_events_ = 0;             // events in unread_
  OpenEntries open_entries_;
  // Events in the largest entry read so far (0: none read yet), to size
  // reads so that they about fill the buffer's room.
  std::size_t largest_entry_ = 0;
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
