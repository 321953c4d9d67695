// Compares a batch with the reference, column by column, the way Evidently's
// DataDriftPreset does, and decides dataset drift. Pure: no I/O, no clock
// beyond timing itself; thread-safe for concurrent calls.
#pragma once

#include "drift/column_config.h"
#include "drift/reference.h"
#include "drift/result.h"
#include "parquet/table.h"

namespace pdex::drift {

// Tests every reference column against the batch column of the same name (a
// column the batch lacks has no current values: score NaN, not drifted).
// A configured test that refuses the data (e.g. fisher_exact on three
// categories) leaves its column undecided (NaN, not drifted, `error` set)
// rather than failing the whole report.
DriftResult Analyze(const Reference& reference, const parquet::Table& current, const DriftOptions& options);

// Multiple-testing correction of p-values (in place, same order): Bonferroni
// min(1, p·m), or Benjamini–Hochberg step-up adjusted p-values. NaN entries
// are left as they are and not counted in m.
void CorrectPValues(std::vector<double>& p_values, Correction correction);

// Reference and current distributions on shared bins, for plots: 30 equal
// bins over both samples' range for numbers with more than 20 distinct
// values, otherwise one bar per value (the 20 most frequent, the rest folded
// into "other").
Distribution PlotDistribution(const ColumnSample& reference, const ColumnSample& current);

}  // namespace pdex::drift
