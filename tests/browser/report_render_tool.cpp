// Writes a reports directory for the browser check (check_report.mjs): a
// realistic report of 135 columns of 30 bins each, and a drifted one whose
// column names, category labels, model version and reference path are
// hostile, through ReportDirectory (so index.html is checked too).
//
//   report_render_tool DIR
//
// Prints the files written; exits 1 with a message on failure.
#include <exception>
#include <iostream>

#include "report/report_directory.h"
#include "unit/report_samples.h"

int main(int argc, char** argv) {
  using namespace pdex;
  using report::ReportDirectory;
  using report::WrittenReport;
  namespace samples = report::samples;
  if (argc != 2) {
    std::cerr << "usage: report_render_tool DIR\n";
    return 2;
  }
  try {
    ReportDirectory directory(argv[1]);
    drift::DriftReport realistic = samples::Report(135, 30, samples::At(0));
    drift::DriftReport hostile = samples::HostileReport();
    hostile.generated_at = samples::At(3600);
    hostile.window_start = samples::At(60);
    hostile.window_end = samples::At(3599);
    hostile.result.dataset.drift_share = 0.25;  // 3 of 12 columns drifted: dataset drift
    hostile.result.dataset.dataset_drift = true;
    for (const drift::DriftReport* sample : {&realistic, &hostile}) {
      const WrittenReport written =
          directory.Write(*sample, samples::Events({"event-1", "event-2", "event-3"}));
      std::cout << written.html.string() << '\n' << written.json.string() << '\n' << written.parquet.string() << '\n';
    }
    std::cout << (directory.path() / "index.html").string() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "report_render_tool: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
