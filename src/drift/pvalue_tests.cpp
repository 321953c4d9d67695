// The p-value tests on numbers: ks, t_test, mannw, cramer_von_mises and
// anderson, each returning the p-value Evidently gets from SciPy (or, for
// cramer_von_mises, from Evidently's own copy of SciPy's test), with
// Evidently's threshold and verdict rule. tests/oracle checks every one
// against SciPy.
//
// The samples arrive sorted with their distinct values and counts
// (sample.h). ks, the default test for small references, reads the
// reference only through binary searches, so it costs
// O(distinct current × log distinct reference) plus its p-value; the others
// walk both samples' distinct values once, O(distinct reference + distinct
// current), never O(reference × current).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "drift/special_functions.h"
#include "drift/stattests_impl.h"

namespace pdex::drift {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Count = std::uint64_t;

double AsDouble(Count n) { return static_cast<double>(n); }

double Clip01(double p) { return std::clamp(p, 0.0, 1.0); }

// The numbers of a column, or StatTestError when the test is given
// categories.
const NumericSample& NumbersOf(const ColumnSample& column, std::string_view test) {
  if (column.kind != ColumnKind::kNumerical) {
    throw StatTestError(std::string(test) + " applies to numerical columns only, not to a categorical column");
  }
  return column.numbers;
}

// numpy's float64 sum of n values, value_at(i) being the i-th: pairwise
// summation (8 accumulators up to 128 values, halves above) within blocks of
// 8192 values (its buffer size), the blocks added in order. Given the values
// in SciPy's order it reproduces SciPy's sums bit for bit, which matters
// where the result hinges on rounding, as for a constant sample's variance.
template <typename ValueAt>
double NumpyPairwiseSum(const ValueAt& value_at, std::size_t begin, std::size_t n) {
  if (n < 8) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += value_at(begin + i);
    return sum;
  }
  if (n <= 128) {
    std::array<double, 8> partial{};
    for (std::size_t j = 0; j < 8; ++j) partial[j] = value_at(begin + j);
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8) {
      for (std::size_t j = 0; j < 8; ++j) partial[j] += value_at(begin + i + j);
    }
    double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                 ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    for (; i < n; ++i) sum += value_at(begin + i);
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return NumpyPairwiseSum(value_at, begin, half) + NumpyPairwiseSum(value_at, begin + half, n - half);
}

template <typename ValueAt>
double NumpySum(const ValueAt& value_at, std::size_t n) {
  constexpr std::size_t kBlock = 8192;
  double sum = 0;
  for (std::size_t begin = 0; begin < n; begin += kBlock) {
    sum += NumpyPairwiseSum(value_at, begin, std::min(kBlock, n - begin));
  }
  return sum;
}

// ---------------------------------------------------------------------------
// The one-sample two-sided Kolmogorov distribution, P(D_n > x): SciPy's
// kstwo.sf, which ks_2samp uses for large samples. SciPy picks among exact
// and approximate methods as Simard & L'Ecuyer (2011) recommend; each method
// below is the published algorithm, selected by the same bounds, so that our
// value equals SciPy's to the precision SciPy computes it with.
// ---------------------------------------------------------------------------

// log(n! / n^n) by Stirling's series, its terms B_2j / (2j (2j - 1) n^(2j-1))
// up to B16.
double LogFactorialOverPower(double n) {
  constexpr std::array<double, 8> kCoefficients{-3617.0 / 122400, 1.0 / 156,   -691.0 / 360360, 1.0 / 1188,
                                                -1.0 / 1680,      1.0 / 1260,  -1.0 / 360,      1.0 / 12};
  const double r = 1 / n;
  double series = 0;
  for (double coefficient : kCoefficients) series = series * (r / n) + coefficient;
  return std::log(n) / 2 - n + std::log(2 * std::numbers::pi) / 2 + r * series;
}

// Smirnov's one-sided P(D+_n >= x), by the Birnbaum–Tingey sum
//   x Σ_{v=0}^{V} C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v),
// V the last v with x + v/n < 1. Requires 1 < n x < n - 1. The terms are
// positive; they are evaluated as logarithms in long double, so that raising
// bases near 1 to powers near n costs no precision, and the sum stops, as
// SciPy's does, once the remaining terms cannot reach the last double bit.
double SmirnovSf(std::int64_t n, double x) {
  constexpr double kMinLog = -745.13321910194110842;  // log of the smallest double
  if (-2.0 * static_cast<double>(n) * x * x < kMinLog) return 0;
  const double dn = static_cast<double>(n);
  if (n > 1'000'000) {
    // SciPy does not sum that many terms; it uses exp(-(6nx + 1)² / 18n).
    const double log_p = -std::pow(6.0 * dn * x + 1, 2) / 18.0 / dn;
    return log_p < -std::numbers::ln2 ? std::exp(log_p) : Clip01(1 + std::expm1(log_p));
  }
  // floor(n x) of the exact product; a fractional part that rounds to 1
  // counts as the next integer, as in SciPy.
  const double product = dn * x;
  const double product_error = std::fma(dn, x, -product);
  double floor_nx = std::floor(product);
  if (product == floor_nx && product_error < 0) floor_nx -= 1;
  if ((product - floor_nx) + product_error == 1.0) floor_nx += 1;
  const std::int64_t terms = n - static_cast<std::int64_t>(floor_nx);  // v = 0 .. terms - 1

  using Extended = long double;
  const Extended ex = x;
  const Extended en = n;
  Extended log_binomial = 0;
  Extended sum = 0;
  for (std::int64_t v = 0; v < terms; ++v) {
    const Extended ev = static_cast<Extended>(v);
    if (v > 0) log_binomial += std::log((en - ev + 1) / ev);
    const Extended low = ex + ev / en;
    const Extended high = (en - ev) / en - ex;
    const Extended term = std::exp(log_binomial + (ev - 1) * std::log(low) + (en - ev) * std::log(high));
    sum += term;
    if (term != 0) {
      if (4 * static_cast<Extended>(terms - v) * term < std::numeric_limits<double>::epsilon() * sum &&
          v != terms - 1) {
        break;
      }
    } else if (v > n / 2) {
      break;
    }
  }
  return Clip01(static_cast<double>(ex * sum));
}

// A dense square matrix, row-major, for the Durbin method.
class SquareMatrix {
 public:
  explicit SquareMatrix(std::size_t size) : size_(size), cells_(size * size, 0.0) {}
  static SquareMatrix Identity(std::size_t size) {
    SquareMatrix identity(size);
    for (std::size_t i = 0; i < size; ++i) identity(i, i) = 1;
    return identity;
  }
  double& operator()(std::size_t row, std::size_t column) { return cells_[row * size_ + column]; }
  double operator()(std::size_t row, std::size_t column) const { return cells_[row * size_ + column]; }
  SquareMatrix operator*(const SquareMatrix& other) const {
    SquareMatrix product(size_);
    for (std::size_t i = 0; i < size_; ++i) {
      for (std::size_t k = 0; k < size_; ++k) {
        const double left = (*this)(i, k);
        for (std::size_t j = 0; j < size_; ++j) product(i, j) += left * other(k, j);
      }
    }
    return product;
  }
  void Scale(double factor) {
    for (double& cell : cells_) cell *= factor;
  }

 private:
  std::size_t size_;
  std::vector<double> cells_;
};

constexpr int kScaleExponent = 128;  // intermediate results are rescaled by 2^±128

// P(D_n <= d) by Durbin's matrix method as Marsaglia, Tsang & Wang (2003)
// evaluate it: with d = (k - h)/n, the k-th diagonal entry of H^n (H of size
// 2k - 1) times n!/n^n, with binary powering and explicit exponents against
// overflow. Requires 0.5 < n d, d < 1. Cost O(k³ log n).
double DurbinCdf(std::int64_t n, double d) {
  const double nd = static_cast<double>(n) * d;
  const auto k = static_cast<std::size_t>(std::ceil(nd));
  const double h = static_cast<double>(k) - nd;
  const std::size_t m = 2 * k - 1;
  std::vector<double> first_column(m);
  std::vector<double> inverse_factorials(m);
  double factorial_inverse = 1;
  for (std::size_t j = 1; j <= m; ++j) {
    inverse_factorials[j - 1] = factorial_inverse;
    factorial_inverse /= static_cast<double>(j);
    first_column[j - 1] = (1.0 - std::pow(h, static_cast<double>(j))) * factorial_inverse;
  }
  const double md = static_cast<double>(m);
  const double correction = std::pow(std::max(2 * h - 1.0, 0.0), md) - 2 * std::pow(h, md);
  first_column[m - 1] = (1.0 + correction) * factorial_inverse;

  SquareMatrix power(m);
  for (std::size_t column = 1; column < m; ++column) {
    for (std::size_t row = column - 1; row < m; ++row) power(row, column) = inverse_factorials[row - (column - 1)];
  }
  for (std::size_t row = 0; row < m; ++row) power(row, 0) = first_column[row];
  for (std::size_t column = 0; column < m; ++column) power(m - 1, column) = first_column[m - 1 - column];

  const double scale_up = std::ldexp(1.0, kScaleExponent);
  SquareMatrix result = SquareMatrix::Identity(m);
  int result_exponent = 0;
  int power_exponent = 0;
  for (std::int64_t remaining = n; remaining > 0; remaining /= 2) {
    if (remaining % 2 != 0) {
      result = result * power;
      result_exponent += power_exponent;
    }
    power = power * power;
    power_exponent *= 2;
    if (std::fabs(power(k - 1, k - 1)) > scale_up) {
      power.Scale(1 / scale_up);
      power_exponent += kScaleExponent;
    }
  }
  // Multiply by n!/n^n one factor at a time, rescaling before underflow.
  long double p = result(k - 1, k - 1);
  const long double scale_down = std::ldexp(1.0L, -kScaleExponent);
  for (std::int64_t i = 1; i <= n; ++i) {
    p = static_cast<long double>(i) * p / static_cast<long double>(n);
    if (std::fabs(p) < scale_down) {
      p /= scale_down;
      result_exponent -= kScaleExponent;
    }
  }
  return Clip01(static_cast<double>(std::ldexp(p, result_exponent)));
}

// The interval [j1, j2] of non-zero entries of row i in Pomeranz's recursion.
std::pair<std::int64_t, std::int64_t> PomeranzBounds(std::int64_t i, std::int64_t n, std::int64_t whole, int ceil_f,
                                                     int round_f) {
  std::int64_t j1, j2;
  if (i == 0) {
    j1 = -whole - ceil_f - 1;
    j2 = whole + ceil_f - 1;
  } else {
    const std::int64_t half = (i + 1) / 2;
    if ((i + 1) % 2 == 0) {
      if (half == n + 1) {
        j1 = n - whole - ceil_f - 1;
        j2 = n + whole + ceil_f - 1;
      } else {
        j1 = half - 1 - whole - round_f - 1;
        j2 = half + whole - 1 + ceil_f - 1;
      }
    } else {
      j1 = half - 1 - whole - 1;
      j2 = half + whole + round_f - 1;
    }
  }
  return {std::max<std::int64_t>(j1 + 2, 0), std::min(j2, n)};
}

// P(D_n <= x) by Pomeranz's recursion (1974): 2n + 1 rows, each the
// convolution of the previous one with Poisson-like weights, only a band of
// entries non-zero. Requires 1 < n x.
double PomeranzCdf(std::int64_t n, double x) {
  const double t = static_cast<double>(n) * x;
  const double whole_t = std::floor(t);
  const auto whole = static_cast<std::int64_t>(whole_t);
  const double fraction = t - whole_t;
  const double g = std::min(fraction, 1.0 - fraction);
  const int ceil_f = fraction > 0 ? 1 : 0;
  const int round_f = fraction > 0.5 ? 1 : 0;
  const auto powers = static_cast<std::size_t>(2 * (whole + 1));
  // (g/n)^m/m!, (2g/n)^m/m!, ((1-2g)/n)^m/m!
  std::vector<double> g_powers(powers), two_g_powers(powers), rest_powers(powers);
  g_powers[0] = two_g_powers[0] = rest_powers[0] = 1.0;
  const double dn = static_cast<double>(n);
  const double g_over_n = g / dn, two_g_over_n = 2 * g / dn, rest_over_n = (1 - 2 * g) / dn;
  for (std::size_t m = 1; m < powers; ++m) {
    const double md = static_cast<double>(m);
    g_powers[m] = g_powers[m - 1] * g_over_n / md;
    two_g_powers[m] = two_g_powers[m - 1] * two_g_over_n / md;
    rest_powers[m] = rest_powers[m - 1] * rest_over_n / md;
  }
  std::vector<double> previous(powers, 0.0), current(powers, 0.0);
  current[0] = 1;
  std::int64_t previous_start = 0, current_start = 0;  // column of each row's first entry
  int exponent = 0;
  const double scale_up = std::ldexp(1.0, kScaleExponent);
  const double scale_down = std::ldexp(1.0, -kScaleExponent);
  std::int64_t j1, j2;
  std::tie(j1, j2) = PomeranzBounds(0, n, whole, ceil_f, round_f);
  for (std::int64_t i = 1; i < 2 * n + 2; ++i) {
    const std::int64_t k1 = j1;
    std::swap(previous, current);
    std::swap(previous_start, current_start);
    std::fill(current.begin(), current.end(), 0.0);
    std::tie(j1, j2) = PomeranzBounds(i, n, whole, ceil_f, round_f);
    const std::vector<double>& weights =
        (i == 1 || i == 2 * n + 1) ? g_powers : (i % 2 != 0 ? two_g_powers : rest_powers);
    const std::int64_t width = j2 - k1 + 1;
    if (width <= 0) continue;
    // Entries j1 - k1 .. j2 - k1 of the convolution of previous[k1 - start ..]
    // (width values, fewer at the end of the row) with weights[0 .. width).
    const auto offset = static_cast<std::size_t>(k1 - previous_start);
    const std::size_t row_len = std::min(static_cast<std::size_t>(width), powers - offset);
    const std::size_t weight_len = std::min(static_cast<std::size_t>(width), powers);
    const auto first = static_cast<std::size_t>(j1 - k1);
    const auto len = static_cast<std::size_t>(j2 - j1 + 1);
    double largest = 0;
    for (std::size_t out = 0; out < len; ++out) {
      const std::size_t s = first + out;
      double sum = 0;
      const std::size_t lo = s + 1 > weight_len ? s + 1 - weight_len : 0;
      for (std::size_t a = lo; a <= s && a < row_len; ++a) sum += previous[offset + a] * weights[s - a];
      current[out] = sum;
      largest = std::max(largest, sum);
    }
    if (0 < largest && largest < scale_down) {
      for (std::size_t out = 0; out < len; ++out) current[out] *= scale_up;
      exponent -= kScaleExponent;
    }
    current_start = previous_start + j1 - k1;
  }
  // Multiply by n!, rescaling before overflow.
  long double answer = current[static_cast<std::size_t>(n - current_start)];
  for (std::int64_t m = 1; m <= n; ++m) {
    if (std::fabs(answer) > static_cast<long double>(scale_up)) {
      answer *= static_cast<long double>(scale_down);
      exponent += kScaleExponent;
    }
    answer *= static_cast<long double>(m);
  }
  return Clip01(static_cast<double>(std::ldexp(answer, exponent)));
}

// Pelz & Good's (1976) approximation of P(D_n <= x): the Li-Chien/Korolyuk
// expansion K0 + K1/√n + K2/n + K3/n^1.5 in z = x√n, with its theta-function
// sums transformed to converge for small z.
double PelzGoodCdf(std::int64_t n, double x) {
  constexpr double kPi = std::numbers::pi;
  const double kPi2 = kPi * kPi, kPi4 = kPi2 * kPi2, kPi6 = kPi4 * kPi2;
  const double kSqrt2Pi = std::sqrt(2 * kPi);
  const double dn = static_cast<double>(n);
  const double z = std::sqrt(dn) * x;
  const double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
  const double log_q = -kPi2 / 8 / z2;
  if (log_q < -708) return 0;  // z below ~0.042: every term underflows
  const double q = std::exp(log_q);

  const double k1a = -z2;
  const double k1b = kPi2 / 4;
  const double k2a = 6 * z6 + 2 * z4;
  const double k2b = (2 * z4 - 5 * z2) * kPi2 / 4;
  const double k2c = kPi4 * (1 - 2 * z2) / 16;
  const double k3d = kPi6 * (5 - 30 * z2) / 64;
  const double k3c = kPi4 * (-60 * z2 + 212 * z4) / 16;
  const double k3b = kPi2 * (135 * z4 - 96 * z6) / 4;
  const double k3a = -30 * z6 - 90 * std::pow(z, 8);

  // Σ over odd m = 2k - 1 of c(m) q^(m²), by Horner in q^(8k).
  std::array<double, 4> terms{};
  const auto max_k = static_cast<std::int64_t>(std::ceil(16 * z / kPi));
  for (std::int64_t k = max_k; k > 0; --k) {
    const double m = static_cast<double>(2 * k - 1);
    const double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
    const double q_power = std::pow(q, static_cast<double>(8 * k));
    const std::array<double, 4> coefficients{1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                                             k3a + k3b * m2 + k3c * m4 + k3d * m6};
    for (std::size_t i = 0; i < 4; ++i) terms[i] = terms[i] * q_power + coefficients[i];
  }
  const std::array<double, 4> divisors{z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
  for (std::size_t i = 0; i < 4; ++i) terms[i] = terms[i] * q * kSqrt2Pi / divisors[i];

  // The sums over all integers k of K2 and K3.
  const double q_all = std::exp(-kPi2 / 2 / z2);
  const double sqrt3_z = std::sqrt(3.0) * z;
  double k2_extra = 0, k3_extra = 0;
  for (std::int64_t k = max_k; k > 0; --k) {
    const double kd = static_cast<double>(k);
    const double k_squared = kd * kd;
    const double q_power = std::pow(q_all, k_squared);
    k2_extra += k_squared * q_power;
    const double k_pi = kPi * kd;
    k3_extra += (sqrt3_z + k_pi) * (sqrt3_z - k_pi) * k_squared * q_power;
  }
  terms[2] += k2_extra * (kPi2 * kSqrt2Pi / (-36 * z3));
  terms[3] += k3_extra * (kPi2 * kSqrt2Pi / (216 * z6));
  double cdf = 0;
  for (std::size_t i = 0; i < 4; ++i) cdf += terms[i] / std::pow(dn, static_cast<double>(i) / 2.0);
  return cdf;
}

// P(D_n > x), scipy.stats.kstwo.sf(x, n).
double KolmogorovSf(std::int64_t n, double x) {
  const double dn = static_cast<double>(n);
  if (x >= 1.0) return 0;
  const double t = dn * x;
  if (t <= 0.5) return 1;
  if (t <= 1.0) {
    // Ruben & Gambino: P(D_n <= x) = n!/n^n (2t - 1)^n for 1/2n <= x <= 1/n.
    double cdf;
    if (n <= 140) {
      cdf = 1;
      for (std::int64_t i = 1; i <= n; ++i) cdf *= static_cast<double>(i) * (1.0 / dn) * (2 * t - 1);
    } else {
      cdf = std::exp(LogFactorialOverPower(dn) + dn * std::log(2 * t - 1));
    }
    return Clip01(1.0 - cdf);
  }
  if (t >= dn - 1) return Clip01(2 * std::pow(1.0 - x, dn));  // Ruben & Gambino
  if (x >= 0.5) return Clip01(2 * SmirnovSf(n, x));          // the two one-sided events are disjoint
  const double nx_squared = t * x;
  if (n <= 140) {
    if (nx_squared <= 0.754693) return Clip01(1.0 - DurbinCdf(n, x));
    if (nx_squared <= 4) return Clip01(1.0 - PomeranzCdf(n, x));
    return Clip01(2 * SmirnovSf(n, x));
  }
  if (nx_squared >= 370.0) return 0;
  if (nx_squared >= 2.2) return Clip01(2 * SmirnovSf(n, x));
  const double cdf = (n <= 100000 && dn * std::pow(x, 1.5) <= 1.4) ? DurbinCdf(n, x) : PelzGoodCdf(n, x);
  return Clip01(1.0 - cdf);
}

// ---------------------------------------------------------------------------
// ks: scipy.stats.ks_2samp(reference, current), two-sided, method 'auto'.
// ---------------------------------------------------------------------------

// D = max |F_ref - F_cur| over the union's values, each empirical CDF
// computed as SciPy does (count / size, rounded once). Between two
// consecutive current values the current CDF is constant and the reference
// CDF rises, so the largest difference there is at one end: at a current
// value itself, or at the last reference value before the next current
// value. Two binary searches per distinct current value find both.
double KsStatistic(const NumericSample& reference, const NumericSample& current) {
  const double n1 = AsDouble(reference.size());
  const double n2 = AsDouble(current.size());
  double d = 0;
  auto consider = [&](Count reference_at_most, Count current_at_most) {
    d = std::max(d, std::fabs(AsDouble(reference_at_most) / n1 - AsDouble(current_at_most) / n2));
  };
  Count current_below = 0;
  for (std::size_t j = 0; j < current.distinct().size(); ++j) {
    const double value = current.distinct()[j];
    consider(reference.CountBelow(value), current_below);
    current_below = current.cumulative()[j];
    consider(reference.CountAtMost(value), current_below);
  }
  return d;
}

// P(D >= h/n) for two samples of n values each: the share of lattice paths
// leaving the band |x - y| < h, by the reflection sum
// 2 Σ_k (-1)^(k+1) C(2n, n - kh) / C(2n, n), nested to avoid cancellation.
double KsTailEqualSizes(std::int64_t n, std::int64_t h) {
  double p = 0;
  for (auto k = static_cast<std::int64_t>(std::floor(static_cast<double>(n) / static_cast<double>(h))); k >= 0; --k) {
    double ratio = 1.0;
    for (std::int64_t j = 0; j < h; ++j) {
      ratio = static_cast<double>(n - k * h - j) * ratio / static_cast<double>(n + k * h + j + 1);
    }
    p = ratio * (1.0 - p);
  }
  return 2 * p;
}

// P(D >= h/lcm(m, n)) for samples of m and n values: Hodges' inside method
// over the lattice paths from (0, 0) to (m, n), keeping only a sliding
// window of one column, in Viehmann's (2021) form that accumulates the
// probability of leaving the band directly (no cancellation, no overflow).
double KsTailUnequalSizes(std::int64_t m, std::int64_t n, std::int64_t g, std::int64_t h) {
  if (m < n) std::swap(m, n);
  const std::int64_t mg = m / g;
  const std::int64_t ng = n / g;
  const auto dmg = static_cast<double>(mg);
  std::int64_t min_j = 0;
  std::int64_t max_j = std::min(static_cast<std::int64_t>(std::ceil(static_cast<double>(h) / dmg)), n + 1);
  std::int64_t width = max_j - min_j;
  const auto window = static_cast<std::size_t>(std::min(2 * max_j + 2, n + 1));
  std::vector<double> column(window, 1.0);
  std::fill(column.begin(), column.begin() + std::min<std::ptrdiff_t>(max_j, static_cast<std::ptrdiff_t>(window)),
            0.0);
  for (std::int64_t i = 1; i <= m; ++i) {
    const std::int64_t last_min_j = min_j;
    const std::int64_t last_width = width;
    min_j = std::max(static_cast<std::int64_t>(std::floor(static_cast<double>(ng * i - h) / dmg)) + 1,
                     std::int64_t{0});
    min_j = std::min(min_j, n);
    max_j = std::min(static_cast<std::int64_t>(std::ceil(static_cast<double>(ng * i + h) / dmg)), n + 1);
    if (max_j <= min_j) return 1.0;
    const auto di = static_cast<double>(i);
    double value = min_j == 0 ? 0.0 : 1.0;
    for (std::int64_t jj = 0; jj < max_j - min_j; ++jj) {
      const std::int64_t j = jj + min_j;
      value = (column[static_cast<std::size_t>(jj + min_j - last_min_j)] * di + value * static_cast<double>(j)) /
              static_cast<double>(i + j);
      column[static_cast<std::size_t>(jj)] = value;
    }
    width = max_j - min_j;
    if (last_width > width) {
      const auto begin = static_cast<std::size_t>(width);
      const auto end = std::min(static_cast<std::size_t>(width + (last_width - width)), window);
      std::fill(column.begin() + static_cast<std::ptrdiff_t>(begin), column.begin() + static_cast<std::ptrdiff_t>(end),
                1.0);
    }
  }
  return column[static_cast<std::size_t>(max_j - min_j - 1)];
}

// Samples up to this size get the exact p-value (SciPy's MAX_AUTO_N).
constexpr Count kKsExactMaxSize = 10000;

double KsPValue(Count size1, Count size2, double d) {
  if (std::max(size1, size2) <= kKsExactMaxSize) {
    const auto n1 = static_cast<std::int64_t>(size1);
    const auto n2 = static_cast<std::int64_t>(size2);
    const std::int64_t g = std::gcd(n1, n2);
    const std::int64_t lcm = (n1 / g) * n2;
    // D is a multiple of 1/lcm; recover the integer from the rounded value.
    const auto h = static_cast<std::int64_t>(std::nearbyint(d * static_cast<double>(lcm)));
    d = static_cast<double>(h) / static_cast<double>(lcm);
    if (h == 0) return 1.0;
    const double p = n1 == n2 ? KsTailEqualSizes(n1, h) : KsTailUnequalSizes(n1, n2, g, h);
    // SciPy falls back to the asymptotic distribution when the exact
    // computation leaves [0, 1].
    if (0 <= p && p <= 1) return p;
  }
  // Smirnov's limit: D is distributed as the one-sample statistic for
  // n = round(n1 n2 / (n1 + n2)) observations.
  const double m = AsDouble(std::max(size1, size2));
  const double n = AsDouble(std::min(size1, size2));
  const double effective = m * n / (m + n);
  return Clip01(KolmogorovSf(static_cast<std::int64_t>(std::nearbyint(effective)), d));
}

StatTestResult RunKs(const ColumnSample& reference_column, const ColumnSample& current_column, double threshold) {
  const NumericSample& reference = NumbersOf(reference_column, "ks");
  const NumericSample& current = NumbersOf(current_column, "ks");
  if (reference.empty() || current.empty()) return {kNaN, false};
  const double p = KsPValue(reference.size(), current.size(), KsStatistic(reference, current));
  return {p, p <= threshold};
}

// ---------------------------------------------------------------------------
// t_test: scipy.stats.ttest_ind(reference, current), equal variances,
// two-sided.
// ---------------------------------------------------------------------------

struct MeanAndVariance {
  double mean;
  double variance;  // ddof = 1
};

// The mean and sample variance as ttest_ind computes them. For a constant
// sample numpy's mean can miss the constant by an ulp, leaving a variance of
// ~1e-33 instead of 0; SciPy then reports a huge t and a tiny p-value (and
// Evidently drift) where exact arithmetic gives NaN. Reproducing numpy's
// summation for those samples keeps our answer equal to SciPy's. Other
// samples use the sample's mean and variance, equal to numpy's to ~1e-16
// relative (numpy sums in the original order, which the sample no longer
// has).
MeanAndVariance SciPyMoments(const NumericSample& sample) {
  const std::size_t n = sample.size();
  const double dn = AsDouble(n);
  double mean = sample.mean();
  double population_variance = sample.variance();
  if (sample.distinct().size() == 1) {
    const double value = sample.distinct().front();
    mean = NumpySum([value](std::size_t) { return value; }, n) / dn;
    const double deviation = value - mean;
    const double square = deviation * deviation;
    population_variance = NumpySum([square](std::size_t) { return square; }, n) / dn;
  }
  // SciPy scales by n/(n - 1): infinite for one value, so the variance is NaN.
  const double variance = n < 2 ? kNaN : population_variance * (dn / (dn - 1));
  return {mean, variance};
}

StatTestResult RunTTest(const ColumnSample& reference_column, const ColumnSample& current_column, double threshold) {
  const NumericSample& reference = NumbersOf(reference_column, "t_test");
  const NumericSample& current = NumbersOf(current_column, "t_test");
  if (reference.empty() || current.empty()) return {kNaN, false};
  const double n1 = AsDouble(reference.size());
  const double n2 = AsDouble(current.size());
  const MeanAndVariance a = SciPyMoments(reference);
  const MeanAndVariance b = SciPyMoments(current);
  const double dof = n1 + n2 - 2.0;
  const double pooled = ((n1 - 1) * a.variance + (n2 - 1) * b.variance) / dof;
  const double t = (a.mean - b.mean) / std::sqrt(pooled * (1.0 / n1 + 1.0 / n2));
  const double p = 2 * special::StudentTSf(std::fabs(t), dof);
  return {p, p < threshold};
}

// ---------------------------------------------------------------------------
// mannw: scipy.stats.mannwhitneyu(reference, current), two-sided, with the
// continuity correction, method 'auto'.
// ---------------------------------------------------------------------------

// P(U <= k) for the U statistic of samples of m and n values without ties:
// the counts of U = 0..k are the coefficients of the Gaussian binomial
// [m + n choose n]_q = Π_{i=1..n} (1 - q^(m+i)) / (1 - q^i), built factor by
// factor, truncated at degree k. O(min(m, n) × k).
double MannWhitneyExactCdf(Count k, Count m, Count n) {
  const Count small = std::min(m, n);
  const Count large = std::max(m, n);
  const auto degree = static_cast<std::size_t>(k);
  std::vector<double> counts(degree + 1, 0.0);
  counts[0] = 1;
  long double arrangements = 1;  // C(m + n, n)
  for (Count i = 1; i <= small; ++i) {
    for (std::size_t j = i; j <= degree; ++j) counts[j] += counts[j - i];
    const auto shift = static_cast<std::size_t>(large + i);
    for (std::size_t j = degree + 1; j-- > shift;) counts[j] -= counts[j - shift];
    arrangements = arrangements * static_cast<long double>(large + i) / static_cast<long double>(i);
  }
  double total = 0;
  for (double c : counts) total += c;
  return total / static_cast<double>(arrangements);
}

// SciPy's 'auto' choice: the exact distribution only for small samples
// (one of them at most 8 values) without any tie.
constexpr Count kMannWhitneyExactMaxSize = 8;

StatTestResult RunMannWhitney(const ColumnSample& reference_column, const ColumnSample& current_column,
                              double threshold) {
  const NumericSample& reference = NumbersOf(reference_column, "mannw");
  const NumericSample& current = NumbersOf(current_column, "mannw");
  if (reference.empty() || current.empty()) return {kNaN, false};
  const Count n1 = reference.size();
  const Count n2 = current.size();
  // Midranks of the current values in the union (exact: half-integers), and
  // the tie term Σ (t³ - t) over the union's groups of equal values.
  double current_rank_sum = 0;
  Count tie_term = 0;
  for (Count count : reference.counts()) tie_term += count * count * count - count;
  bool ties = reference.distinct().size() != reference.size();
  Count current_below = 0;
  for (std::size_t j = 0; j < current.distinct().size(); ++j) {
    const double value = current.distinct()[j];
    const Count count = current.counts()[j];
    const Count reference_below = reference.CountBelow(value);
    const Count reference_equal = reference.CountAtMost(value) - reference_below;
    const Count group = reference_equal + count;
    current_rank_sum +=
        AsDouble(count) * (AsDouble(reference_below + current_below) + AsDouble(group + 1) / 2.0);
    tie_term += (group * group * group - group) - (reference_equal * reference_equal * reference_equal - reference_equal);
    ties = ties || group > 1;
    current_below += count;
  }
  const double u2 = current_rank_sum - AsDouble(n2) * AsDouble(n2 + 1) / 2;
  const double u1 = AsDouble(n1 * n2) - u2;
  const double u = std::max(u1, u2);

  double p;
  if ((n1 > kMannWhitneyExactMaxSize && n2 > kMannWhitneyExactMaxSize) || ties) {
    const double n = AsDouble(n1 + n2);
    const double mu = AsDouble(n1 * n2) / 2;
    const double sigma =
        std::sqrt(AsDouble(n1 * n2) / 12 * ((n + 1) - AsDouble(tie_term) / AsDouble((n1 + n2) * (n1 + n2 - 1))));
    const double z = ((u - mu) - 0.5) / sigma;
    p = 2 * special::NormalSf(z);
  } else {
    // P(U >= u) = P(U <= n1 n2 - u) by symmetry.
    p = 2 * MannWhitneyExactCdf(n1 * n2 - static_cast<Count>(u), n1, n2);
  }
  p = Clip01(p);
  return {p, p < threshold};
}

// ---------------------------------------------------------------------------
// cramer_von_mises: Evidently's _cvm_2samp(reference, current), which is
// scipy.stats.cramervonmises_2samp with the exact p-value for samples of at
// most 10 values (SciPy: 20), computed by enumeration.
// ---------------------------------------------------------------------------

// e^{-q} K_ν(q) for q > 0, by the trapezoidal rule on
// K_ν(q) = ∫_0^∞ exp(-q cosh s) cosh(ν s) ds. The integrand is analytic in
// the strip |Im s| < π/2 and decays doubly exponentially, so the rule
// converges geometrically in 1/step (Trefethen & Weideman, SIAM Review
// 2014); the step shrinks like 1/√q where the peak narrows. Relative error
// below 1e-15 for q in (0, 1000].
double ExpScaledBesselK(double nu, double q) {
  const double step = std::min(0.125, 0.7 / std::sqrt(q));
  double sum = 0.5 * std::exp(-2 * q);
  for (int i = 1;; ++i) {
    const double s = i * step;
    const double term = std::exp(-q * (1 + std::cosh(s))) * std::cosh(nu * s);
    sum += term;
    // Past the integrand's peak (q sinh s > ν) the terms fall faster than
    // geometrically, so the rest is below the last one.
    if (q * std::sinh(s) > nu && term <= 1e-17 * sum) break;
  }
  return sum * step;
}

// The limiting CDF of the Cramér–von Mises statistic (Csörgő & Faraway
// 1996, eq. 1.2), summed as SciPy and Evidently sum it: terms are added
// until the first one below 1e-7 (included). The truncation makes this an
// approximation to ~1e-7, identical to theirs.
double CramerVonMisesLimitCdf(double x) {
  const double scale = std::pow(std::numbers::pi, 1.5) * std::sqrt(x);
  double total = 0;
  for (int k = 0;; ++k) {
    const double kd = k;
    const double u = std::exp(std::lgamma(kd + 0.5) - std::lgamma(kd + 1)) / scale;
    const double y = 4 * kd + 1;
    const double q = y * y / (16 * x);
    const double term = u * std::sqrt(y) * ExpScaledBesselK(0.25, q);
    total += term;
    if (!(std::fabs(term) >= 1e-7)) break;
  }
  return total;
}

// The share of the C(nx + ny, nx) placements of the two samples' ranks whose
// statistic U is at least `u`. A placement is a lattice path: placing an x
// value after b y values adds nx b², a y value after a x values adds ny a²,
// so the counts per U value follow by dynamic programming over the path's
// end point (a, b), one row of a at a time.
double CramerVonMisesExactSf(double u, Count nx, Count ny) {
  const Count largest = 2 * nx * nx * ny * ny;  // no path sum exceeds it
  const auto values = static_cast<std::size_t>(largest + 1);
  using Histogram = std::vector<Count>;
  std::vector<Histogram> row(static_cast<std::size_t>(ny + 1), Histogram(values, 0));
  row[0][0] = 1;
  for (Count a = 0; a <= nx; ++a) {
    for (Count b = 0; b <= ny; ++b) {
      Histogram& cell = row[static_cast<std::size_t>(b)];
      if (a > 0) {
        // Arrived by an x step from (a - 1, b): the cell still holds row a - 1.
        const auto add = static_cast<std::size_t>(nx * b * b);
        for (std::size_t v = values; v-- > add;) cell[v] = cell[v - add];
        std::fill(cell.begin(), cell.begin() + static_cast<std::ptrdiff_t>(add), Count{0});
      }
      if (b > 0) {
        const Histogram& left = row[static_cast<std::size_t>(b - 1)];
        const auto add = static_cast<std::size_t>(ny * a * a);
        for (std::size_t v = add; v < values; ++v) cell[v] += left[v - add];
      }
    }
  }
  const Histogram& final_cell = row[static_cast<std::size_t>(ny)];
  Count at_least = 0, total = 0;
  for (std::size_t v = 0; v < values; ++v) {
    total += final_cell[v];
    if (static_cast<double>(v) >= u) at_least += final_cell[v];
  }
  return AsDouble(at_least) / AsDouble(total);
}

constexpr Count kCramerVonMisesExactMaxSize = 10;

StatTestResult RunCramerVonMises(const ColumnSample& reference_column, const ColumnSample& current_column,
                                 double threshold) {
  const NumericSample& reference = NumbersOf(reference_column, "cramer_von_mises");
  const NumericSample& current = NumbersOf(current_column, "cramer_von_mises");
  if (reference.empty() || current.empty()) return {kNaN, false};
  if (reference.size() < 2 || current.size() < 2) {
    throw StatTestError("cramer_von_mises needs at least two values in the reference and in the current data");
  }
  const Count nx = reference.size();
  const Count ny = current.size();
  // U = nx Σ_i (r_i - i)² + ny Σ_j (s_j - j)², r and s the midranks of the
  // sorted samples in the union. Within a group of c equal values of one
  // sample, midrank minus index runs over D + (c+1)/2 - 1 .. D + (c+1)/2 - c
  // with D = (values of the other sample below) + (equal there)/2, whose
  // squares sum to c D² + c (c² - 1)/12: exact in doubles (multiples of 1/4).
  auto group_sum = [](Count count, double offset) {
    const double c = AsDouble(count);
    return c * offset * offset + AsDouble(count * (count * count - 1)) / 12;
  };
  double reference_sum = 0, current_sum = 0;
  Count reference_below = 0, current_below = 0;
  ForEachDistinct(reference, current, [&](double, Count r, Count c) {
    if (r > 0) reference_sum += group_sum(r, AsDouble(current_below) + AsDouble(c) / 2);
    if (c > 0) current_sum += group_sum(c, AsDouble(reference_below) + AsDouble(r) / 2);
    reference_below += r;
    current_below += c;
  });
  const double u = AsDouble(nx) * reference_sum + AsDouble(ny) * current_sum;

  double p;
  if (std::max(nx, ny) > kCramerVonMisesExactMaxSize) {
    const Count k = nx * ny;
    const Count n = nx + ny;
    const double t = u / AsDouble(k * n) - AsDouble(4 * k - 1) / AsDouble(6 * n);
    // Mean and variance of T (Anderson 1962, eqs. 11 and 14), the variance
    // from exact integers (they exceed 2^64 for large samples).
    using Extended = long double;
    const Extended ek = static_cast<Extended>(k), en = static_cast<Extended>(n);
    const Extended enx = static_cast<Extended>(nx), eny = static_cast<Extended>(ny);
    const double mean = (1 + 1.0 / AsDouble(n)) / 6;
    const auto variance = static_cast<double>((en + 1) * (4 * ek * en - 3 * (enx * enx + eny * eny) - 2 * ek) /
                                              (45 * en * en * 4 * ek));
    const double normalized = 1.0 / 6 + (t - mean) / std::sqrt(45 * variance);
    p = normalized < 0.003 ? 1.0 : std::max(0.0, 1.0 - CramerVonMisesLimitCdf(normalized));
  } else {
    p = CramerVonMisesExactSf(u, nx, ny);
  }
  return {p, p <= threshold};
}

// ---------------------------------------------------------------------------
// anderson: scipy.stats.anderson_ksamp([reference, current]) significance
// level, midrank version (Scholz & Stephens 1987).
// ---------------------------------------------------------------------------

// The standardized statistic's critical values for two samples and their
// significance levels (Scholz & Stephens 1987, Table 2, with m = 1).
struct AndersonTable {
  std::array<double, 7> critical;
  std::array<double, 7> significance;
  std::array<double, 3> fit;  // log(significance) ≈ fit[0] A² + fit[1] A + fit[2]
};

// SciPy interpolates log(significance) with the least-squares quadratic
// through the table (numpy.polyfit); solved here by the normal equations in
// long double, well conditioned on this range.
AndersonTable MakeAndersonTable() {
  constexpr std::array<double, 7> b0{0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
  constexpr std::array<double, 7> b1{-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
  constexpr std::array<double, 7> b2{-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
  AndersonTable table{};
  table.significance = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};
  const double m = 1;  // samples - 1
  for (std::size_t i = 0; i < 7; ++i) table.critical[i] = b0[i] + b1[i] / std::sqrt(m) + b2[i] / m;

  using Extended = long double;
  std::array<std::array<Extended, 4>, 3> system{};  // [A^T A | A^T y], columns x², x, 1
  for (std::size_t i = 0; i < 7; ++i) {
    const Extended x = table.critical[i];
    const std::array<Extended, 3> row{x * x, x, 1};
    const Extended y = std::log(static_cast<Extended>(table.significance[i]));
    for (std::size_t r = 0; r < 3; ++r) {
      for (std::size_t c = 0; c < 3; ++c) system[r][c] += row[r] * row[c];
      system[r][3] += row[r] * y;
    }
  }
  for (std::size_t pivot = 0; pivot < 3; ++pivot) {  // symmetric positive definite: no pivoting needed
    for (std::size_t r = pivot + 1; r < 3; ++r) {
      const Extended factor = system[r][pivot] / system[pivot][pivot];
      for (std::size_t c = pivot; c < 4; ++c) system[r][c] -= factor * system[pivot][c];
    }
  }
  std::array<Extended, 3> solution{};
  for (std::size_t r = 3; r-- > 0;) {
    Extended value = system[r][3];
    for (std::size_t c = r + 1; c < 3; ++c) value -= system[r][c] * solution[c];
    solution[r] = value / system[r][r];
  }
  for (std::size_t i = 0; i < 3; ++i) table.fit[i] = static_cast<double>(solution[i]);
  return table;
}

StatTestResult RunAnderson(const ColumnSample& reference_column, const ColumnSample& current_column,
                           double threshold) {
  const NumericSample& reference = NumbersOf(reference_column, "anderson");
  const NumericSample& current = NumbersOf(current_column, "anderson");
  if (reference.empty() || current.empty()) return {kNaN, false};
  const Count n1 = reference.size();
  const Count n2 = current.size();
  const Count total = n1 + n2;
  const double dn = AsDouble(total);

  // A²_akN (Scholz & Stephens eq. 7) over the union's distinct values z_j:
  // l_j values equal to z_j, B_j = (values below z_j) + l_j / 2, and per
  // sample M_ij = (its values <= z_j) - (its values equal to z_j) / 2.
  std::vector<double> reference_terms, current_terms;
  auto add_value = [&](Count r, Count c, Count union_below, Count reference_at_most, Count current_at_most) {
    const double l = AsDouble(r + c);
    const double b = AsDouble(union_below) + l / 2.;
    const double denominator = b * (dn - b) - dn * l / 4.;
    const double m_reference = AsDouble(reference_at_most) - AsDouble(r) / 2.;
    const double m_current = AsDouble(current_at_most) - AsDouble(c) / 2.;
    const double deviation_reference = dn * m_reference - b * AsDouble(n1);
    const double deviation_current = dn * m_current - b * AsDouble(n2);
    reference_terms.push_back(l / dn * (deviation_reference * deviation_reference) / denominator);
    current_terms.push_back(l / dn * (deviation_current * deviation_current) / denominator);
  };
  Count reference_at_most = 0, current_at_most = 0;
  ForEachDistinct(reference, current, [&](double, Count r, Count c) {
    const Count union_below = reference_at_most + current_at_most;
    reference_at_most += r;
    current_at_most += c;
    add_value(r, c, union_below, reference_at_most, current_at_most);
  });
  if (reference_terms.size() < 2) {
    throw StatTestError("anderson needs at least two distinct values among the reference and current data");
  }
  if (total < 3) {
    throw StatTestError("anderson needs at least three values in the reference and current data together");
  }
  double statistic =
      NumpySum([&](std::size_t k) { return reference_terms[k]; }, reference_terms.size()) / AsDouble(n1);
  statistic += NumpySum([&](std::size_t k) { return current_terms[k]; }, current_terms.size()) / AsDouble(n2);
  statistic *= (dn - 1.) / dn;

  // Its variance under the null hypothesis (Scholz & Stephens eq. 4), with
  // k = 2 samples, from the harmonic sums h = Σ_{i<N} 1/i and
  // g = Σ_{i<N-1} Σ_{j>i} 1/((N - i) j), summed in SciPy's order.
  const double inverse_sizes = (0 + 1. / AsDouble(n1)) + 1. / AsDouble(n2);
  std::vector<double> tail_harmonic(static_cast<std::size_t>(total - 2));
  double running = 0;
  for (std::size_t k = 0; k < tail_harmonic.size(); ++k) {
    running += 1. / (dn - 1 - AsDouble(k));
    tail_harmonic[k] = running;
  }
  const double h = (tail_harmonic.empty() ? 0.0 : tail_harmonic.back()) + 1;
  const double g =
      NumpySum([&](std::size_t k) { return tail_harmonic[k] / AsDouble(k + 2); }, tail_harmonic.size());
  const double k = 2;
  const double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * inverse_sizes;
  const double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * inverse_sizes - 8 * h + 4 * g - 6;
  const double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * inverse_sizes + 4 * h;
  const double d = (2 * h + 6) * k * k - 4 * h * k;
  // N² and N³ exactly, rounded once, as Python's integers are.
  const auto n3 = static_cast<double>(static_cast<long double>(total) * static_cast<long double>(total * total));
  const double n2d = AsDouble(total * total);
  const double variance = (a * n3 + b * n2d + c * dn + d) / ((dn - 1.) * (dn - 2.) * (dn - 3.));
  if (variance < 0) {
    throw StatTestError("anderson: the statistic's variance is negative for so few values");
  }
  const double standardized = (statistic - 1) / std::sqrt(variance);

  // SciPy caps the significance at 0.25 and floors it at 0.001, outside the
  // table, and interpolates inside.
  static const AndersonTable table = MakeAndersonTable();
  const auto [low, high] = std::minmax_element(table.critical.begin(), table.critical.end());
  double p;
  if (standardized < *low) {
    p = 0.25;
  } else if (standardized > *high) {
    p = 0.001;
  } else {
    p = std::exp((table.fit[0] * standardized + table.fit[1]) * standardized + table.fit[2]);
  }
  return {p, p < threshold};
}

}  // namespace

namespace tests {

const StatTest kKs{"ks", "K-S p_value", ScoreKind::kPValue, 0.05, true, false, RunKs};
const StatTest kTTest{"t_test", "t_test", ScoreKind::kPValue, 0.05, true, false, RunTTest};
const StatTest kMannWhitney{"mannw", "Mann-Whitney U-rank test", ScoreKind::kPValue, 0.05, true, false,
                            RunMannWhitney};
const StatTest kCramerVonMises{"cramer_von_mises", "Cramer-Von-mises", ScoreKind::kPValue, 0.1, true, false,
                               RunCramerVonMises};
const StatTest kAndersonDarling{"anderson", "Anderson-Darling", ScoreKind::kPValue, 0.1, true, false, RunAnderson};

}  // namespace tests
}  // namespace pdex::drift
