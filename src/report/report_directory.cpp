#include "report/report_directory.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <tuple>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "report/html_report.h"
#include "text/utc_time.h"

namespace pdex::report {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kReportPrefix = "drift_report_";
constexpr std::string_view kEventsPrefix = "predictions_";
constexpr std::string_view kIndexFile = "index.html";
constexpr std::string_view kLatestFile = "latest.json";
constexpr std::string_view kLockFile = ".pdex-reports.lock";
constexpr std::string_view kTempMarker = ".tmp-";

std::string HtmlName(std::string_view id) { return std::string(kReportPrefix) + std::string(id) + ".html"; }
std::string JsonName(std::string_view id) { return std::string(kReportPrefix) + std::string(id) + ".json"; }
std::string ParquetName(std::string_view id) { return std::string(kEventsPrefix) + std::string(id) + ".parquet"; }

// "20261126T101500Z" from 2026-11-26T10:15:00Z.
std::string BasicUtc(std::chrono::system_clock::time_point t) {
  std::string id;
  for (const char c : text::FormatUtc(t)) {
    if (c != '-' && c != ':') id += c;
  }
  return id;
}

// The "-N" sequence of a well-formed id (1 without suffix), or nullopt for
// anything else: "YYYYMMDDTHHMMSSZ" then optionally "-N", N >= 2.
std::optional<unsigned> IdSequence(std::string_view id) {
  if (id.size() < 16) return std::nullopt;
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = id[i];
    const bool ok = i == 8 ? c == 'T' : i == 15 ? c == 'Z' : (c >= '0' && c <= '9');
    if (!ok) return std::nullopt;
  }
  if (id.size() == 16) return 1;
  const std::string_view suffix = id.substr(16);
  if (suffix.size() < 2 || suffix.size() > 10 || suffix[0] != '-' || suffix[1] == '0') return std::nullopt;
  unsigned sequence = 0;
  for (const char c : suffix.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    sequence = sequence * 10 + static_cast<unsigned>(c - '0');
  }
  if (sequence < 2) return std::nullopt;
  return sequence;
}

// The id in `name` = prefix + id + extension, if well-formed.
std::optional<std::string> IdIn(std::string_view name, std::string_view prefix, std::string_view extension) {
  if (name.size() <= prefix.size() + extension.size() || !name.starts_with(prefix) || !name.ends_with(extension)) {
    return std::nullopt;
  }
  const std::string_view id = name.substr(prefix.size(), name.size() - prefix.size() - extension.size());
  if (!IdSequence(id)) return std::nullopt;
  return std::string(id);
}

// ".<one of our files>.tmp-<random>", as AtomicWrite and the Parquet writer
// name their temporary files.
bool IsTemporaryFile(std::string_view name) {
  if (!name.starts_with('.') || name.find(kTempMarker) == std::string_view::npos) return false;
  const std::string_view target = name.substr(1);
  return target.starts_with(kReportPrefix) || target.starts_with(kEventsPrefix) || target.starts_with(kIndexFile) ||
         target.starts_with(kLatestFile);
}

std::string ErrnoText() { return std::strerror(errno); }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReportError("cannot open " + path.string() + ": " + ErrnoText());
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw ReportError("cannot read " + path.string());
  return std::move(content).str();
}

// Writes `content` to `path` through a temporary file in the same directory,
// synced before the rename. Throws ReportError; the temporary file is gone
// either way.
void AtomicWrite(const fs::path& path, std::string_view content) {
  std::random_device random;
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, "%08x", random());
  const fs::path temp = path.parent_path() / ("." + path.filename().string() + std::string(kTempMarker) + suffix);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw ReportError("cannot write " + path.string() + ": cannot create " + temp.string() + ": " + ErrnoText());
  std::string error;
  while (!content.empty() && error.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = "write failed: " + ErrnoText();
    } else {
      content.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  if (error.empty() && ::fsync(fd) != 0) error = "fsync failed: " + ErrnoText();
  if (::close(fd) != 0 && error.empty()) error = "close failed: " + ErrnoText();
  if (error.empty() && ::rename(temp.c_str(), path.c_str()) != 0) error = "rename failed: " + ErrnoText();
  if (!error.empty()) {
    ::unlink(temp.c_str());
    throw ReportError("cannot write " + path.string() + ": " + error);
  }
}

// Makes the directory's entries (the renames) durable.
void SyncDirectory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw ReportError("cannot open " + directory.string() + ": " + ErrnoText());
  const int status = ::fsync(fd);
  const std::string error = status != 0 ? ErrnoText() : "";
  ::close(fd);
  if (status != 0) throw ReportError("cannot sync " + directory.string() + ": " + error);
}

// The names of the directory's entries. Throws ReportError.
std::vector<std::string> EntryNames(const fs::path& directory) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) throw ReportError("cannot list reports directory " + directory.string() + ": " + ec.message());
  return names;
}

bool Exists(const fs::path& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

}  // namespace

// Holds the directory's exclusive flock for its lifetime.
class ReportDirectory::Lock {
 public:
  Lock(int fd, const fs::path& directory) : fd_(fd) {
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        throw ReportError("cannot lock reports directory " + directory.string() + ": " + ErrnoText());
      }
    }
  }
  ~Lock() { ::flock(fd_, LOCK_UN); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  int fd_;
};

ReportDirectory::ReportDirectory(fs::path directory, std::size_t keep_reports, logging::Logger& logger)
    : directory_(std::move(directory)), keep_reports_(keep_reports), logger_(logger) {
  if (keep_reports_ == 0) throw ReportError("keep_reports must be at least 1");
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec || !fs::is_directory(directory_)) {
    throw ReportError("cannot create reports directory " + directory_.string() + ": " +
                      (ec ? ec.message() : std::string("not a directory")));
  }
  const fs::path lock_path = directory_ / kLockFile;
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) {
    throw ReportError("reports directory " + directory_.string() + " is not writable: cannot open " +
                      lock_path.string() + ": " + ErrnoText());
  }
  try {
    Lock lock(lock_fd_, directory_);
    RemoveLeftovers();
    Refresh();
    ApplyRetention();
    PublishIndex();
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

ReportDirectory::~ReportDirectory() { ::close(lock_fd_); }

void ReportDirectory::RemoveLeftovers() {
  const std::vector<std::string> names = EntryNames(directory_);
  const std::set<std::string> present(names.begin(), names.end());
  for (const std::string& name : names) {
    std::optional<std::string> id = IdIn(name, kReportPrefix, ".html");
    if (!id) id = IdIn(name, kEventsPrefix, ".parquet");
    std::string_view why;
    if (IsTemporaryFile(name)) {
      why = "temporary file of an interrupted write";
    } else if (id && !present.contains(JsonName(*id))) {
      why = "file of an incomplete report (its JSON is missing)";
    } else {
      continue;
    }
    const fs::path path = directory_ / name;
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) {
      logger_.Log(logging::Level::kWarn, "cannot remove a leftover report file",
                  {{"file", path.string()}, {"reason", why}, {"error", ec.message()}});
    } else {
      logger_.Log(logging::Level::kInfo, "removed a leftover report file", {{"file", path.string()}, {"reason", why}});
    }
  }
}

void ReportDirectory::Refresh() {
  std::set<std::string> seen_ids, seen_unreadable;
  for (const std::string& name : EntryNames(directory_)) {
    if (!name.starts_with(kReportPrefix) || !name.ends_with(".json")) continue;
    const std::optional<std::string> id = IdIn(name, kReportPrefix, ".json");
    if (!id || unreadable_.contains(name)) {
      if (!unreadable_.contains(name)) {
        logger_.Log(logging::Level::kWarn, "ignoring a file not named like a drift report",
                    {{"file", (directory_ / name).string()}});
      }
      seen_unreadable.insert(name);
      continue;
    }
    seen_ids.insert(*id);
    if (reports_.contains(*id)) continue;
    try {
      ReportSummary summary = ParseSummary(ReadFile(directory_ / name));
      summary.id = *id;
      reports_.emplace(*id, std::move(summary));
    } catch (const ReportError& e) {
      logger_.Log(logging::Level::kWarn, "ignoring an unreadable drift report",
                  {{"file", (directory_ / name).string()}, {"error", e.what()}});
      seen_ids.erase(*id);
      seen_unreadable.insert(name);
    }
  }
  std::erase_if(reports_, [&](const auto& entry) { return !seen_ids.contains(entry.first); });
  unreadable_ = std::move(seen_unreadable);
}

std::vector<const ReportSummary*> ReportDirectory::NewestFirst() const {
  std::vector<const ReportSummary*> order;
  for (const auto& [id, summary] : reports_) order.push_back(&summary);
  const auto key = [](const ReportSummary* s) {
    return std::make_tuple(s->generated_at, IdSequence(s->id).value_or(0), std::string_view(s->id));
  };
  std::sort(order.begin(), order.end(), [&](const ReportSummary* a, const ReportSummary* b) { return key(a) > key(b); });
  return order;
}

std::vector<std::string> ReportDirectory::ApplyRetention() {
  const std::vector<const ReportSummary*> order = NewestFirst();
  std::vector<std::string> expired;
  for (std::size_t i = order.size(); i > keep_reports_; --i) expired.push_back(order[i - 1]->id);
  for (const std::string& id : expired) {
    // The JSON first: without it the report is no longer listed, and the
    // other files are an incomplete report that the next start-up removes.
    for (const std::string& name : {JsonName(id), ParquetName(id), HtmlName(id)}) {
      std::error_code ec;
      fs::remove(directory_ / name, ec);
      if (ec) {
        logger_.Log(logging::Level::kWarn, "cannot delete an expired report file",
                    {{"file", (directory_ / name).string()}, {"error", ec.message()}});
      }
    }
    reports_.erase(id);
  }
  return expired;
}

void ReportDirectory::PublishIndex() {
  std::vector<IndexRow> rows;
  for (const ReportSummary* summary : NewestFirst()) {
    rows.push_back({*summary, HtmlName(summary->id), JsonName(summary->id), ParquetName(summary->id)});
  }
  AtomicWrite(directory_ / kIndexFile, RenderIndexHtml(rows));
  const fs::path latest = directory_ / kLatestFile;
  if (rows.empty()) {
    std::error_code ec;
    fs::remove(latest, ec);
  } else {
    AtomicWrite(latest, ReadFile(directory_ / rows.front().json_file));
  }
  SyncDirectory(directory_);
}

std::string ReportDirectory::FreeId(std::string_view base) const {
  constexpr unsigned kMaxSequence = 100000;
  for (unsigned sequence = 1; sequence <= kMaxSequence; ++sequence) {
    const std::string id = sequence == 1 ? std::string(base) : std::string(base) + "-" + std::to_string(sequence);
    if (!reports_.contains(id) && !Exists(directory_ / JsonName(id)) && !Exists(directory_ / HtmlName(id)) &&
        !Exists(directory_ / ParquetName(id))) {
      return id;
    }
  }
  throw ReportError("no free report name for " + std::string(base) + " in " + directory_.string());
}

WrittenReport ReportDirectory::Write(const drift::DriftReport& report, const parquet::Table& events) {
  const std::string json = RenderJson(report);
  const std::string html = RenderHtml(report);
  ReportSummary summary = ParseSummary(json);

  const Lock lock(lock_fd_, directory_);
  Refresh();
  WrittenReport written;
  written.id = FreeId(BasicUtc(report.generated_at));
  written.parquet = directory_ / ParquetName(written.id);
  written.html = directory_ / HtmlName(written.id);
  written.json = directory_ / JsonName(written.id);
  try {
    parquet::WriteTable(written.parquet.string(), events);
    AtomicWrite(written.html, html);
    AtomicWrite(written.json, json);  // last: the report is complete
    SyncDirectory(directory_);
  } catch (const std::exception& e) {
    for (const fs::path& path : {written.json, written.html, written.parquet}) {
      std::error_code ec;
      fs::remove(path, ec);
    }
    throw ReportError("cannot write drift report " + written.id + " in " + directory_.string() + ": " + e.what());
  }

  summary.id = written.id;
  reports_.insert_or_assign(written.id, std::move(summary));
  written.expired_ids = ApplyRetention();
  std::reverse(written.expired_ids.begin(), written.expired_ids.end());
  try {
    PublishIndex();
  } catch (const ReportError& e) {
    // The report itself is complete; the next Write or start-up lists it.
    logger_.Log(logging::Level::kError, "cannot update the reports index",
                {{"directory", directory_.string()}, {"error", e.what()}});
  }
  return written;
}

std::unordered_set<std::string> ReportDirectory::ArchivedEventIds() const {
  std::unordered_set<std::string> ids;
  const std::vector<std::string> names = EntryNames(directory_);
  const std::set<std::string> present(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::optional<std::string> id = IdIn(name, kEventsPrefix, ".parquet");
    if (!id || !present.contains(JsonName(*id))) continue;
    const fs::path path = directory_ / name;
    try {
      const parquet::FileReader reader = parquet::FileReader::Open(path.string());
      const parquet::Table table = reader.ReadAll(reader.ColumnIndices({"event_id"}));
      const parquet::Column& column = table.column(0);
      const parquet::TypeKind kind = column.type().kind;
      if (kind != parquet::TypeKind::kString && kind != parquet::TypeKind::kBinary) {
        throw parquet::ParquetError("event_id is " + parquet::TypeName(column.type()) + ", not a string");
      }
      for (std::size_t row = 0; row < column.size(); ++row) {
        if (!column.IsNull(row)) ids.emplace(column.StringAt(row));
      }
    } catch (const parquet::ParquetError& e) {
      logger_.Log(logging::Level::kWarn, "cannot read archived events", {{"file", path.string()}, {"error", e.what()}});
    }
  }
  return ids;
}

std::vector<ReportSummary> ReportDirectory::List() const {
  std::vector<ReportSummary> list;
  for (const ReportSummary* summary : NewestFirst()) list.push_back(*summary);
  return list;
}

}  // namespace pdex::report
