#include "drift/column_config.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace pdex::drift {

namespace {

Correction ParseCorrection(const std::string& name, const std::string& source) {
  if (name == "none") return Correction::kNone;
  if (name == "bonferroni") return Correction::kBonferroni;
  if (name == "benjamini_hochberg") return Correction::kBenjaminiHochberg;
  throw ConfigError(source + ": correction must be none, bonferroni or benjamini_hochberg, not '" + name + "'");
}

ColumnOverride ParseOverride(const std::string& column, const nlohmann::json& spec, const std::string& source) {
  const std::string where = source + ": columns." + column;
  if (!spec.is_object()) throw ConfigError(where + " must be an object");
  ColumnOverride result;
  for (const auto& [key, value] : spec.items()) {
    if (key == "stattest") {
      if (!value.is_string()) throw ConfigError(where + ".stattest must be a string");
      result.stattest = FindStatTest(value.get<std::string>());
      if (result.stattest == nullptr) {
        std::string known;
        for (const StatTest& test : AllStatTests()) known += (known.empty() ? "" : ", ") + std::string(test.name);
        throw ConfigError(where + ".stattest: unknown test '" + value.get<std::string>() + "' (known: " + known + ")");
      }
    } else if (key == "threshold") {
      if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
        throw ConfigError(where + ".threshold must be a number >= 0");
      }
      result.threshold = value.get<double>();
    } else if (key == "kind") {
      if (value == "num") {
        result.kind = ColumnKind::kNumerical;
      } else if (value == "cat") {
        result.kind = ColumnKind::kCategorical;
      } else {
        throw ConfigError(where + ".kind must be \"num\" or \"cat\"");
      }
    } else {
      throw ConfigError(where + ": unknown key '" + key + "' (stattest, threshold, kind)");
    }
  }
  if (result.stattest != nullptr && result.kind) {
    const bool accepted = *result.kind == ColumnKind::kNumerical ? result.stattest->numerical
                                                                  : result.stattest->categorical;
    if (!accepted) {
      throw ConfigError(where + ": test '" + std::string(result.stattest->name) + "' does not accept " +
                        std::string(ColumnKindName(*result.kind)) + " columns");
    }
  }
  return result;
}

}  // namespace

DriftOptions DriftOptions::Parse(std::string_view json, const std::string& source) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(source + ": not valid JSON: " + e.what());
  }
  if (!document.is_object()) throw ConfigError(source + ": the configuration must be a JSON object");
  DriftOptions options;
  for (const auto& [key, value] : document.items()) {
    if (key == "drift_share") {
      if (!value.is_number() || value.get<double>() <= 0 || value.get<double>() > 1) {
        throw ConfigError(source + ": drift_share must be a number in (0, 1]");
      }
      options.drift_share = value.get<double>();
    } else if (key == "correction") {
      if (!value.is_string()) throw ConfigError(source + ": correction must be a string");
      options.correction = ParseCorrection(value.get<std::string>(), source);
    } else if (key == "ignore") {
      if (!value.is_array()) throw ConfigError(source + ": ignore must be an array of column names");
      for (const auto& name : value) {
        if (!name.is_string()) throw ConfigError(source + ": ignore must be an array of column names");
        options.ignored.insert(name.get<std::string>());
      }
    } else if (key == "columns") {
      if (!value.is_object()) throw ConfigError(source + ": columns must be an object");
      for (const auto& [column, spec] : value.items()) options.columns[column] = ParseOverride(column, spec, source);
    } else {
      throw ConfigError(source + ": unknown key '" + key + "' (drift_share, correction, ignore, columns)");
    }
  }
  return options;
}

DriftOptions DriftOptions::ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read the column configuration " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return Parse(content.str(), path);
}

const ColumnOverride* DriftOptions::Find(std::string_view column) const {
  auto it = columns.find(column);
  return it == columns.end() ? nullptr : &it->second;
}

std::string_view CorrectionName(Correction correction) {
  switch (correction) {
    case Correction::kNone: return "none";
    case Correction::kBonferroni: return "bonferroni";
    case Correction::kBenjaminiHochberg: return "benjamini_hochberg";
  }
  return "none";
}

}  // namespace pdex::drift
