#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "text/utc_time.h"

namespace pdex::report {

namespace {

using std::chrono::system_clock;

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Length of the well-formed UTF-8 sequence starting at text[i] (a byte
// >= 0x80), or 0 when it is not one: no overlongs, surrogates or code points
// above U+10FFFF.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < second_min || byte(i + 1) > second_max) return 0;
  for (std::size_t k = i + 2; k < i + length; ++k) {
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  }
  return length;
}

// At most `max_code_points` code points of `text`, with "…" when cut.
std::string Shorten(std::string_view text, std::size_t max_code_points) {
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80 && c <= 0xBF) continue;  // continuation byte
    if (code_points == max_code_points) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
    ++code_points;
  }
  return std::string(text);
}

// Percent-encodes everything but unreserved characters, for a relative href.
std::string UrlPathEscape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// --- Numbers and times as shown ------------------------------------------

std::string Significant(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

// A score or threshold; "—" when there is none (NaN).
std::string ScoreText(double value) { return std::isnan(value) ? "\xE2\x80\x94" : Significant(value); }

std::string PercentText(double share) {
  if (!std::isfinite(share)) return "\xE2\x80\x94";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g%%", share * 100);
  return buf;
}

// 1234567 -> "1,234,567".
std::string CountText(std::size_t count) {
  std::string digits = std::to_string(count);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

// "2026-11-26 10:15:00" (or "10:15:00" without the date) in a <time>
// element carrying the ISO form.
std::string TimeElement(system_clock::time_point t, bool with_date = true) {
  std::string shown = text::FormatUtc(t);  // "2026-11-26T10:15:00Z"
  const std::size_t date_end = shown.find('T');
  shown.pop_back();
  shown = with_date ? shown.replace(date_end, 1, " ") : shown.substr(date_end + 1);
  return "<time datetime=\"" + text::FormatUtc(t, true) + "\">" + shown + "</time>";
}

std::string TimeHtml(system_clock::time_point t) { return TimeElement(t) + " UTC"; }

// "2 h 5 min", "59 min 59 s", "12 s", "0.25 s".
std::string DurationText(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "\xE2\x80\x94";
  if (seconds < 60) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g s", seconds);
    return buf;
  }
  const auto whole = static_cast<long long>(seconds);
  const long long hours = whole / 3600, minutes = whole % 3600 / 60, secs = whole % 60;
  if (hours > 0) return std::to_string(hours) + " h " + std::to_string(minutes) + " min";
  return std::to_string(minutes) + " min " + std::to_string(secs) + " s";
}

std::string WindowHtml(system_clock::time_point start, system_clock::time_point end) {
  const double seconds = std::chrono::duration<double>(end - start).count();
  return TimeHtml(start) + " \xE2\x86\x92 " + TimeHtml(end) + " <span class=\"muted\">(" + DurationText(seconds) +
         ")</span>";
}

// "2026-11-26 10:16:00 → 11:14:59 UTC" (the end's date only when it differs),
// then the duration on its own line: the index's narrow column.
std::string CompactWindowHtml(system_clock::time_point start, system_clock::time_point end) {
  const bool same_day = std::chrono::floor<std::chrono::days>(start) == std::chrono::floor<std::chrono::days>(end);
  const double seconds = std::chrono::duration<double>(end - start).count();
  return TimeElement(start) + " \xE2\x86\x92 " + TimeElement(end, !same_day) + " UTC<span class=\"muted block\">" +
         DurationText(seconds) + "</span>";
}

// An SVG coordinate: one decimal, without a trailing ".0".
std::string Coord(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  std::string out = buf;
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
  return out == "-0" ? "0" : out;
}

std::string_view CorrectionText(drift::Correction correction) {
  switch (correction) {
    case drift::Correction::kNone: return "none";
    case drift::Correction::kBonferroni: return "Bonferroni";
    case drift::Correction::kBenjaminiHochberg: return "Benjamini\xE2\x80\x93Hochberg";
  }
  return "none";
}

std::string_view KindText(drift::ColumnKind kind) {
  return kind == drift::ColumnKind::kNumerical ? "numerical" : "categorical";
}

// --- Page frame ------------------------------------------------------------

// No network, no script: even an escaping mistake could not load or run
// anything.
constexpr std::string_view kContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

constexpr std::string_view kStyle = R"css(
:root{color-scheme:light;--fg:#1c2333;--muted:#5a6478;--line:#dde2ea;--bg:#f4f6f9;--card:#fff;--head:#eef1f6;
--ref:#8fa4c2;--cur:#e2762f;--bad:#a8201a;--bad-bg:#fdf1f0;--bad-line:#f0b4ae;--ok:#0b6b3f;--ok-bg:#edf8f1;--ok-line:#a9dcbf;--link:#1d5bb8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 20px 48px}
a{color:var(--link)}
h1{font-size:26px;line-height:1.2;margin:0 0 6px}
h2{font-size:19px;margin:36px 0 12px}
.eyebrow{margin:0 0 2px;color:var(--muted);font-size:13px;letter-spacing:.06em;text-transform:uppercase}
.muted{color:var(--muted)}
.sub{color:var(--muted);margin:0 0 22px}
.verdict{border:1px solid;border-left-width:6px;border-radius:10px;padding:16px 20px;margin:0 0 22px}
.verdict p{margin:0}
.verdict .title{font-size:21px;font-weight:700}
.verdict .detail{color:var(--fg);margin-top:4px}
.drift{color:var(--bad);background:var(--bad-bg);border-color:var(--bad-line)}
.stable{color:var(--ok);background:var(--ok-bg);border-color:var(--ok-line)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px;margin:0}
.facts>div{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;min-width:0}
.facts dt{color:var(--muted);font-size:13px}
.facts dd{margin:2px 0 0;font-weight:600;overflow-wrap:anywhere}
.facts dd.wide{font-weight:500;font-size:14px}
.facts dd .muted{font-weight:400}
.table{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
table{border-collapse:collapse;width:100%}
th,td{padding:7px 12px;text-align:left;border-bottom:1px solid var(--line);vertical-align:baseline}
th{background:var(--head);color:var(--muted);font-size:13px;font-weight:600;white-space:nowrap}
tbody tr:last-child td{border-bottom:0}
tbody tr:hover{background:#f8f9fc}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{overflow-wrap:anywhere;min-width:12em}
.badge{display:inline-block;padding:1px 9px;border:1px solid;border-radius:999px;font-size:13px;font-weight:600;white-space:nowrap}
details.column{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:0 0 10px}
details.column>summary{cursor:pointer;padding:10px 14px;list-style-position:outside;margin-left:16px}
details.column>summary .name{font-weight:650;overflow-wrap:anywhere;margin:0 8px}
details.column[open]>summary{border-bottom:1px solid var(--line)}
.column-body{padding:12px 16px 16px}
.column-body .facts{display:flex;flex-wrap:wrap;gap:8px 32px;margin:0 0 8px}
.column-body .facts>div{background:none;border:0;padding:0}
.column-body .facts dd{font-weight:600}
nav.jump{margin:18px 0 0;font-size:14px;color:var(--muted)}
nav.jump a{margin-right:14px}
svg.plot{display:block;width:100%;max-width:760px;height:auto}
.plot text{font-size:11px;fill:var(--muted)}
.plot .title{font-size:12px;fill:var(--fg)}
.plot .grid{stroke:var(--line);fill:none}
.plot .axis{stroke:#8a93a4;fill:none}
.plot .ref{fill:var(--ref)}
.plot .cur{fill:var(--cur)}
.plot path.ref{fill:none;stroke:var(--ref)}
.plot path.cur{fill:none;stroke:var(--cur)}
.plot .hit use{fill:transparent}
.plot .hit use:hover{fill:rgba(29,91,184,.08)}
.nowrap{white-space:nowrap}
.block{display:block}
.wrap{overflow-wrap:anywhere}
caption{caption-side:bottom;text-align:left;padding:8px 12px;color:var(--muted);font-size:13px}
.stack{margin-top:12px}
.empty{color:var(--muted);font-style:italic;margin:0}
footer{color:var(--muted);font-size:13px;margin-top:36px;border-top:1px solid var(--line);padding-top:12px}
)css";

std::string PageStart(std::string_view title) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"";
  html += kContentSecurityPolicy;
  html +=
      "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>";
  html += HtmlEscape(title);
  html += "</title>\n<style>";
  html += kStyle;
  html += "</style>\n</head>\n<body>\n<main>\n";
  return html;
}

constexpr std::string_view kPageEnd = "</main>\n</body>\n</html>\n";

std::string Fact(std::string_view label, const std::string& value_html, bool wide = false) {
  return "<div><dt>" + std::string(label) + "</dt><dd" + (wide ? " class=\"wide\"" : "") + ">" + value_html +
         "</dd></div>";
}

std::string VerdictBadge(bool drifted) {
  return drifted ? "<span class=\"badge drift\"><span aria-hidden=\"true\">\xE2\x96\xB2 </span>Drift</span>"
                 : "<span class=\"badge stable\"><span aria-hidden=\"true\">\xE2\x9C\x93 </span>No drift</span>";
}

// --- Distribution plot ----------------------------------------------------

// 1, 2, 2.5 or 5 times a power of ten, at least `x` (> 0).
double NiceStep(double x) {
  const double power = std::pow(10.0, std::floor(std::log10(x)));
  for (const double factor : {1.0, 2.0, 2.5, 5.0}) {
    if (x <= factor * power * (1 + 1e-9)) return factor * power;
  }
  return 10 * power;
}

double ShareAt(const std::vector<double>& shares, std::size_t i) {
  return i < shares.size() && std::isfinite(shares[i]) && shares[i] > 0 ? shares[i] : 0;
}

// Reference and current shares per bin as grouped bars on a shared y axis,
// with each bin's label and values in a <title> (tooltips, screen readers).
// Written compactly (one path per series and per axis, one shared hit
// rectangle) so that 135 plots of 30 bins stay well under a megabyte.
// `id` is unique in the page.
std::string DistributionSvg(const drift::ColumnDrift& column, const std::string& id) {
  const drift::Distribution& d = column.distribution;
  const std::size_t bins = d.labels.size();
  if (bins == 0) return "<p class=\"empty\">No values to plot.</p>";
  const bool has_edges = d.edges.size() == bins + 1;
  const bool rotate_labels = !has_edges && bins > 8;

  constexpr double kWidth = 760, kLeft = 58, kRight = 16, kTop = 34, kPlotHeight = 170;
  const double height = kTop + kPlotHeight + (rotate_labels ? 92 : 52);
  const double plot_width = kWidth - kLeft - kRight;
  const double base = kTop + kPlotHeight;
  const double slot = plot_width / static_cast<double>(bins);
  // Two bars per bin around the bin's centre, at most 48 wide.
  const double bar = std::min(slot * 0.38, 48.0), gap = std::min(slot * 0.04, 4.0);

  double max_share = 0;
  for (std::size_t i = 0; i < bins; ++i) {
    max_share = std::max({max_share, ShareAt(d.reference_share, i), ShareAt(d.current_share, i)});
  }
  const double step = max_share > 0 ? NiceStep(max_share / 4) : 0.25;
  const double y_max = step * std::max(1.0, std::ceil(max_share / step - 1e-9));
  const auto bar_height = [&](double share) { return share / y_max * kPlotHeight; };

  const std::string name = HtmlEscape(column.column_name);
  const std::string left = Coord(kLeft), right = Coord(kWidth - kRight), bottom = Coord(base);
  std::string svg = "<svg class=\"plot\" viewBox=\"0 0 " + Coord(kWidth) + " " + Coord(height) + "\" width=\"" +
                    Coord(kWidth) + "\" height=\"" + Coord(height) + "\" role=\"img\" aria-labelledby=\"" + id +
                    "t\"><title id=\"" + id + "t\">Distribution of " + name +
                    ": share of rows per bin, reference versus current</title>";

  // Legend.
  svg += "<rect class=\"ref\" x=\"" + left + "\" y=\"10\" width=\"12\" height=\"12\" rx=\"2\"/><text x=\"" +
         Coord(kLeft + 17) + "\" y=\"20\">Reference (" + CountText(column.reference_count) +
         " values)</text><rect class=\"cur\" x=\"" + Coord(kLeft + 220) +
         "\" y=\"10\" width=\"12\" height=\"12\" rx=\"2\"/><text x=\"" + Coord(kLeft + 237) + "\" y=\"20\">Current (" +
         CountText(column.current_count) + " values)</text>";

  // Y axis: grid lines and percentages.
  std::string grid, y_labels;
  for (double tick = 0; tick <= y_max * (1 + 1e-9); tick += step) {
    const double y = base - bar_height(tick);
    grid += "M" + left + " " + Coord(y) + "H" + right;
    y_labels += "<text x=\"" + Coord(kLeft - 6) + "\" y=\"" + Coord(y + 4) + "\">" + PercentText(tick) + "</text>";
  }
  svg += "<path class=\"grid\" d=\"" + grid + "\"/><g text-anchor=\"end\">" + y_labels + "</g>";
  const std::string middle = Coord(kTop + kPlotHeight / 2);
  svg += "<text x=\"14\" y=\"" + middle + "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " + middle +
         ")\">Share of rows</text>";

  // Bars: each a vertical stroke as wide as the bar. Hit areas: one
  // transparent rectangle per bin, instances of one shape.
  std::string reference_path, current_path, hits;
  for (std::size_t i = 0; i < bins; ++i) {
    const double x = kLeft + slot * static_cast<double>(i);
    const double reference = ShareAt(d.reference_share, i), current = ShareAt(d.current_share, i);
    const auto add_bar = [&](std::string& path, double center, double share) {
      const std::string length = Coord(bar_height(share));
      if (length != "0") path += "M" + Coord(center) + " " + bottom + "v-" + length;
    };
    add_bar(reference_path, x + slot / 2 - (bar + gap) / 2, reference);
    add_bar(current_path, x + slot / 2 + (bar + gap) / 2, current);
    hits += "<use href=\"#" + id + "h\" x=\"" + Coord(x) + "\"><title>" + HtmlEscape(d.labels[i]) + ": reference " +
            PercentText(reference) + ", current " + PercentText(current) + "</title></use>";
  }
  const std::string stroke = Coord(bar);
  if (!reference_path.empty()) {
    svg += "<path class=\"ref\" stroke-width=\"" + stroke + "\" d=\"" + reference_path + "\"/>";
  }
  if (!current_path.empty()) {
    svg += "<path class=\"cur\" stroke-width=\"" + stroke + "\" d=\"" + current_path + "\"/>";
  }
  svg += "<defs><rect id=\"" + id + "h\" y=\"" + Coord(kTop) + "\" width=\"" + Coord(slot) + "\" height=\"" +
         Coord(kPlotHeight) + "\"/></defs><g class=\"hit\">" + hits + "</g>";

  // X axis: bin edges for binned numbers (at most 7), otherwise each value's
  // label, shortened to fit and rotated when there are many.
  std::string axis = "M" + left + " " + bottom + "H" + right, x_labels;
  const std::string label_y = Coord(base + 16);
  if (has_edges) {
    const std::size_t every = (bins + 5) / 6;
    std::vector<std::size_t> ticks;
    for (std::size_t i = 0; i < bins; i += every) ticks.push_back(i);
    // The last edge always; an earlier one that would crowd it goes.
    if (ticks.size() > 1 && bins - ticks.back() < (every + 1) / 2) ticks.pop_back();
    ticks.push_back(bins);
    for (const std::size_t i : ticks) {
      const std::string x = Coord(kLeft + slot * static_cast<double>(i));
      axis += "M" + x + " " + bottom + "v5";
      x_labels += "<text x=\"" + x + "\" y=\"" + label_y + "\">" + HtmlEscape(Significant(d.edges[i])) + "</text>";
    }
  } else {
    const auto fit = static_cast<std::size_t>(std::max(3.0, slot / 7));
    for (std::size_t i = 0; i < bins; ++i) {
      const double center = kLeft + slot * (static_cast<double>(i) + 0.5);
      if (rotate_labels) {
        const std::string x = Coord(center + 3), y = Coord(base + 10);
        x_labels += "<text x=\"" + x + "\" y=\"" + y + "\" transform=\"rotate(-40 " + x + " " + y + ")\">" +
                    HtmlEscape(Shorten(d.labels[i], 14)) + "</text>";
      } else {
        x_labels += "<text x=\"" + Coord(center) + "\" y=\"" + label_y + "\">" + HtmlEscape(Shorten(d.labels[i], fit)) +
                    "</text>";
      }
    }
  }
  svg += "<path class=\"axis\" d=\"" + axis + "\"/><g text-anchor=\"" + (rotate_labels ? "end" : "middle") + "\">" +
         x_labels + "</g>";
  svg += "<text class=\"title\" x=\"" + Coord(kLeft + plot_width / 2) + "\" y=\"" + Coord(height - 8) +
         "\" text-anchor=\"middle\">" + name + (has_edges ? " (bins)" : " (values)") + "</text></svg>";
  return svg;
}

// --- Report sections ------------------------------------------------------

std::string ColumnRow(const drift::ColumnDrift& column, const std::string& anchor) {
  return "<tr><td class=\"name\"><a href=\"#" + anchor + "\">" + HtmlEscape(column.column_name) + "</a></td><td>" +
         std::string(KindText(column.column_type)) + "</td><td>" + HtmlEscape(column.stattest_name) +
         "</td><td class=\"num\">" + ScoreText(column.stattest_threshold) + "</td><td class=\"num\">" +
         ScoreText(column.drift_score) + "</td><td>" + VerdictBadge(column.drift_detected) +
         "</td><td class=\"num\">" + CountText(column.current_count) + "</td><td class=\"num\">" +
         CountText(column.current_missing) + "</td></tr>\n";
}

std::string ColumnsTable(std::span<const drift::ColumnDrift> columns, const std::vector<std::size_t>& order,
                         std::string_view anchor_prefix, std::string_view table_id, std::string_view caption) {
  std::string html = "<div class=\"table\"><table id=\"" + std::string(table_id) + "\"><caption>" +
                     std::string(caption) +
                     "</caption><thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Type</th>"
                     "<th scope=\"col\">Test</th><th scope=\"col\" class=\"num\">Threshold</th>"
                     "<th scope=\"col\" class=\"num\">Score</th><th scope=\"col\">Verdict</th>"
                     "<th scope=\"col\" class=\"num\">Current values</th>"
                     "<th scope=\"col\" class=\"num\">Missing</th></tr></thead>\n<tbody>\n";
  for (const std::size_t i : order) {
    html += ColumnRow(columns[i], std::string(anchor_prefix) + std::to_string(i));
  }
  html += "</tbody></table></div>\n";
  return html;
}

std::string ScoreExplanation(const drift::ColumnDrift& column) {
  if (!column.error.empty()) return "not tested: " + HtmlEscape(column.error);
  if (std::isnan(column.drift_score)) return "no score: one of the samples has no values";
  if (column.p_value) {
    return column.drift_detected ? "p-value below the threshold" : "p-value at or above the threshold";
  }
  return column.drift_detected ? "distance at or above the threshold" : "distance below the threshold";
}

std::string ColumnDetails(const drift::ColumnDrift& column, const std::string& anchor, drift::Correction correction,
                          bool open) {
  std::string html = "<details class=\"column\" id=\"" + anchor + "\"" + (open ? " open" : "") + "><summary>" +
                     VerdictBadge(column.drift_detected) + "<span class=\"name\">" + HtmlEscape(column.column_name) +
                     "</span><span class=\"muted\">" + HtmlEscape(column.stattest_name) + " " +
                     ScoreText(column.drift_score) + " (threshold " + ScoreText(column.stattest_threshold) +
                     ")</span></summary>\n<div class=\"column-body\"><dl class=\"facts\">";
  html += Fact("Type", std::string(KindText(column.column_type)));
  html += Fact("Test", HtmlEscape(column.stattest_name) + " <span class=\"muted\">(" + HtmlEscape(column.stattest) +
                           ")</span>");
  html += Fact("Score", ScoreText(column.drift_score) + " <span class=\"muted\">" + ScoreExplanation(column) +
                            "</span>", true);
  if (column.p_value && correction != drift::Correction::kNone) {
    html += Fact("Before " + std::string(CorrectionText(correction)), ScoreText(column.raw_score));
  }
  html += Fact("Reference values", CountText(column.reference_count));
  html += Fact("Current values", CountText(column.current_count));
  html += Fact("Current missing", CountText(column.current_missing));
  html += "</dl>\n" + DistributionSvg(column, anchor) + "</div></details>\n";
  return html;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\t':
        case '\n':
        case '\r': out += static_cast<char>(c); break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += kReplacementCharacter;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t length = Utf8SequenceLength(text, i);
    const bool c1_control = length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (length == 0 || c1_control) {
      out += kReplacementCharacter;
      i += length == 0 ? 1 : length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::vector<std::size_t> MostDriftedFirst(std::span<const drift::ColumnDrift> columns) {
  std::vector<double> severity(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const drift::ColumnDrift& c = columns[i];
    if (c.p_value) {
      severity[i] = c.drift_score > 0 ? c.stattest_threshold / c.drift_score
                                      : (c.drift_score == 0 ? std::numeric_limits<double>::infinity() : std::nan(""));
    } else {
      severity[i] = c.stattest_threshold > 0 ? c.drift_score / c.stattest_threshold : c.drift_score;
    }
  }
  std::vector<std::size_t> order(columns.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (columns[a].drift_detected != columns[b].drift_detected) return columns[a].drift_detected;
    const bool a_unscored = std::isnan(severity[a]), b_unscored = std::isnan(severity[b]);
    if (a_unscored != b_unscored) return b_unscored;
    return !a_unscored && severity[a] > severity[b];
  });
  return order;
}

std::string RenderHtml(const drift::DriftReport& report) {
  const drift::DriftResult& result = report.result;
  const drift::DatasetDrift& dataset = result.dataset;
  const std::string generated = text::FormatUtc(report.generated_at);

  std::string html = PageStart("Drift report " + generated + (dataset.dataset_drift ? " \xE2\x80\x94 drift" : ""));
  html += "<header><p class=\"eyebrow\">PredictionDex \xC2\xB7 data drift</p><h1>Drift report</h1><p class=\"sub\">"
          "Generated " + TimeHtml(report.generated_at) + " \xC2\xB7 model " + HtmlEscape(report.model_version) +
          " \xC2\xB7 " + CountText(report.event_count) + " events</p></header>\n";

  // Verdict banner: the colour repeats what the text says.
  html += "<section id=\"verdict\" class=\"verdict " + std::string(dataset.dataset_drift ? "drift" : "stable") +
          "\" aria-label=\"Verdict\"><p class=\"title\"><span aria-hidden=\"true\">" +
          (dataset.dataset_drift ? "\xE2\x96\xB2 " : "\xE2\x9C\x93 ") + "</span>" +
          (dataset.dataset_drift ? "Dataset drift detected" : "No dataset drift") + "</p><p class=\"detail\">" +
          CountText(dataset.number_of_drifted_columns) + " of " + CountText(dataset.number_of_columns) +
          " columns drifted (" + PercentText(dataset.share_of_drifted_columns) +
          "); the dataset drifts when at least " + PercentText(dataset.drift_share) +
          " of its columns do.</p></section>\n";

  html += "<section aria-label=\"Summary\"><dl class=\"facts\">";
  html += Fact("Columns", CountText(dataset.number_of_columns));
  html += Fact("Drifted columns", CountText(dataset.number_of_drifted_columns) + " <span class=\"muted\">(" +
                                      PercentText(dataset.share_of_drifted_columns) + ")</span>");
  html += Fact("Events", CountText(report.event_count));
  html += Fact("Current rows", CountText(result.current_rows));
  html += Fact("Reference rows", CountText(result.reference_rows));
  html += Fact("Model version", HtmlEscape(report.model_version));
  html += Fact("Window", WindowHtml(report.window_start, report.window_end), true);
  html += Fact("Generated at", TimeHtml(report.generated_at), true);
  html += Fact("Reference data", "<code>" + HtmlEscape(report.reference_path) + "</code>", true);
  html += Fact("Multiple-testing correction", std::string(CorrectionText(result.correction)));
  html += Fact("Compute time", DurationText(result.compute_seconds));
  html += "</dl><nav class=\"jump\" aria-label=\"Sections\"><a href=\"#columns\">Columns</a>"
          "<a href=\"#prediction\">Prediction drift</a>";
  if (!result.columns.empty()) html += "<a href=\"#distributions\">Column distributions</a>";
  html += "</nav></section>\n";

  const std::vector<std::size_t> order = MostDriftedFirst(result.columns);
  html += "<h2 id=\"columns\">Columns</h2>\n";
  if (result.columns.empty()) {
    html += "<p class=\"empty\" id=\"columns-table\">No feature columns were compared.</p>\n";
  } else {
    html += ColumnsTable(result.columns, order, "col-", "columns-table",
                         "Drifted columns first, then by score relative to its threshold. p-values drift below "
                         "their threshold, distances at or above it.");
  }

  html += "<h2 id=\"prediction\">Prediction drift</h2>\n";
  if (result.prediction.empty()) {
    html += "<p class=\"empty\">The batch or the reference has no prediction columns.</p>\n";
  } else {
    const std::vector<std::size_t> prediction_order = MostDriftedFirst(result.prediction);
    html += ColumnsTable(result.prediction, prediction_order, "pred-", "prediction-table",
                         "The model's outputs; they do not count towards the dataset verdict.");
    html += "<div class=\"stack\">";
    for (const std::size_t i : prediction_order) {
      html += ColumnDetails(result.prediction[i], "pred-" + std::to_string(i), result.correction, true);
    }
    html += "</div>\n";
  }

  if (!result.columns.empty()) {
    html += "<h2 id=\"distributions\">Column distributions</h2>\n<p class=\"sub\">Drifted columns are open; "
            "select a column to show or hide its reference and current distributions.</p>\n";
    for (const std::size_t i : order) {
      const drift::ColumnDrift& column = result.columns[i];
      html += ColumnDetails(column, "col-" + std::to_string(i), result.correction, column.drift_detected);
    }
  }

  html += "<footer>PredictionDex drift report \xC2\xB7 p-values drift below their threshold, distances at or above "
          "it \xC2\xB7 statistics computed in " + DurationText(result.compute_seconds) + ".</footer>\n";
  html += kPageEnd;
  return html;
}

std::string RenderIndexHtml(std::span<const IndexRow> newest_first) {
  std::string html = PageStart("Drift reports");
  html += "<header><p class=\"eyebrow\">PredictionDex \xC2\xB7 data drift</p><h1>Drift reports</h1><p class=\"sub\">" +
          CountText(newest_first.size()) + (newest_first.size() == 1 ? " report" : " reports") +
          ", newest first.</p></header>\n";
  if (newest_first.empty()) {
    html += "<section id=\"verdict\" class=\"verdict stable\" aria-label=\"Latest verdict\"><p class=\"title\">"
            "No reports yet</p><p class=\"detail\">The drift service writes one when a batch of events is "
            "complete.</p></section>\n";
    html += kPageEnd;
    return html;
  }

  const ReportSummary& latest = newest_first.front().summary;
  html += "<section id=\"verdict\" class=\"verdict " + std::string(latest.dataset_drift ? "drift" : "stable") +
          "\" aria-label=\"Latest verdict\"><p class=\"title\"><span aria-hidden=\"true\">" +
          (latest.dataset_drift ? "\xE2\x96\xB2 " : "\xE2\x9C\x93 ") + "</span>" +
          (latest.dataset_drift ? "Latest report: dataset drift detected" : "Latest report: no dataset drift") +
          "</p><p class=\"detail\">" + CountText(latest.number_of_drifted_columns) + " of " +
          CountText(latest.number_of_columns) + " columns drifted (" + PercentText(latest.share_of_drifted_columns) +
          ") \xC2\xB7 " + TimeHtml(latest.generated_at) + " \xC2\xB7 <a href=\"" +
          HtmlEscape(UrlPathEscape(newest_first.front().html_file)) + "\">open the report</a></p></section>\n";

  html += "<div class=\"table\"><table id=\"reports-table\"><thead><tr><th scope=\"col\">Generated</th>"
          "<th scope=\"col\">Verdict</th><th scope=\"col\" class=\"num\">Drifted / columns</th>"
          "<th scope=\"col\" class=\"num\">Events</th><th scope=\"col\">Window</th><th scope=\"col\">Model</th>"
          "<th scope=\"col\">Files</th></tr></thead>\n<tbody>\n";
  for (const IndexRow& row : newest_first) {
    const ReportSummary& s = row.summary;
    const auto link = [](const std::string& file, std::string_view text) {
      return "<a href=\"" + HtmlEscape(UrlPathEscape(file)) + "\">" + std::string(text) + "</a>";
    };
    html += "<tr><td class=\"nowrap\">" + link(row.html_file, TimeHtml(s.generated_at)) + "</td><td>" +
            VerdictBadge(s.dataset_drift) + "</td><td class=\"num\">" + CountText(s.number_of_drifted_columns) +
            " / " + CountText(s.number_of_columns) + "</td><td class=\"num\">" + CountText(s.event_count) +
            "</td><td>" + CompactWindowHtml(s.window_start, s.window_end) + "</td><td class=\"wrap\">" +
            HtmlEscape(s.model_version) +
            "</td><td class=\"nowrap\">" + link(row.html_file, "HTML") + " \xC2\xB7 " + link(row.json_file, "JSON") + " \xC2\xB7 " +
            link(row.parquet_file, "Parquet") + "</td></tr>\n";
  }
  html += "</tbody></table></div>\n<footer>Reports older than the retention limit are deleted with their files. "
          "<a href=\"latest.json\">latest.json</a> is a copy of the newest report's JSON.</footer>\n";
  html += kPageEnd;
  return html;
}

}  // namespace pdex::report
