#include "drift/binning.h"

#include <algorithm>
#include <cmath>

#include "drift/stattest.h"

namespace pdex::drift {
namespace {

// numpy.linspace(first, last, bins + 1) with numpy's operation order, so
// that the edges are bit for bit numpy's.
std::vector<double> EqualWidthEdges(double first, double last, std::size_t bins) {
  std::vector<double> edges(bins + 1);
  const double delta = last - first;
  const double divisor = static_cast<double>(bins);
  const double step = delta / divisor;
  for (std::size_t i = 0; i < bins; ++i) {
    const double index = static_cast<double>(i);
    // numpy divides first when the step underflows to zero (subnormal ranges).
    const double offset = step == 0 ? index / divisor * delta : index * step;
    edges[i] = offset + first;
  }
  edges[bins] = last;
  return edges;
}

// Each side's share of values per entry, before any zero filling.
BinnedShares RawShares(const ColumnSample& reference, const ColumnSample& current) {
  const double reference_size = static_cast<double>(reference.size());
  const double current_size = static_cast<double>(current.size());
  BinnedShares shares;
  if (reference.kind == ColumnKind::kNumerical && reference.numbers.distinct().size() > 20) {
    const double min = std::min(reference.numbers.min(), current.numbers.min());
    const double max = std::max(reference.numbers.max(), current.numbers.max());
    const std::vector<double> edges = SturgesEdges(min, max, reference.size() + current.size());
    for (const std::uint64_t count : HistogramCounts(reference.numbers, edges)) {
      shares.reference.push_back(static_cast<double>(count) / reference_size);
    }
    for (const std::uint64_t count : HistogramCounts(current.numbers, edges)) {
      shares.current.push_back(static_cast<double>(count) / current_size);
    }
    return shares;
  }
  AlignedCounts counts = AlignCounts(reference, current);
  shares.reference = std::move(counts.reference);
  shares.current = std::move(counts.current);
  for (double& share : shares.reference) share /= reference_size;
  for (double& share : shares.current) share /= current_size;
  return shares;
}

// Evidently's "feel_zeroes": zero shares become a small positive share so
// that logarithms of ratios stay finite.
void FillZeroes(std::vector<double>& shares) {
  double smallest = 0;
  for (const double share : shares) {
    if (share != 0 && (smallest == 0 || share < smallest)) smallest = share;
  }
  const double fill = smallest != 0 && smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
  std::replace(shares.begin(), shares.end(), 0.0, fill);
}

}  // namespace

std::vector<double> SturgesEdges(double min, double max, std::size_t size) {
  const double range = max - min;
  if (!std::isfinite(range)) {
    throw StatTestError("the values span more than the largest double; they cannot be binned");
  }
  if (range == 0) return EqualWidthEdges(min - 0.5, max + 0.5, 1);
  const double width = range / (std::log2(static_cast<double>(size)) + 1.0);
  const auto bins = static_cast<std::size_t>(std::ceil(range / width));
  return EqualWidthEdges(min, max, bins);
}

std::vector<std::uint64_t> HistogramCounts(const NumericSample& sample, std::span<const double> edges) {
  std::vector<std::uint64_t> counts(edges.size() - 1);
  std::uint64_t below_lower = sample.CountBelow(edges[0]);
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const bool last = i + 2 == edges.size();
    const std::uint64_t below_upper = last ? sample.CountAtMost(edges[i + 1]) : sample.CountBelow(edges[i + 1]);
    counts[i] = below_upper - below_lower;
    below_lower = below_upper;
  }
  return counts;
}

BinnedShares EvidentlyBinnedShares(const ColumnSample& reference, const ColumnSample& current, bool fill_zeroes) {
  BinnedShares shares = RawShares(reference, current);
  if (fill_zeroes) {
    FillZeroes(shares.reference);
    FillZeroes(shares.current);
  }
  return shares;
}

}  // namespace pdex::drift
