// The reports directory the drift service writes and nginx serves: per
// report `drift_report_<id>.html`, `drift_report_<id>.json` and
// `predictions_<id>.parquet` (the batch's events), plus `index.html` (every
// retained report, newest first) and `latest.json` (a copy of the newest
// report's JSON).
//
// <id> is generated_at in basic ISO-8601, "20261126T101500Z", with "-2",
// "-3", ... appended when that name is taken (two reports in one second, or
// two writers sharing the directory).
//
// Every file appears complete under its final name: it is written to a
// temporary name in the same directory (".<name>.tmp-<random>"), synced,
// then renamed. A report is complete once its JSON exists, which is written
// last; a report's other files without its JSON are the remains of a crash.
//
// Thread safety: an instance is used by one thread at a time. Several
// processes may share a directory: every change (Write, and the start-up
// cleanup) holds an exclusive flock on ".pdex-reports.lock" in it, so
// writers take turns; readers (nginx, browsers, other programs) need no lock
// and only ever see complete files.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "drift/result.h"
#include "logging/logger.h"
#include "parquet/table.h"
#include "report/json_report.h"

namespace pdex::report {

// A week of hourly reports.
inline constexpr std::size_t kDefaultKeepReports = 168;

struct WrittenReport {
  std::string id;
  std::filesystem::path html;
  std::filesystem::path json;
  std::filesystem::path parquet;
  // Reports deleted by retention while writing this one, oldest first.
  std::vector<std::string> expired_ids;
};

class ReportDirectory {
 public:
  // Opens `directory`, creating it if missing. Under the directory lock:
  // removes leftover temporary files and incomplete reports, reads every
  // `drift_report_*.json` (unreadable or misnamed ones are logged to
  // `logger` and left out of the index), applies retention, and rewrites
  // index.html and latest.json. Throws ReportError naming the directory when
  // it cannot be created or is not writable. `keep_reports` must be >= 1.
  // `logger` must outlive the instance.
  explicit ReportDirectory(std::filesystem::path directory, std::size_t keep_reports = kDefaultKeepReports,
                           logging::Logger& logger = logging::Default());
  ReportDirectory(const ReportDirectory&) = delete;
  ReportDirectory& operator=(const ReportDirectory&) = delete;
  ~ReportDirectory();

  // Writes the events as Parquet (as they are), the report's HTML, then its
  // JSON; deletes the reports beyond the newest `keep_reports`; rewrites
  // index.html and latest.json, picking up reports other writers added.
  // When the report's own files cannot be written, throws ReportError and
  // removes what it wrote (the index and the other reports are unchanged;
  // what cannot be removed goes at the next start-up). A failure to update
  // the index or to delete expired files is logged, not thrown: the report
  // itself is complete and listed at the next Write or start-up.
  WrittenReport Write(const drift::DriftReport& report, const parquet::Table& events);

  // The event ids archived in the Parquet files of every complete report
  // (nulls skipped), so that events re-delivered after a crash are not
  // archived twice. A file that cannot be read is logged and skipped.
  std::unordered_set<std::string> ArchivedEventIds() const;

  // The retained reports, newest first (generated_at, then the "-N" suffix),
  // as of construction or the last Write.
  std::vector<ReportSummary> List() const;

  const std::filesystem::path& path() const { return directory_; }

 private:
  class Lock;

  // Re-reads the directory's report JSONs: new ones are parsed (or logged
  // once as unreadable), vanished ones dropped.
  void Refresh();
  void RemoveLeftovers();
  std::vector<std::string> ApplyRetention();
  void PublishIndex();
  std::string FreeId(std::string_view base) const;
  std::vector<const ReportSummary*> NewestFirst() const;

  std::filesystem::path directory_;
  std::size_t keep_reports_;
  logging::Logger& logger_;
  int lock_fd_ = -1;
  std::map<std::string, ReportSummary> reports_;  // by id
  std::set<std::string> unreadable_;              // JSON file names already logged
};

}  // namespace pdex::report
