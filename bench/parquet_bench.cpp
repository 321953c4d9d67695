// Times this project's Parquet reader and writer on one file, for
// bench/parquet_vs_duckdb.sh. Prints one line of key=value figures.
//   parquet_bench read FILE          read every column of every row group
//   parquet_bench write FILE OUT     read FILE (untimed), then time writing it
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "parquet/reader.h"
#include "parquet/writer.h"

namespace {

using pdex::parquet::Column;
using pdex::parquet::Storage;
using pdex::parquet::Table;

// Bytes of decoded column data a table holds (its vectors' sizes, not
// capacities): what "peak memory under 2x the decoded data" compares with.
size_t DecodedBytes(const Table& table) {
  size_t bytes = 0;
  for (const Column& c : table.columns()) {
    bytes += c.validity().size();
    switch (c.storage()) {
      case Storage::kInt64: bytes += c.ints().size() * sizeof(int64_t); break;
      case Storage::kDouble: bytes += c.doubles().size() * sizeof(double); break;
      case Storage::kBinary: bytes += c.binary().bytes().size() + c.binary().offsets().size() * sizeof(uint32_t); break;
      case Storage::kDictionary:
        bytes += c.codes().size() * sizeof(int32_t) + c.dictionary().bytes().size() +
                 c.dictionary().offsets().size() * sizeof(uint32_t);
        break;
    }
  }
  return bytes;
}

size_t PeakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<size_t>(usage.ru_maxrss) * 1024;
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "read" && argc == 3) {
      const size_t rss_before = PeakRssBytes();
      const auto start = std::chrono::steady_clock::now();
      const auto reader = pdex::parquet::FileReader::Open(argv[2]);
      const Table table = reader.ReadAll();
      const double seconds = Since(start);
      std::printf("read_seconds=%.4f rows=%zu columns=%zu decoded_bytes=%zu peak_rss_bytes=%zu base_rss_bytes=%zu\n",
                  seconds, table.num_rows(), table.num_columns(), DecodedBytes(table), PeakRssBytes(), rss_before);
      return 0;
    }
    if (mode == "write" && argc == 4) {
      const Table table = pdex::parquet::FileReader::Open(argv[2]).ReadAll();
      const auto start = std::chrono::steady_clock::now();
      pdex::parquet::WriteTable(argv[3], table);  // SNAPPY, the default
      std::printf("write_seconds=%.4f rows=%zu\n", Since(start), table.num_rows());
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "parquet_bench: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: parquet_bench read FILE | write FILE OUT\n";
  return 2;
}
