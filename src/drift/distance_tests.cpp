// The distance tests (wasserstein, ed, jensenshannon, psi, kl_div,
// hellinger), as Evidently computes them with SciPy and numpy.
//
// Cost per call: wasserstein and ed walk the distinct values of both samples
// once, O(distinct reference + distinct current); jensenshannon, psi and
// kl_div cost O(bins · log distinct) for numerical columns with more than 20
// distinct reference values and O(distinct reference + distinct current)
// otherwise; hellinger counts the distinct values of both samples. None
// walks the reference's individual values.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "drift/binning.h"
#include "drift/stattests_impl.h"

namespace pdex::drift::tests {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

StatTestResult NoScore() { return {kNaN, false}; }

void RequireNumerical(const ColumnSample& reference, std::string_view test_name) {
  if (reference.kind != ColumnKind::kNumerical) {
    throw StatTestError(std::string(test_name) + " applies to numerical columns only");
  }
}

double Sum(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) sum += v;
  return sum;
}

// SciPy's rel_entr(x, y): x·log(x/y), 0 when x is 0, +inf when y is 0 < x.
double RelativeEntropyTerm(double x, double y) {
  if (x > 0 && y > 0) return x * std::log(x / y);
  if (x == 0 && y >= 0) return 0;
  return std::numeric_limits<double>::infinity();
}

// SciPy's _cdf_distance for order 1 or 2 before its final root:
// ∫ |F_ref(t) - F_cur(t)|^order dt over the empirical CDFs, summed over the
// gaps between consecutive distinct values of both samples, where both
// CDFs are constant.
double CdfDistanceIntegral(const NumericSample& reference, const NumericSample& current, int order) {
  const double ref_size = static_cast<double>(reference.size());
  const double cur_size = static_cast<double>(current.size());
  // Values of each sample <= the previous distinct value, where the walk
  // stood: both CDFs are constant from there to the next one.
  std::uint64_t ref_at_most = 0, cur_at_most = 0;
  double previous = 0;
  double integral = 0;
  ForEachDistinct(reference, current, [&](double value, std::uint64_t r, std::uint64_t c) {
    if (ref_at_most + cur_at_most > 0) {
      const double gap =
          std::abs(static_cast<double>(ref_at_most) / ref_size - static_cast<double>(cur_at_most) / cur_size);
      integral += (order == 1 ? gap : gap * gap) * (value - previous);
    }
    ref_at_most += r;
    cur_at_most += c;
    previous = value;
  });
  return integral;
}

// Evidently's wasserstein: scipy.stats.wasserstein_distance divided by
// max(population std of the reference, 0.001); drift at >= threshold.
StatTestResult RunWasserstein(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  RequireNumerical(reference, "wasserstein");
  if (reference.empty() || current.empty()) return NoScore();
  const double norm = std::max(std::sqrt(reference.numbers.variance()), 0.001);
  const double distance = CdfDistanceIntegral(reference.numbers, current.numbers, 1) / norm;
  return {distance, distance >= threshold};
}

// Evidently's ed: scipy.stats.energy_distance, √2 · √∫(F_ref - F_cur)²;
// drift strictly above the threshold (Evidently compares with >).
StatTestResult RunEnergyDistance(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  RequireNumerical(reference, "ed");
  if (reference.empty() || current.empty()) return NoScore();
  const double distance =
      std::numbers::sqrt2 * std::sqrt(CdfDistanceIntegral(reference.numbers, current.numbers, 2));
  return {distance, distance > threshold};
}

// Evidently's jensenshannon: scipy.spatial.distance.jensenshannon (natural
// logarithm) of the binned shares without zero filling; drift at >=.
StatTestResult RunJensenShannon(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  BinnedShares shares = EvidentlyBinnedShares(reference, current, false);
  std::vector<double>& p = shares.reference;
  std::vector<double>& q = shares.current;
  const double p_total = Sum(p);
  const double q_total = Sum(q);
  for (double& v : p) v /= p_total;
  for (double& v : q) v /= q_total;
  double left = 0, right = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double middle = (p[i] + q[i]) / 2.0;
    left += RelativeEntropyTerm(p[i], middle);
    right += RelativeEntropyTerm(q[i], middle);
  }
  const double distance = std::sqrt((left + right) / 2.0);
  return {distance, distance >= threshold};
}

// Evidently's psi: Σ (ref - cur)·ln(ref / cur) over the binned shares with
// zeros filled; drift at >=.
StatTestResult RunPsi(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  const BinnedShares shares = EvidentlyBinnedShares(reference, current, true);
  double psi = 0;
  for (std::size_t i = 0; i < shares.reference.size(); ++i) {
    const double r = shares.reference[i];
    const double c = shares.current[i];
    psi += (r - c) * std::log(r / c);
  }
  return {psi, psi >= threshold};
}

// Evidently's kl_div: scipy.stats.entropy(ref, cur), the Kullback-Leibler
// divergence of the binned shares with zeros filled, each renormalized to
// sum 1 (filling adds mass); drift at >=.
StatTestResult RunKlDivergence(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  BinnedShares shares = EvidentlyBinnedShares(reference, current, true);
  const double p_total = Sum(shares.reference);
  const double q_total = Sum(shares.current);
  double divergence = 0;
  for (std::size_t i = 0; i < shares.reference.size(); ++i) {
    divergence += RelativeEntropyTerm(shares.reference[i] / p_total, shares.current[i] / q_total);
  }
  return {divergence, divergence >= threshold};
}

// sqrt(1 - clip(affinity, 0, 1)), Hellinger's distance from the
// Bhattacharyya affinity; NaN stays NaN as with numpy.clip.
double HellingerFromAffinity(double affinity) {
  const double clipped = std::isnan(affinity) ? affinity : std::clamp(affinity, 0.0, 1.0);
  return std::sqrt(1 - clipped);
}

// Evidently's hellinger. Categories: affinity Σ √(p_ref · p_cur) over the
// values' shares. Numbers: Sturges bins over the distinct values of
// reference ∪ current (their count, not the sample sizes, sets the number
// of bins), numpy density histograms, affinity Σ √(h_ref · h_cur) · width
// with width = (last edge - first edge) / bins. Drift at >=.
StatTestResult RunHellinger(const ColumnSample& reference, const ColumnSample& current, double threshold) {
  if (reference.empty() || current.empty()) return NoScore();
  double affinity = 0;
  if (reference.kind == ColumnKind::kCategorical) {
    const AlignedCounts counts = AlignCounts(reference, current);
    const double ref_size = static_cast<double>(reference.size());
    const double cur_size = static_cast<double>(current.size());
    for (std::size_t i = 0; i < counts.reference.size(); ++i) {
      affinity += std::sqrt((counts.reference[i] / ref_size) * (counts.current[i] / cur_size));
    }
  } else {
    const NumericSample& ref = reference.numbers;
    const NumericSample& cur = current.numbers;
    const std::vector<double> edges = SturgesEdges(std::min(ref.min(), cur.min()), std::max(ref.max(), cur.max()),
                                                   DistinctInUnion(reference, current));
    const std::vector<std::uint64_t> ref_counts = HistogramCounts(ref, edges);
    const std::vector<std::uint64_t> cur_counts = HistogramCounts(cur, edges);
    const double bins = static_cast<double>(ref_counts.size());
    const double width = (edges.back() - edges.front()) / bins;
    // numpy's density: count / bin width / total count.
    const auto density = [&edges](const std::vector<std::uint64_t>& counts, std::size_t i, double total) {
      return static_cast<double>(counts[i]) / (edges[i + 1] - edges[i]) / total;
    };
    const double ref_total = static_cast<double>(ref.size());
    const double cur_total = static_cast<double>(cur.size());
    for (std::size_t i = 0; i < ref_counts.size(); ++i) {
      affinity += std::sqrt(density(ref_counts, i, ref_total) * density(cur_counts, i, cur_total)) * width;
    }
  }
  const double distance = HellingerFromAffinity(affinity);
  return {distance, distance >= threshold};
}

}  // namespace

const StatTest kWasserstein{"wasserstein", "Wasserstein distance (normed)", ScoreKind::kDistance, 0.1, true, false,
                            RunWasserstein};
const StatTest kEnergyDistance{"ed", "Energy-distance", ScoreKind::kDistance, 0.1, true, false, RunEnergyDistance};
const StatTest kJensenShannon{"jensenshannon", "Jensen-Shannon distance", ScoreKind::kDistance, 0.1, true, true,
                              RunJensenShannon};
const StatTest kPsi{"psi", "PSI", ScoreKind::kDistance, 0.1, true, true, RunPsi};
const StatTest kKlDivergence{"kl_div", "Kullback-Leibler divergence", ScoreKind::kDistance, 0.1, true, true,
                             RunKlDivergence};
const StatTest kHellinger{"hellinger", "Hellinger distance", ScoreKind::kDistance, 0.1, true, true, RunHellinger};

}  // namespace pdex::drift::tests
