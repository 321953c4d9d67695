// pdex: the PredictionDex tool box.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <optional>

#include "domain/game_data.h"
#include "drift/analyzer.h"
#include "drift/reference.h"
#include "loadgen/body_generator.h"
#include "loadgen/http_url.h"
#include "loadgen/runner.h"
#include "loadgen/schedule.h"
#include "report/report_directory.h"
#include "parquet/format.h"
#include "parquet/reader.h"
#include "store/open_store.h"
#include "training/pipeline.h"

namespace {

std::filesystem::path DataDir(const std::string& data_dir) {
  return data_dir.empty() ? pdex::domain::LocateDataDir() : std::filesystem::path(data_dir);
}

int LoadData(const std::string& data_dir, const std::string& database_url, bool check_only) {
  const auto dir = DataDir(data_dir);
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(dir);
  std::cout << "data " << dir.string() << ": " << data.types.size() << " types, " << data.pokemon.size()
            << " Pokémon, " << data.moves.size() << " moves, " << data.learnsets.size()
            << " learnset entries (fingerprint " << data.Fingerprint() << ")\n";
  if (check_only) return 0;
  const auto store = pdex::store::OpenStore(database_url, 1);
  const int version = store->Migrate();
  const bool wrote = store->Load(data);
  std::cout << "schema version " << version << "; "
            << (wrote ? "data loaded" : "data already up to date, nothing written") << "\n";
  return 0;
}

// The drift service's report, offline: REFERENCE against CURRENT, written to
// OUT like a report of pdex-drift (HTML, JSON, the current rows as Parquet,
// index.html, latest.json). Exit status 3 on dataset drift with
// --fail-on-drift, so CI jobs can gate on it.
int DriftReport(const std::string& reference_path, const std::string& current_path, const std::string& out_dir,
                const std::string& column_config, bool fail_on_drift) {
  const auto options =
      column_config.empty() ? pdex::drift::DriftOptions{} : pdex::drift::DriftOptions::ReadFile(column_config);
  const auto reference = pdex::drift::Reference::Load(reference_path, options);
  const pdex::parquet::Table current = pdex::drift::ReadDataFile(current_path);
  pdex::drift::DriftReport report;
  report.result = pdex::drift::Analyze(reference, current, options);
  report.generated_at = std::chrono::system_clock::now();
  report.window_start = report.window_end = report.generated_at;
  if (auto ts = current.IndexOf("timestamp"); ts && current.column(*ts).type().kind == pdex::parquet::TypeKind::kTimestamp) {
    // The window is the batch's first and last timestamp, in the column's
    // unit (the drift service archives microseconds); nulls are skipped.
    const pdex::parquet::Column& column = current.column(*ts);
    const auto at = [&](std::int64_t value) {
      switch (column.type().unit) {
        case pdex::parquet::TimeUnit::kMillis:
          return std::chrono::system_clock::time_point(std::chrono::milliseconds(value));
        case pdex::parquet::TimeUnit::kMicros:
          return std::chrono::system_clock::time_point(std::chrono::microseconds(value));
        case pdex::parquet::TimeUnit::kNanos:
          break;
      }
      return std::chrono::system_clock::time_point(
          std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(value)));
    };
    bool first = true;
    for (std::size_t row = 0; row < column.size(); ++row) {
      if (column.IsNull(row)) continue;
      const auto t = at(column.ints()[row]);
      report.window_start = first ? t : std::min(report.window_start, t);
      report.window_end = first ? t : std::max(report.window_end, t);
      first = false;
    }
  }
  report.event_count = current.num_rows();
  report.model_version = "offline";
  report.reference_path = reference_path;
  pdex::report::ReportDirectory directory(out_dir);
  const auto written = directory.Write(report, current);
  const auto& dataset = report.result.dataset;
  std::cout << "dataset drift: " << (dataset.dataset_drift ? "yes" : "no") << " ("
            << dataset.number_of_drifted_columns << " of " << dataset.number_of_columns
            << " columns drifted, threshold share " << dataset.drift_share << ")\n"
            << "report: " << written.html.string() << "\n"
            << "json:   " << written.json.string() << "\n";
  return fail_on_drift && dataset.dataset_drift ? 3 : 0;
}

// Rows go out one row group at a time, so a large file never sits in memory.
int ParquetToCsv(const std::string& file, const std::vector<std::string>& columns, size_t max_rows,
                 std::ostream& out) {
  const auto reader = pdex::parquet::FileReader::Open(file);
  const std::vector<size_t> indices = reader.ColumnIndices(columns);
  bool header_written = false;
  for (size_t g = 0; g < reader.num_row_groups() && max_rows > 0; ++g) {
    const pdex::parquet::Table table = reader.ReadRowGroup(g, indices);
    if (!header_written) pdex::parquet::WriteCsvHeader(table, out);
    header_written = true;
    pdex::parquet::WriteCsvRows(table, max_rows, out);
    max_rows -= std::min(max_rows, table.num_rows());
  }
  if (!header_written) pdex::parquet::WriteCsvHeader(reader.ReadAll(indices), out);
  out.flush();
  return out ? 0 : 1;
}

int Train(const std::string& data_dir, pdex::training::TrainOptions options, bool quick) {
  options.params.seed = options.dataset.seed;
  if (quick) options = pdex::training::QuickOptions(std::move(options));
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(DataDir(data_dir));
  pdex::training::Train(data, options, [](std::string_view line) { std::cout << line << std::endl; });
  return 0;
}

struct LoadgenArgs {
  std::string url = "http://127.0.0.1:8000";
  double rate = 0;
  double duration = 0;
  std::uint64_t seed = 1;
  bool drift = false;
  std::string api_key;
  double timeout = 5;
  std::size_t connections = 4;
  std::size_t max_failures = 0;
  bool json = false;
};

// Open-loop POST /predict/best-move traffic (docs/operations.md). Exit status
// 0 when at most --max-failures requests failed (non-2xx or no answer), 1
// otherwise, 2 for a bad URL, rate or duration.
int Loadgen(const std::string& data_dir, const LoadgenArgs& args) {
  pdex::loadgen::RunOptions options;
  std::optional<pdex::loadgen::Schedule> schedule;
  try {
    options.url = pdex::loadgen::ParseHttpUrl(args.url);
    schedule.emplace(args.rate, args.duration);
    if (!(args.timeout > 0 && args.timeout <= 3600)) {
      throw std::invalid_argument("the timeout must be a number of seconds above 0, at most 3600");
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "pdex loadgen: " << e.what() << "\n";
    return 2;
  }
  options.api_key = args.api_key;
  options.connections = args.connections;
  options.timeout = std::chrono::milliseconds(std::llround(args.timeout * 1000));
  const pdex::domain::GameData data = pdex::domain::LoadValidGameData(DataDir(data_dir));
  const pdex::training::BattleWorld world(data);
  using pdex::loadgen::BodyMode;
  pdex::loadgen::BodyGenerator bodies(world, args.drift ? BodyMode::kDrift : BodyMode::kTraining, args.seed);
  const pdex::loadgen::Summary summary = pdex::loadgen::Run(*schedule, bodies, options);
  std::cout << (args.json ? pdex::loadgen::FormatJson(summary) + "\n" : pdex::loadgen::FormatText(summary));
  return summary.failed() > args.max_failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"PredictionDex tool box"};
  app.require_subcommand(1);

  std::string data_dir;
  const char* env_url = std::getenv("DATABASE_URL");
  std::string database_url = env_url && *env_url ? env_url : pdex::store::kDefaultDatabaseUrl;
  bool check_only = false;
  auto* load = app.add_subcommand("load-data", "Load data/ into the database (idempotent)");
  load->add_option("--data-dir", data_dir, "Game data directory (default: $PDEX_DATA_DIR or ./data)");
  load->add_option("--database-url", database_url, "postgresql://... or sqlite://path (default: $DATABASE_URL)");
  load->add_flag("--check", check_only, "Only read and validate the data; write nothing");

  auto* parquet = app.add_subcommand("parquet", "Inspect Parquet files (reports' archives, reference data)");
  parquet->require_subcommand(1);
  std::string parquet_file, csv_output;
  std::vector<std::string> parquet_columns;
  size_t head_rows = 10;
  auto* schema = parquet->add_subcommand("schema", "Columns, types, row groups, encodings and metadata");
  schema->add_option("FILE", parquet_file, "Parquet file")->required();
  auto* head = parquet->add_subcommand("head", "First rows as CSV");
  head->add_option("FILE", parquet_file, "Parquet file")->required();
  head->add_option("-n,--rows", head_rows, "Number of rows (default 10)");
  head->add_option("--columns", parquet_columns, "Only these columns")->delimiter(',');
  auto* to_csv = parquet->add_subcommand("to-csv", "The whole file as CSV");
  to_csv->add_option("FILE", parquet_file, "Parquet file")->required();
  to_csv->add_option("--columns", parquet_columns, "Only these columns")->delimiter(',');
  to_csv->add_option("-o,--output", csv_output, "Output file (default: standard output)");

  pdex::training::TrainOptions train_options;
  bool quick = false;
  auto* train = app.add_subcommand("train", "Simulate the battles, train the XGBoost model, write models/");
  train->add_option("--data-dir", data_dir, "Game data directory (default: $PDEX_DATA_DIR or ./data)");
  train->add_option("-o,--output", train_options.output_dir, "Output directory (default: models)");
  train->add_flag("--quick", quick, "A small seeded subset and 50 trees, for tests (seconds, not minutes)");
  train->add_option("--seed", train_options.dataset.seed, "Seed of the data set, split and training (default 42)");
  train->add_option("--trees", train_options.params.n_estimators, "Number of trees (default 200)");
  train->add_option("--max-depth", train_options.params.max_depth, "Tree depth (default 10)");
  train->add_option("--learning-rate", train_options.params.learning_rate, "Learning rate (default 0.1)");
  train->add_option("--threads", train_options.params.threads, "XGBoost threads (default: every core)");
  train->add_option("--model-version", train_options.model_version, "Version recorded in the metadata (default 1.0.0)");

  std::string reference_path, current_path, out_dir = "reports", column_config;
  bool fail_on_drift = false;
  auto* drift_report = app.add_subcommand(
      "drift-report", "Compare CURRENT with REFERENCE (Parquet or CSV) and write a drift report, as pdex-drift does");
  drift_report->add_option("--reference", reference_path, "Reference data (e.g. models/reference.parquet)")->required();
  drift_report->add_option("--current", current_path, "Current data, same columns")->required();
  drift_report->add_option("--out", out_dir, "Reports directory (default: reports)");
  drift_report->add_option("--column-config", column_config, "Per-column tests and thresholds (JSON, see docs/drift.md)");
  drift_report->add_flag("--fail-on-drift", fail_on_drift, "Exit with status 3 when the data set drifted");

  LoadgenArgs loadgen_args;
  auto* loadgen = app.add_subcommand(
      "loadgen", "Send POST /predict/best-move traffic at a fixed rate (open loop) and summarize the answers");
  loadgen->add_option("--url", loadgen_args.url, "pdex-api base URL, http:// only (default http://127.0.0.1:8000)");
  loadgen->add_option("--rate", loadgen_args.rate, "Requests per second")->required();
  loadgen->add_option("--duration", loadgen_args.duration, "Seconds to run")->required();
  loadgen->add_option("--seed", loadgen_args.seed, "Seed of the request bodies (default 1)");
  loadgen->add_flag("--drift", loadgen_args.drift,
                    "Skew the bodies (mostly Fire and Dragon Pokémon, A's most powerful move) so drift shows");
  loadgen->add_option("--api-key", loadgen_args.api_key, "Sent as X-API-Key");
  loadgen->add_option("--timeout", loadgen_args.timeout, "Seconds per request (default 5)");
  loadgen->add_option("--connections", loadgen_args.connections, "Keep-alive connections, one thread each (default 4)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}));
  loadgen->add_option("--max-failures", loadgen_args.max_failures,
                      "Failed requests (non-2xx or no answer) tolerated before exit status 1 (default 0)");
  loadgen->add_flag("--json", loadgen_args.json, "Print the summary as one JSON object");
  loadgen->add_option("--data-dir", data_dir, "Game data directory (default: $PDEX_DATA_DIR or ./data)");

  // Bad arguments exit with status 2 (--help with 0).
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (load->parsed()) return LoadData(data_dir, database_url, check_only);
    if (train->parsed()) return Train(data_dir, train_options, quick);
    if (loadgen->parsed()) return Loadgen(data_dir, loadgen_args);
    if (drift_report->parsed()) {
      return DriftReport(reference_path, current_path, out_dir, column_config, fail_on_drift);
    }
    if (schema->parsed()) {
      pdex::parquet::DescribeFile(pdex::parquet::FileReader::Open(parquet_file), std::cout);
      return 0;
    }
    if (head->parsed()) return ParquetToCsv(parquet_file, parquet_columns, head_rows, std::cout);
    if (to_csv->parsed()) {
      if (csv_output.empty()) return ParquetToCsv(parquet_file, parquet_columns, SIZE_MAX, std::cout);
      std::ofstream out(csv_output, std::ios::binary);
      if (!out) throw std::runtime_error("cannot write " + csv_output);
      return ParquetToCsv(parquet_file, parquet_columns, SIZE_MAX, out);
    }
  } catch (const std::exception& e) {
    std::cerr << "pdex: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
