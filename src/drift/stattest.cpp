#include "drift/stattest.h"

#include <array>

#include "drift/stattests_impl.h"

namespace pdex::drift {

std::span<const StatTest> AllStatTests() {
  // Pointers: the tests are defined in other translation units, so their
  // values may not be initialized yet when this array would be.
  static const std::array<const StatTest*, 15> kPointers{
      &tests::kKs,          &tests::kChiSquare,      &tests::kZ,          &tests::kWasserstein,
      &tests::kJensenShannon, &tests::kPsi,          &tests::kKlDivergence, &tests::kHellinger,
      &tests::kEnergyDistance, &tests::kTTest,       &tests::kMannWhitney, &tests::kCramerVonMises,
      &tests::kAndersonDarling, &tests::kGTest,      &tests::kFisherExact};
  static const std::array<StatTest, 15> kAll = [] {
    std::array<StatTest, 15> all{};
    for (std::size_t i = 0; i < kPointers.size(); ++i) all[i] = *kPointers[i];
    return all;
  }();
  return kAll;
}

const StatTest* FindStatTest(std::string_view name) {
  for (const StatTest& test : AllStatTests()) {
    if (test.name == name) return &test;
  }
  return nullptr;
}

const StatTest& DefaultStatTest(const ColumnSample& reference, const ColumnSample& current) {
  const std::size_t distinct = DistinctInUnion(reference, current);
  const bool numerical = reference.kind == ColumnKind::kNumerical;
  if (reference.size() <= 1000) {
    if (numerical && distinct > 5) return tests::kKs;
    return distinct > 2 ? tests::kChiSquare : tests::kZ;
  }
  if (numerical && distinct > 5) return tests::kWasserstein;
  return tests::kJensenShannon;
}

}  // namespace pdex::drift
