#include "drift/sample.h"

#include <algorithm>
#include <array>
#include <bit>
#include <unordered_map>
#include <utility>
#include <cmath>
#include <limits>

namespace pdex::drift {

std::string_view ColumnKindName(ColumnKind kind) { return kind == ColumnKind::kNumerical ? "num" : "cat"; }

namespace {

// Sorts finite doubles ascending by their bits, in linear time: an LSD radix
// sort on 11-bit digits of keys whose unsigned order is the numbers' order
// (sign bit flipped for positives, every bit for negatives). Passes whose
// digit is the same for every key are skipped, so small integers cost two or
// three passes. The order puts -0.0 just before +0.0, which compare equal
// and so fall in one distinct value anyway.
void RadixSort(std::vector<double>& values) {
  constexpr unsigned kBits = 11;
  constexpr std::size_t kPasses = (64 + kBits - 1) / kBits;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  const std::size_t n = values.size();
  std::vector<std::uint64_t> keys(n), scratch(n);
  std::vector<std::array<std::size_t, kBuckets>> histograms(kPasses);
  for (auto& histogram : histograms) histogram.fill(0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto bits = std::bit_cast<std::uint64_t>(values[i]);
    keys[i] = (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
    for (std::size_t pass = 0; pass < kPasses; ++pass) ++histograms[pass][(keys[i] >> (pass * kBits)) & (kBuckets - 1)];
  }
  for (std::size_t pass = 0; pass < kPasses; ++pass) {
    auto& histogram = histograms[pass];
    const std::uint64_t first_digit = (keys[0] >> (pass * kBits)) & (kBuckets - 1);
    if (histogram[first_digit] == n) continue;  // every key has this digit
    std::size_t offset = 0;
    for (auto& count : histogram) offset += std::exchange(count, offset);
    for (std::size_t i = 0; i < n; ++i) scratch[histogram[(keys[i] >> (pass * kBits)) & (kBuckets - 1)]++] = keys[i];
    keys.swap(scratch);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t key = keys[i];
    values[i] = std::bit_cast<double>((key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key);
  }
}

}  // namespace

NumericSample::NumericSample(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  size_ = values.size();
  if (values.empty()) return;
  RadixSort(values);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i;
    while (j < values.size() && values[j] == values[i]) ++j;
    distinct_.push_back(values[i]);
    counts_.push_back(j - i);
    seen += j - i;
    cumulative_.push_back(seen);
    i = j;
  }
  // Two passes, as numpy computes mean and variance; over distinct values
  // with their counts (exact to ~1e-15 relative at our sizes).
  double sum = 0;
  for (std::size_t k = 0; k < distinct_.size(); ++k) sum += distinct_[k] * static_cast<double>(counts_[k]);
  mean_ = sum / static_cast<double>(size_);
  double squares = 0;
  for (std::size_t k = 0; k < distinct_.size(); ++k) {
    const double deviation = distinct_[k] - mean_;
    squares += deviation * deviation * static_cast<double>(counts_[k]);
  }
  variance_ = squares / static_cast<double>(size_);
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
  if (size_ < 2) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(size_);
  return variance_ * n / (n - 1);
}

CategorySample::CategorySample(const std::vector<std::string_view>& values) {
  // Counting by hash, then sorting the few distinct categories: a batch
  // holds thousands of values of a few dozen categories.
  std::unordered_map<std::string_view, std::uint64_t> counts;
  for (std::string_view value : values) ++counts[value];
  counts_.reserve(counts.size());
  for (const auto& [category, count] : counts) counts_.emplace_back(std::string(category), count);
  std::sort(counts_.begin(), counts_.end());
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
  if (a.kind == ColumnKind::kNumerical) {
    // The larger sample's distinct values plus the smaller's that it lacks,
    // found by binary search when the smaller is much smaller (a batch
    // against a large reference), else by one merge.
    const NumericSample& large = a.numbers.distinct().size() >= b.numbers.distinct().size() ? a.numbers : b.numbers;
    const NumericSample& small = &large == &a.numbers ? b.numbers : a.numbers;
    const std::size_t n_large = large.distinct().size(), n_small = small.distinct().size();
    if (n_small * static_cast<std::size_t>(std::bit_width(n_large)) < n_large) {
      std::size_t distinct = n_large;
      for (double value : small.distinct()) {
        if (!std::binary_search(large.distinct().begin(), large.distinct().end(), value)) ++distinct;
      }
      return distinct;
    }
  }
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
