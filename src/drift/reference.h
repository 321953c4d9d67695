// The training reference the drift service compares batches with: loaded
// once from Parquet or CSV, each column prepared (sorted values, distinct
// counts, category counts) so that a report costs time in the size of the
// batch. Immutable after Load; safe to share between threads.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "drift/column_config.h"
#include "drift/sample.h"
#include "parquet/table.h"

namespace pdex::drift {

// The reference cannot be used: unreadable file, bad format, a column the
// configuration names that it lacks. The message names the file.
class ReferenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ColumnRole {
  kFeature,     // tested, counts towards dataset drift
  kPrediction,  // `prediction` / `probability`: prediction drift, reported apart
};

struct ReferenceColumn {
  std::string name;
  ColumnRole role = ColumnRole::kFeature;
  ColumnKind kind = ColumnKind::kNumerical;
  ColumnSample sample;
  const StatTest* stattest = nullptr;  // configured test; null = Evidently's default
  double threshold = 0;                // configured threshold; used when has_threshold
  bool has_threshold = false;
};

// Column names that describe an event rather than the model's input, never
// tested: event_id, timestamp, model_version.
bool IsEventMetadataColumn(std::string_view name);

class Reference {
 public:
  // Reads a Parquet file (by its magic bytes) or a CSV file (header row;
  // a column whose every non-empty value is a number is numerical, any other
  // is categorical; empty fields are missing). Throws ReferenceError.
  static Reference Load(const std::string& path, const DriftOptions& options);
  // From a table in memory; `source` names it in errors. Numeric storage
  // (integers, doubles) makes numerical columns; strings, booleans and
  // dictionary columns categorical; `kind` overrides win. Columns of other
  // types (timestamps, binary) and event metadata are skipped.
  static Reference FromTable(const parquet::Table& table, const DriftOptions& options, std::string source);

  const std::string& source() const { return source_; }
  std::size_t rows() const { return rows_; }
  // Feature columns first, in file order, then prediction columns.
  const std::vector<ReferenceColumn>& columns() const { return columns_; }
  const ReferenceColumn* Find(std::string_view name) const;

 private:
  std::string source_;
  std::size_t rows_ = 0;
  std::vector<ReferenceColumn> columns_;
};

// A data file as a table: Parquet (recognised by its magic bytes) or CSV
// (header row; a column whose every non-empty field is a number becomes
// nullable doubles, any other nullable strings; empty fields are nulls).
// Throws ReferenceError naming the file.
parquet::Table ReadDataFile(const std::string& path);

// A table column's values as a sample of `kind`: numbers (integers,
// doubles, booleans as 0/1; strings that parse as numbers) or categories
// (strings; numbers in their shortest decimal form). Nulls, NaN, ±inf and
// strings that are no number in a numerical column are dropped; the count of
// dropped values is added to `*dropped` when given.
ColumnSample SampleOf(const parquet::Column& column, ColumnKind kind, std::size_t* dropped = nullptr);

}  // namespace pdex::drift
