// How Evidently turns a column into per-bin or per-value shares before the
// distance tests (jensenshannon, psi, kl_div, hellinger) compare them, with
// numpy's bin edges and counting rules reproduced exactly, so that counts
// agree with numpy's for values lying on an edge.
//
// Internal to the drift component. Pure functions; thread-safe. Costs
// O(bins · log distinct) per numerical sample, never O(sample size).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "drift/sample.h"

namespace pdex::drift {

// numpy.histogram_bin_edges(values, bins="sturges") for `size` (> 0) values
// whose smallest and largest are `min` and `max`: ceil(ptp / width) equal
// bins, width = ptp / (log2(size) + 1), over [min, max] (over
// [min - 0.5, max + 0.5] in one bin when min == max). Edge i is
// first + i·step, step = (last - first) / bins, the last edge exactly
// `last`, as numpy.linspace computes them. Throws StatTestError when
// max - min overflows.
std::vector<double> SturgesEdges(double min, double max, std::size_t size);

// numpy.histogram(values, bins=edges)[0] for explicit (ascending, at least
// two) edges: bin i holds edges[i] <= v < edges[i+1], the last bin also
// v == edges.back(); values outside the edges are not counted.
std::vector<std::uint64_t> HistogramCounts(const NumericSample& sample, std::span<const double> edges);

// Evidently's get_binned_data: each sample's share of values per bin or per
// value. A numerical column whose reference holds more than 20 distinct
// values is cut into Sturges bins over reference ∪ current; otherwise (and
// always for categories) there is one entry per value present on either
// side, in ascending value order. With `fill_zeroes`, each side's zero
// shares become min(non-zero share) / 1e6 when that minimum is <= 1e-4,
// else 1e-4 (Evidently's "feel_zeroes"). Both samples must be non-empty and
// of the same kind.
struct BinnedShares {
  std::vector<double> reference;
  std::vector<double> current;
};
BinnedShares EvidentlyBinnedShares(const ColumnSample& reference, const ColumnSample& current, bool fill_zeroes);

}  // namespace pdex::drift
