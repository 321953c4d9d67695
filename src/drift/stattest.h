// The drift tests, by Evidently's names, with Evidently's default thresholds
// and verdict rules, computed as SciPy computes them
// (tests/oracle checks every score against SciPy).
//
// A test compares a reference sample with a current one and returns a score
// (a p-value, or a distance) and a verdict. Pure functions; thread-safe.
#pragma once

#include <span>
#include <stdexcept>
#include <string_view>

#include "drift/sample.h"

namespace pdex::drift {

// A test that cannot run on its input: a numerical-only test given
// categories, fisher_exact given more than two categories, ...
class StatTestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StatTestResult {
  // p-value or distance. NaN when either sample is empty (SciPy refuses
  // empty samples); the verdict is then "no drift".
  double score = 0;
  bool drifted = false;
};

enum class ScoreKind {
  kPValue,    // drift when the score is below the threshold
  kDistance,  // drift when the score is at or above the threshold
};

struct StatTest {
  std::string_view name;          // "ks", "wasserstein", ... (configuration)
  std::string_view display_name;  // Evidently's stattest_name in reports
  ScoreKind score_kind;
  double default_threshold;
  bool numerical;    // accepts numerical columns
  bool categorical;  // accepts categorical columns
  // Throws StatTestError when the test cannot run on these samples.
  StatTestResult (*run)(const ColumnSample& reference, const ColumnSample& current, double threshold);
};

// Every test, in a fixed order.
std::span<const StatTest> AllStatTests();
// The test of that name, or nullptr.
const StatTest* FindStatTest(std::string_view name);

// Evidently's DataDriftPreset choice for a column: ks / chisquare / z for a
// reference of at most 1000 values, wasserstein / jensenshannon above.
const StatTest& DefaultStatTest(const ColumnSample& reference, const ColumnSample& current);

}  // namespace pdex::drift
