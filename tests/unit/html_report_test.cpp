#include "report/html_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <set>

#include "text/utf8.h"
#include "unit/report_samples.h"

namespace pdex::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

std::size_t Occurrences(const std::string& text, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

// Every element in the page is one the renderers write: injected markup
// would show up as another tag.
void ExpectOnlyOwnTags(const std::string& html) {
  static const std::set<std::string> kAllowed = {
      "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section", "h1", "h2",
      "p", "dl", "dt", "dd", "div", "span", "time", "code", "a", "table", "caption", "thead", "tbody", "tr", "th", "td",
      "nav", "details", "summary", "svg", "defs", "g", "use", "rect", "line", "path", "text"};
  const std::regex tag("<(/?)(!?[A-Za-z][A-Za-z0-9]*)");
  std::size_t tags = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it, ++tags) {
    EXPECT_TRUE(kAllowed.contains((*it)[2].str())) << "unexpected tag <" << (*it)[1] << (*it)[2];
  }
  EXPECT_EQ(tags, Occurrences(html, "<")) << "a '<' that does not open one of our tags";
}

// Every element is closed, in order (void and self-closed elements aside).
void ExpectBalancedTags(const std::string& html) {
  const std::regex tag("<(/?)(!?[A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>");
  std::vector<std::string> open;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[2].str();
    if (name == "!DOCTYPE" || name == "meta" || (*it)[3].length() > 0) continue;
    if ((*it)[1].length() == 0) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      ADD_FAILURE() << "</" << name << "> closes <" << (open.empty() ? "nothing" : open.back()) << "> at "
                    << it->position();
      return;
    } else {
      open.pop_back();
    }
  }
  EXPECT_TRUE(open.empty()) << "unclosed <" << (open.empty() ? "" : open.back()) << ">";
}

// No network: nothing loaded by URL, links only within the page.
void ExpectNoExternalResources(const std::string& html) {
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("//"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  const std::regex href("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
    EXPECT_EQ((*it)[1].str().substr(0, 1), "#") << "link out of the page: " << (*it)[1];
  }
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
}

TEST(HtmlEscapeTest, EscapesMarkupCharacters) {
  EXPECT_EQ(HtmlEscape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("a & b"), "a &amp; b");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");
  EXPECT_EQ(HtmlEscape("\"double\" 'single'"), "&quot;double&quot; &#39;single&#39;");
  EXPECT_EQ(HtmlEscape("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("plain_name 42"), "plain_name 42");
}

TEST(HtmlEscapeTest, KeepsValidUtf8) {
  EXPECT_EQ(HtmlEscape("\xC3\x89voli \xE2\x86\x92 \xF0\x9F\x90\x89"), "\xC3\x89voli \xE2\x86\x92 \xF0\x9F\x90\x89");
  EXPECT_EQ(HtmlEscape("tab\tline\nreturn\r"), "tab\tline\nreturn\r");
}

TEST(HtmlEscapeTest, ReplacesInvalidUtf8AndControlCharacters) {
  const auto replaced = [](int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += kReplacement;
    return out;
  };
  EXPECT_EQ(HtmlEscape("a\xFF" "b"), "a" + replaced(1) + "b");
  EXPECT_EQ(HtmlEscape("cut \xC3"), "cut " + replaced(1));                // truncated sequence
  EXPECT_EQ(HtmlEscape("\xE2\x86<"), replaced(2) + "&lt;");               // a lead byte does not swallow '<'
  EXPECT_EQ(HtmlEscape("\xC0\xBC"), replaced(2));                         // overlong '<'
  EXPECT_EQ(HtmlEscape("\xE0\x80\xBC"), replaced(3));                     // overlong '<'
  EXPECT_EQ(HtmlEscape("\xED\xA0\x80"), replaced(3));                     // surrogate
  EXPECT_EQ(HtmlEscape("\xF4\x90\x80\x80"), replaced(4));                 // above U+10FFFF
  EXPECT_EQ(HtmlEscape(std::string_view("nul\0x", 5)), "nul" + replaced(1) + "x");
  EXPECT_EQ(HtmlEscape("\x1B[31m\x7F"), replaced(1) + "[31m" + replaced(1));
  EXPECT_EQ(HtmlEscape("c1 \xC2\x85"), "c1 " + replaced(1));
  for (const std::string& hostile : samples::HostileStrings()) {
    EXPECT_TRUE(text::IsValidUtf8(HtmlEscape(hostile))) << hostile;
  }
}

TEST(MostDriftedFirstTest, DriftedFirstThenByScoreRelativeToThreshold) {
  using drift::ColumnKind;
  const std::vector<drift::ColumnDrift> columns = {
      samples::PValueColumn("p_stable", ColumnKind::kNumerical, 3, 0.5),          // 0: 0.1
      samples::DistanceColumn("d_drift_small", ColumnKind::kNumerical, 3, 0.12),  // 1: 1.2
      samples::PValueColumn("p_drift_strong", ColumnKind::kNumerical, 3, 1e-9),   // 2: 5e7
      samples::DistanceColumn("d_stable", ColumnKind::kNumerical, 3, 0.09),       // 3: 0.9
      samples::PValueColumn("p_unscored", ColumnKind::kNumerical, 3, std::nan("")),
      samples::PValueColumn("p_drift_weak", ColumnKind::kNumerical, 3, 0.04),    // 5: 1.25
      samples::DistanceColumn("d_drift_big", ColumnKind::kCategorical, 3, 0.5),  // 6: 5
      samples::PValueColumn("p_zero", ColumnKind::kNumerical, 3, 0),             // 7: infinite
      samples::PValueColumn("p_stable_too", ColumnKind::kNumerical, 3, 0.5),     // 8: ties with 0
  };
  EXPECT_EQ(MostDriftedFirst(columns), (std::vector<std::size_t>{7, 2, 6, 5, 1, 3, 0, 8, 4}));
  EXPECT_TRUE(MostDriftedFirst({}).empty());
}

TEST(RenderHtmlTest, VerdictBannerSaysWhatTheColourShows) {
  drift::DriftReport report = samples::Report(8, 5);
  std::string html = RenderHtml(report);
  EXPECT_NE(html.find("id=\"verdict\" class=\"verdict stable\""), std::string::npos);
  EXPECT_NE(html.find("No dataset drift"), std::string::npos);
  EXPECT_NE(html.find("2 of 8 columns drifted (25%)"), std::string::npos);
  EXPECT_NE(html.find("at least 50% of its columns"), std::string::npos);

  report.result.dataset.dataset_drift = true;
  html = RenderHtml(report);
  EXPECT_NE(html.find("id=\"verdict\" class=\"verdict drift\""), std::string::npos);
  EXPECT_NE(html.find("Dataset drift detected"), std::string::npos);
}

TEST(RenderHtmlTest, AnUntestedColumnSaysWhyEscaped) {
  drift::DriftReport report = samples::Report(2, 3);
  report.result.columns[0].drift_score = std::nan("");
  report.result.columns[0].error = "needs <two> categories";
  const std::string html = RenderHtml(report);
  EXPECT_NE(html.find("not tested: needs &lt;two&gt; categories"), std::string::npos);
}

TEST(RenderHtmlTest, ShowsTheSummary) {
  const drift::DriftReport report = samples::Report(8, 5);
  const std::string html = RenderHtml(report);
  for (const std::string_view expected :
       {"<dt>Columns</dt><dd>8</dd>", "<dt>Events</dt><dd>953</dd>", "<dt>Reference rows</dt><dd>12,000</dd>",
        "<dt>Model version</dt><dd>xgb-2026-11-20</dd>",
        "<time datetime=\"2026-11-26T10:15:00.250Z\">2026-11-26 10:15:00</time> UTC",
        "<time datetime=\"2026-11-26T09:16:00.250Z\">", "(58 min 59 s)", "/app/data/X_train.parquet",
        "id=\"prediction-table\"", "probability", "Wasserstein distance (normed)", "K-S p_value"}) {
    EXPECT_NE(html.find(expected), std::string::npos) << expected;
  }
}

TEST(RenderHtmlTest, TableListsMostDriftedFirst) {
  const drift::DriftReport report = samples::Report(8, 5);
  const std::string html = RenderHtml(report);
  const std::size_t table = html.find("id=\"columns-table\"");
  ASSERT_NE(table, std::string::npos);
  // Drifted: feature_1 (distance 0.31 / 0.1), feature_5 (0.2 / 0.1); then
  // the others by score / threshold: feature_2 (0.05 / 0.1), feature_4
  // (0.02 / 0.1), feature_0 (p-value: 0.05 / 0.4).
  const auto row = [&](const std::string& name) { return html.find(">" + name + "</a></td>", table); };
  EXPECT_LT(row("feature_1"), row("feature_5"));
  EXPECT_LT(row("feature_5"), row("feature_2"));
  EXPECT_LT(row("feature_2"), row("feature_4"));
  EXPECT_LT(row("feature_4"), row("feature_0"));
  EXPECT_NE(row("feature_0"), std::string::npos);
}

TEST(RenderHtmlTest, MissingScoreIsADash) {
  drift::DriftReport report = samples::Report(2, 5);
  report.result.columns[0].drift_score = std::nan("");
  const std::string html = RenderHtml(report);
  EXPECT_NE(html.find("<td class=\"num\">\xE2\x80\x94</td>"), std::string::npos);
  EXPECT_EQ(html.find("nan"), std::string::npos);
}

TEST(RenderHtmlTest, HostileNamesAreEscaped) {
  const drift::DriftReport report = samples::HostileReport();
  const std::string html = RenderHtml(report);
  EXPECT_TRUE(text::IsValidUtf8(html));
  ExpectOnlyOwnTags(html);
  ExpectBalancedTags(html);
  for (const std::string& hostile : samples::HostileStrings()) {
    if (hostile.find_first_of("<>&\"'") != std::string::npos) {
      EXPECT_EQ(html.find(hostile), std::string::npos) << hostile;
    }
  }
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;column&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("Tom &amp; Jerry&#39;s &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("invalid \xEF\xBF\xBD\xEF\xBF\xBD utf-8 \xEF\xBF\xBD"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("javascript:alert(3)\""), std::string::npos);  // never an attribute value
}

TEST(RenderHtmlTest, MakesNoNetworkRequest) {
  const std::string html = RenderHtml(samples::Report(20, 30));
  ExpectNoExternalResources(html);
  ExpectBalancedTags(html);
}

TEST(RenderHtmlTest, ReportWithoutColumnsIsStillAPage) {
  drift::DriftReport report = samples::Report(0, 5);
  report.result.prediction.clear();
  const std::string html = RenderHtml(report);
  ExpectBalancedTags(html);
  EXPECT_NE(html.find("No feature columns were compared."), std::string::npos);
  EXPECT_NE(html.find("has no prediction columns"), std::string::npos);
  EXPECT_EQ(html.find("#distributions"), std::string::npos);
}

TEST(RenderHtmlTest, EveryColumnHasARowAPlotAndAnAnchor) {
  const drift::DriftReport report = samples::Report(135, 30);
  const std::string html = RenderHtml(report);
  for (std::size_t i = 0; i < report.result.columns.size(); ++i) {
    const std::string name = report.result.columns[i].column_name;
    EXPECT_NE(html.find("<a href=\"#col-" + std::to_string(i) + "\">" + name + "</a>"), std::string::npos) << name;
    EXPECT_NE(html.find("<details class=\"column\" id=\"col-" + std::to_string(i) + "\""), std::string::npos) << name;
  }
  EXPECT_EQ(Occurrences(html, "<svg class=\"plot\""), 135u + 2u);
  EXPECT_EQ(Occurrences(html, "<tr><td class=\"name\">"), 135u + 2u);
}

TEST(RenderHtmlTest, StaysUnderOneMegabyteFor135ColumnsOf30Bins) {
  drift::DriftReport report = samples::Report(135, 30);
  // Every column numerical with 30 bins, the largest plots.
  for (drift::ColumnDrift& column : report.result.columns) {
    if (column.distribution.labels.size() < 30) {
      column = samples::DistanceColumn(column.column_name, drift::ColumnKind::kNumerical, 30, 0.2);
    }
  }
  const std::string html = RenderHtml(report);
  RecordProperty("html_bytes", static_cast<int>(html.size()));
  EXPECT_LT(html.size(), 1'000'000u);
}

TEST(RenderHtmlTest, PlotsPerValueDistributionsAndEmptyOnes) {
  drift::DriftReport report = samples::Report(3, 20);
  report.result.columns[1].distribution = {};
  const std::string html = RenderHtml(report);
  EXPECT_NE(html.find(">cat-11</text>"), std::string::npos);  // every category labelled (rotated)
  EXPECT_NE(html.find("rotate(-40"), std::string::npos);
  EXPECT_NE(html.find("No values to plot."), std::string::npos);
}

TEST(RenderIndexHtmlTest, ListsReportsInTheOrderGivenWithEscapedValues) {
  std::vector<IndexRow> rows;
  for (int i = 0; i < 3; ++i) {
    ReportSummary summary = ParseSummary(RenderJson(samples::Report(4, 3, samples::At(-3600.0 * i))));
    summary.id = "2026112" + std::to_string(6 - i) + "T101500Z";
    rows.push_back({summary, "drift_report_" + summary.id + ".html", "drift_report_" + summary.id + ".json",
                    "predictions_" + summary.id + ".parquet"});
  }
  rows[1].summary.model_version = "<script>alert(1)</script>";
  rows[1].summary.dataset_drift = true;
  rows[2].html_file = "drift_report_x\"y#z.html";
  const std::string html = RenderIndexHtml(rows);
  ExpectOnlyOwnTags(html);
  ExpectBalancedTags(html);
  EXPECT_NE(html.find("id=\"reports-table\""), std::string::npos);
  EXPECT_LT(html.find("drift_report_20261126T101500Z.html"), html.find("drift_report_20261125T101500Z.html"));
  EXPECT_LT(html.find("drift_report_20261125T101500Z.json"), html.find("predictions_20261124T101500Z.parquet"));
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"drift_report_x%22y%23z.html\""), std::string::npos);
  EXPECT_NE(html.find("Latest report: no dataset drift"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">1 / 4</td>"), std::string::npos);
  EXPECT_EQ(html.find("http:"), std::string::npos);
  EXPECT_EQ(html.find("https:"), std::string::npos);
}

TEST(RenderIndexHtmlTest, SaysWhenThereAreNoReports) {
  const std::string html = RenderIndexHtml({});
  EXPECT_NE(html.find("No reports yet"), std::string::npos);
  ExpectOnlyOwnTags(html);
  ExpectBalancedTags(html);
}

}  // namespace
}  // namespace pdex::report
