// Runs drift tests on cases read from stdin, one JSON object per line:
//   {"id": "...", "test": "ks", "kind": "num"|"cat", "reference": [...],
//    "current": [...], "threshold": 0.05}     (threshold optional)
// Numbers may be given as the strings "nan", "inf", "-inf". Prints one line
// per case: {"id": ..., "score": x|null, "drifted": bool} or
// {"id": ..., "error": "..."} when the test refuses the input.
// "test": "default" runs the test Evidently's preset would choose and adds
// its name as "chosen".
#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drift/stattest.h"

namespace {

using pdex::drift::ColumnSample;

double ToNumber(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  const std::string text = value.get<std::string>();
  if (text == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  throw std::runtime_error("not a number: " + text);
}

ColumnSample ToSample(const nlohmann::json& values, bool numerical) {
  if (numerical) {
    std::vector<double> numbers;
    for (const auto& v : values) numbers.push_back(ToNumber(v));
    return ColumnSample::Numerical(std::move(numbers));
  }
  std::vector<std::string> strings;
  for (const auto& v : values) strings.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  std::vector<std::string_view> views(strings.begin(), strings.end());
  return ColumnSample::Categorical(views);
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    const auto input = nlohmann::json::parse(line);
    nlohmann::json output{{"id", input.at("id")}};
    try {
      const bool numerical = input.at("kind") == "num";
      const ColumnSample reference = ToSample(input.at("reference"), numerical);
      const ColumnSample current = ToSample(input.at("current"), numerical);
      const std::string name = input.at("test");
      const pdex::drift::StatTest* test = name == "default" ? &pdex::drift::DefaultStatTest(reference, current)
                                                             : pdex::drift::FindStatTest(name);
      if (test == nullptr) throw pdex::drift::StatTestError("unknown test " + name);
      if (name == "default") output["chosen"] = test->name;
      const double threshold = input.contains("threshold") ? input["threshold"].get<double>() : test->default_threshold;
      const auto result = test->run(reference, current, threshold);
      output["score"] = std::isnan(result.score) ? nlohmann::json(nullptr) : nlohmann::json(result.score);
      output["drifted"] = result.drifted;
    } catch (const pdex::drift::StatTestError& e) {
      output["error"] = e.what();
    }
    std::cout << output.dump() << '\n';
  }
  return 0;
}
