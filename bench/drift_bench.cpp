// Drift report benchmark: a reference of REF rows and a batch of CUR rows
// over 40 raw columns (24 numerical, 16 categorical; a few shifted in the
// batch), as the drift service sees them.
//
//   drift_bench export DIR [REF CUR]   writes DIR/reference.csv, DIR/current.csv
//                                      (the same data, for bench/drift_scipy.py)
//   drift_bench run DIR [REF CUR REPEAT]
//       prints prepare_seconds=   (loading the reference into samples, once)
//              report_seconds=    (median: statistics + JSON + HTML written to DIR)
//              stats_seconds=     (median: the statistics alone)
//              drifted=N columns=N html_bytes=N
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "drift/analyzer.h"
#include "drift/reference.h"
#include "parquet/table.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "training/random.h"

namespace {

using pdex::parquet::Column;
using pdex::parquet::ColumnType;
using pdex::parquet::Table;
using pdex::parquet::TypeKind;

constexpr int kNumerical = 24;
constexpr int kCategorical = 16;
const char* const kTypes[] = {"Normal", "Fire",   "Water", "Grass",  "Electric", "Ice",   "Fighting", "Poison", "Ground",
                              "Flying", "Psychic", "Bug",  "Rock",   "Ghost",    "Dragon", "Dark",    "Steel",  "Fairy"};

double Normal(pdex::training::Rng& rng) {
  // Box–Muller; one value per call is enough here.
  const double u = std::max(rng.Uniform(), 1e-300), v = rng.Uniform();
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
}

// Column c of a data set; `shifted` moves every fourth column's distribution.
Table Generate(std::size_t rows, std::uint64_t seed, bool shifted) {
  pdex::training::Rng rng(seed);
  Table table;
  for (int c = 0; c < kNumerical; ++c) {
    Column column("num_" + std::to_string(c), ColumnType::Of(TypeKind::kDouble), false);
    const double shift = shifted && c % 4 == 0 ? 0.5 : 0.0;
    for (std::size_t r = 0; r < rows; ++r) {
      double value = 0;
      switch (c % 3) {
        case 0: value = 10 * (Normal(rng) + shift) + 50; break;                   // continuous
        case 1: value = std::floor(rng.Uniform() * (200 + 100 * shift)) + 20; break;  // stats-like integers
        default: value = std::floor(rng.Uniform() * (c % 2 == 0 ? 5 : 3)); break;  // few distinct values
      }
      column.AppendDouble(value);
    }
    table.AddColumn(std::move(column));
  }
  for (int c = 0; c < kCategorical; ++c) {
    Column column("cat_" + std::to_string(c), ColumnType::Of(TypeKind::kString), false);
    const bool binary = c % 4 == 3;
    const bool skew = shifted && c % 4 == 0;
    for (std::size_t r = 0; r < rows; ++r) {
      if (binary) {
        column.AppendString(rng.Uniform() < 0.3 ? "special" : "physical");
      } else {
        std::size_t k = static_cast<std::size_t>(rng.Uniform() * 18);
        if (skew && rng.Uniform() < 0.3) k = 1;
        column.AppendString(kTypes[k]);
      }
    }
    table.AddColumn(std::move(column));
  }
  return table;
}

void WriteCsv(const Table& table, const std::filesystem::path& path) {
  std::ofstream out(path);
  for (std::size_t c = 0; c < table.num_columns(); ++c) out << (c ? "," : "") << table.column(c).name();
  out << '\n';
  char buffer[32];
  for (std::size_t r = 0; r < table.num_rows(); ++r) {
    for (std::size_t c = 0; c < table.num_columns(); ++c) {
      const Column& column = table.column(c);
      if (c) out << ',';
      if (column.type().kind == TypeKind::kDouble) {
        std::snprintf(buffer, sizeof buffer, "%.17g", column.doubles()[r]);
        out << buffer;
      } else {
        out << column.StringAt(r);
      }
    }
    out << '\n';
  }
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  const auto temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    out << content;
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: drift_bench export|run DIR [REF CUR [REPEAT]]\n";
    return 2;
  }
  const std::string mode = argv[1];
  const std::filesystem::path dir = argv[2];
  const std::size_t ref_rows = argc > 3 ? std::stoul(argv[3]) : 100'000;
  const std::size_t cur_rows = argc > 4 ? std::stoul(argv[4]) : 10'000;
  const int repeat = argc > 5 ? std::stoi(argv[5]) : 5;
  std::filesystem::create_directories(dir);
  const Table reference_table = Generate(ref_rows, 42, false);
  const Table current = Generate(cur_rows, 7, true);
  if (mode == "export") {
    WriteCsv(reference_table, dir / "reference.csv");
    WriteCsv(current, dir / "current.csv");
    return 0;
  }
  const pdex::drift::DriftOptions options;
  auto start = std::chrono::steady_clock::now();
  const auto reference = pdex::drift::Reference::FromTable(reference_table, options, "bench reference");
  const double prepare = Seconds(start);

  std::vector<double> reports, stats;
  pdex::drift::DriftReport report;
  std::size_t html_bytes = 0;
  for (int i = 0; i < repeat; ++i) {
    start = std::chrono::steady_clock::now();
    report.result = pdex::drift::Analyze(reference, current, options);
    stats.push_back(Seconds(start));
    report.generated_at = std::chrono::system_clock::now();
    report.event_count = current.num_rows();
    report.reference_path = "bench reference";
    const std::string json = pdex::report::RenderJson(report);
    const std::string html = pdex::report::RenderHtml(report);
    WriteFile(dir / "drift_report.json", json);
    WriteFile(dir / "drift_report.html", html);
    reports.push_back(Seconds(start));
    html_bytes = html.size();
  }
  std::cout << "prepare_seconds=" << prepare << " report_seconds=" << Median(reports)
            << " stats_seconds=" << Median(stats) << " drifted=" << report.result.dataset.number_of_drifted_columns
            << " columns=" << report.result.dataset.number_of_columns << " html_bytes=" << html_bytes << "\n";
  std::cout.precision(17);
  for (const auto& column : report.result.columns) {
    std::cout << "column " << column.column_name << " " << column.stattest << " " << column.drift_score << "\n";
  }
  return 0;
}
