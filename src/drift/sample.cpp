#include "drift/sample.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pdex::drift {

std::string_view ColumnKindName(ColumnKind kind) { return kind == ColumnKind::kNumerical ? "num" : "cat"; }

NumericSample::NumericSample(std::vector<double> values) : sorted_(std::move(values)) {
  std::erase_if(sorted_, [](double v) { return !std::isfinite(v); });
  std::sort(sorted_.begin(), sorted_.end());
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < sorted_.size();) {
    std::size_t j = i;
    while (j < sorted_.size() && sorted_[j] == sorted_[i]) ++j;
    distinct_.push_back(sorted_[i]);
    counts_.push_back(j - i);
    seen += j - i;
    cumulative_.push_back(seen);
    i = j;
  }
  if (sorted_.empty()) return;
  // Two passes, as numpy computes mean and variance (pairwise summation
  // there; plain summation here, exact to ~1e-15 relative at our sizes).
  double sum = 0;
  for (double v : sorted_) sum += v;
  mean_ = sum / static_cast<double>(sorted_.size());
  double squares = 0;
  for (double v : sorted_) squares += (v - mean_) * (v - mean_);
  variance_ = squares / static_cast<double>(sorted_.size());
}

std::uint64_t NumericSample::CountBelow(double x) const {
  auto it = std::lower_bound(distinct_.begin(), distinct_.end(), x);
  return it == distinct_.begin() ? 0 : cumulative_[static_cast<std::size_t>(it - distinct_.begin()) - 1];
}

std::uint64_t NumericSample::CountAtMost(double x) const {
  auto it = std::upper_bound(distinct_.begin(), distinct_.end(), x);
  return it == distinct_.begin() ? 0 : cumulative_[static_cast<std::size_t>(it - distinct_.begin()) - 1];
}

double NumericSample::sample_variance() const {
  if (sorted_.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(sorted_.size());
  return variance_ * n / (n - 1);
}

CategorySample::CategorySample(const std::vector<std::string_view>& values) {
  std::vector<std::string_view> sorted(values);
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    counts_.emplace_back(std::string(sorted[i]), j - i);
    i = j;
  }
  size_ = values.size();
}

CategorySample CategorySample::FromCounts(std::vector<std::pair<std::string, std::uint64_t>> counts) {
  std::sort(counts.begin(), counts.end());
  CategorySample sample;
  for (auto& [category, count] : counts) {
    if (count == 0) continue;
    sample.size_ += count;
    if (!sample.counts_.empty() && sample.counts_.back().first == category) {
      sample.counts_.back().second += count;
    } else {
      sample.counts_.emplace_back(std::move(category), count);
    }
  }
  return sample;
}

std::uint64_t CategorySample::CountOf(std::string_view category) const {
  auto it = std::lower_bound(counts_.begin(), counts_.end(), category,
                             [](const auto& entry, std::string_view key) { return entry.first < key; });
  return it != counts_.end() && it->first == category ? it->second : 0;
}

ColumnSample ColumnSample::Numerical(std::vector<double> values) {
  ColumnSample sample;
  sample.kind = ColumnKind::kNumerical;
  sample.numbers = NumericSample(std::move(values));
  return sample;
}

ColumnSample ColumnSample::Categorical(const std::vector<std::string_view>& values) {
  ColumnSample sample;
  sample.kind = ColumnKind::kCategorical;
  sample.categories = CategorySample(values);
  return sample;
}

namespace {

// Walks the union of two ascending key sequences, calling visit(ref_count,
// cur_count) once per distinct key.
template <typename Keys, typename CountA, typename CountB, typename Visit>
void MergeCounts(const Keys& a_keys, CountA a_count, const Keys& b_keys, CountB b_count, Visit visit) {
  std::size_t i = 0, j = 0;
  while (i < a_keys.size() || j < b_keys.size()) {
    if (j == b_keys.size() || (i < a_keys.size() && a_keys[i] < b_keys[j])) {
      visit(a_count(i), std::uint64_t{0});
      ++i;
    } else if (i == a_keys.size() || b_keys[j] < a_keys[i]) {
      visit(std::uint64_t{0}, b_count(j));
      ++j;
    } else {
      visit(a_count(i), b_count(j));
      ++i;
      ++j;
    }
  }
}

template <typename Visit>
void VisitUnion(const ColumnSample& a, const ColumnSample& b, Visit visit) {
  if (a.kind == ColumnKind::kNumerical) {
    ForEachDistinct(a.numbers, b.numbers, [&](double, std::uint64_t r, std::uint64_t c) { visit(r, c); });
    return;
  }
  // Category keys are compared through a light view of the pairs' strings.
  std::vector<std::string_view> a_keys, b_keys;
  a_keys.reserve(a.categories.counts().size());
  b_keys.reserve(b.categories.counts().size());
  for (const auto& [key, count] : a.categories.counts()) a_keys.push_back(key);
  for (const auto& [key, count] : b.categories.counts()) b_keys.push_back(key);
  MergeCounts(
      a_keys, [&](std::size_t i) { return a.categories.counts()[i].second; }, b_keys,
      [&](std::size_t i) { return b.categories.counts()[i].second; }, visit);
}

}  // namespace

std::size_t DistinctInUnion(const ColumnSample& a, const ColumnSample& b) {
  std::size_t distinct = 0;
  VisitUnion(a, b, [&](std::uint64_t, std::uint64_t) { ++distinct; });
  return distinct;
}

AlignedCounts AlignCounts(const ColumnSample& reference, const ColumnSample& current) {
  AlignedCounts aligned;
  VisitUnion(reference, current, [&](std::uint64_t r, std::uint64_t c) {
    aligned.reference.push_back(static_cast<double>(r));
    aligned.current.push_back(static_cast<double>(c));
  });
  return aligned;
}

}  // namespace pdex::drift
