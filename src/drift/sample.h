// A column's values prepared once for the drift tests, so that comparing a
// current batch with the reference costs time in the size of the batch, not
// of the reference: numbers sorted with their distinct values and counts,
// categories with their counts.
//
// NaN and ±inf are dropped when a sample is made, as Evidently drops them
// before testing. Immutable after construction; concurrent reads are safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pdex::drift {

enum class ColumnKind { kNumerical, kCategorical };

// "num" / "cat", Evidently's names for the kinds.
std::string_view ColumnKindName(ColumnKind kind);

class NumericSample {
 public:
  NumericSample() = default;
  // Takes the values by value (sorts them in place); drops NaN and ±inf.
  explicit NumericSample(std::vector<double> values);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The distinct values ascending, how often each occurs, and how many
  // values are <= each (cumulative.back() == size()).
  const std::vector<double>& distinct() const { return distinct_; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  const std::vector<std::uint64_t>& cumulative() const { return cumulative_; }

  // Number of values < x and <= x, in O(log distinct).
  std::uint64_t CountBelow(double x) const;
  std::uint64_t CountAtMost(double x) const;

  double min() const { return distinct_.front(); }  // requires !empty()
  double max() const { return distinct_.back(); }   // requires !empty()
  double mean() const { return mean_; }
  // Population variance (ddof = 0, numpy's default) and sample variance
  // (ddof = 1; NaN below two values).
  double variance() const { return variance_; }
  double sample_variance() const;

 private:
  std::size_t size_ = 0;
  std::vector<double> distinct_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::uint64_t> cumulative_;
  double mean_ = 0;
  double variance_ = 0;
};

class CategorySample {
 public:
  CategorySample() = default;
  explicit CategorySample(const std::vector<std::string_view>& values);
  // From (category, count) pairs, in any order; repeated categories add up.
  static CategorySample FromCounts(std::vector<std::pair<std::string, std::uint64_t>> counts);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // (category, count) with count > 0, ascending by category (byte order).
  const std::vector<std::pair<std::string, std::uint64_t>>& counts() const { return counts_; }
  std::uint64_t CountOf(std::string_view category) const;

 private:
  std::vector<std::pair<std::string, std::uint64_t>> counts_;
  std::size_t size_ = 0;
};

// One column of the reference or of a current batch. Exactly one of
// `numbers` / `categories` is in use, as `kind` says.
struct ColumnSample {
  ColumnKind kind = ColumnKind::kNumerical;
  NumericSample numbers;
  CategorySample categories;

  std::size_t size() const { return kind == ColumnKind::kNumerical ? numbers.size() : categories.size(); }
  bool empty() const { return size() == 0; }

  static ColumnSample Numerical(std::vector<double> values);
  static ColumnSample Categorical(const std::vector<std::string_view>& values);
};

// Calls visit(value, count_in_a, count_in_b) once per distinct value of a
// and b together, in ascending order (a count is 0 where the value is absent
// from that sample): the merge the rank and CDF based tests walk.
template <typename Visit>
void ForEachDistinct(const NumericSample& a, const NumericSample& b, Visit visit) {
  const auto& av = a.distinct();
  const auto& bv = b.distinct();
  std::size_t i = 0, j = 0;
  while (i < av.size() || j < bv.size()) {
    if (j == bv.size() || (i < av.size() && av[i] < bv[j])) {
      visit(av[i], a.counts()[i], std::uint64_t{0});
      ++i;
    } else if (i == av.size() || bv[j] < av[i]) {
      visit(bv[j], std::uint64_t{0}, b.counts()[j]);
      ++j;
    } else {
      visit(av[i], a.counts()[i], b.counts()[j]);
      ++i;
      ++j;
    }
  }
}

// Distinct values of a and b together (both of the same kind), in
// O(distinct a + distinct b): what Evidently's choice of test looks at.
std::size_t DistinctInUnion(const ColumnSample& a, const ColumnSample& b);

// The two samples' counts over the union of their distinct values, in
// ascending value order: what the frequency-based tests compare.
struct AlignedCounts {
  std::vector<double> reference;  // counts, as doubles
  std::vector<double> current;
};
AlignedCounts AlignCounts(const ColumnSample& reference, const ColumnSample& current);

}  // namespace pdex::drift
