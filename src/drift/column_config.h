// How the drift service tests the columns: Evidently's defaults, overridden
// per column by an optional JSON file (COLUMN_CONFIG / --column-config):
//
//   {
//     "drift_share": 0.5,                 // dataset drift at >= this share
//     "correction": "none",               // or "bonferroni", "benjamini_hochberg"
//     "ignore": ["hp_diff"],              // columns not tested
//     "columns": {
//       "a_hp":    {"stattest": "psi", "threshold": 0.2},
//       "a_speed": {"kind": "cat"}        // test a number column as categories
//     }
//   }
//
// Every key is optional. Plain data plus a parser; thread-safe to share.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "drift/result.h"
#include "drift/sample.h"
#include "drift/stattest.h"

namespace pdex::drift {

// A configuration that cannot be used: bad JSON, an unknown test, a test
// that does not accept the column's kind, a column the reference lacks.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ColumnOverride {
  const StatTest* stattest = nullptr;   // null: Evidently's default choice
  std::optional<double> threshold;      // absent: the test's default
  std::optional<ColumnKind> kind;       // absent: from the column's type
};

struct DriftOptions {
  double drift_share = 0.5;
  Correction correction = Correction::kNone;
  std::set<std::string, std::less<>> ignored;
  std::map<std::string, ColumnOverride, std::less<>> columns;

  // Parses the JSON above; `source` names it in errors. Throws ConfigError.
  static DriftOptions Parse(std::string_view json, const std::string& source);
  // Reads and parses a file; throws ConfigError naming it.
  static DriftOptions ReadFile(const std::string& path);

  const ColumnOverride* Find(std::string_view column) const;
};

std::string_view CorrectionName(Correction correction);

}  // namespace pdex::drift
