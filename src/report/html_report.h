// The drift report as one self-contained HTML page, and the index page that
// lists the reports of a directory.
//
// The pages make no network request at all (no CDN, fonts, images, styles or
// scripts by URL; a Content-Security-Policy forbids them too), use no
// JavaScript, and read well without it: CSS in a <style> element, <details>
// for the per-column sections, plots drawn as inline SVG. Every string that
// came from events or files is escaped with HtmlEscape. Pure functions;
// thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drift/result.h"
#include "report/json_report.h"

namespace pdex::report {

// Escapes text for HTML element content and quoted attribute values:
// & < > " ' become character references. Invalid UTF-8 bytes and control
// characters other than tab, line feed and carriage return become U+FFFD,
// so the page is always valid UTF-8.
std::string HtmlEscape(std::string_view text);

// The order in which the report lists columns, most drifted first:
//   1. drifted columns before the others;
//   2. then by the score normalised by its threshold, so that p-value tests
//      and distances compare on one scale where 1 is the verdict boundary and
//      larger means more drifted: threshold / score for p-values (score 0 is
//      infinitely drifted), score / threshold for distances (the score
//      itself when the threshold is 0);
//   3. columns without a score (NaN: no values) last;
//   4. ties keep the given order.
// Returns indices into `columns`.
std::vector<std::size_t> MostDriftedFirst(std::span<const drift::ColumnDrift> columns);

std::string RenderHtml(const drift::DriftReport& report);

// One line of the index: a report's summary and its files' names, relative
// to the index page.
struct IndexRow {
  ReportSummary summary;
  std::string html_file;
  std::string json_file;
  std::string parquet_file;
};

// The index page: the newest report's verdict, then a table of every report
// in the order given (newest first), with its verdict, drifted / total
// columns, event count, window and links to its files.
std::string RenderIndexHtml(std::span<const IndexRow> newest_first);

}  // namespace pdex::report
