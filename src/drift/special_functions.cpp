// The normal and Student's t distribution functions of special_functions.h
// (ChiSquareSf lives in gamma.cpp). SciPy computes the t distribution with
// the regularized incomplete beta function (cdflib's bratio, or Boost in
// newer versions); so do we, by its continued fraction, with the prefactor
// x^a y^b / B(a, b) evaluated in logarithms that keep full relative
// precision for the large degrees of freedom of big samples, and the
// fraction itself in extended precision (see BetaContinuedFraction).
#include "drift/special_functions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace pdex::drift::special {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double NormalTail(double x) { return 0.5 * std::erfc(x * (1 / std::numbers::sqrt2)); }

// lgamma(z) minus its Stirling approximation (z - 1/2) log z - z + log(2π)/2,
// by the asymptotic series in Bernoulli numbers. Six terms leave an error
// below 1e-17 for z >= 20.
double StirlingRemainder(double z) {
  const double r = 1 / z;
  const double r2 = r * r;
  return r * (1.0 / 12 +
              r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360))))));
}

// log Γ(a + b) − log Γ(a). For large a the two log-gammas are huge and
// nearly equal; the Stirling form gives their difference directly.
double LogGammaRatio(double a, double b) {
  if (a < 20) return std::lgamma(a + b) - std::lgamma(a);
  return (a - 0.5) * std::log1p(b / a) + b * std::log(a + b) - b + StirlingRemainder(a + b) - StirlingRemainder(a);
}

// log B(a, b), accurate to a few ulps of the result when the smaller
// parameter is small (here it is always 1/2).
double LogBeta(double a, double b) {
  const double large = std::max(a, b);
  const double small = std::min(a, b);
  return std::lgamma(small) - LogGammaRatio(large, small);
}

// The continued fraction of I_x(a, b) (Numerical Recipes §6.4), evaluated by
// the modified Lentz method; y = 1 - x. Converges in a few dozen steps for
// x < (a + 1) / (a + b + 2), a little more near that bound.
//
// When a is large and x close to 1, each step divides nearly cancelling
// quantities and loses about log10(a) digits: in double precision the result
// would be off by ~a × 1e-16 (3e-10 relative at ten million degrees of
// freedom). The fraction is therefore evaluated in long double (x87 extended,
// 64-bit mantissa), which leaves ~a × 1e-19. The first denominator,
// 1 - (a + b) x / (a + 1), cancels outright in that case; it is written with
// y there.
double BetaContinuedFraction(double a, double b, double x, double y) {
  using Extended = long double;
  constexpr Extended kTiny = 1e-300L;
  constexpr int kMaxSteps = 100'000;
  constexpr Extended kTolerance = 1e-18L;  // well below double's epsilon
  const Extended ea = a, eb = b, ex = x;
  const Extended a_plus_b = ea + eb;
  const Extended a_plus_1 = ea + 1;
  const Extended a_minus_1 = ea - 1;
  auto guard = [&](Extended v) { return std::fabs(v) < kTiny ? kTiny : v; };
  const Extended first = x < 0.5 ? 1 - a_plus_b * ex / a_plus_1 : ((1 - eb) + a_plus_b * Extended{y}) / a_plus_1;
  Extended c = 1;
  Extended d = 1 / guard(first);
  Extended fraction = d;
  for (int m = 1; m <= kMaxSteps; ++m) {
    const Extended em = m;
    const Extended two_m = 2 * em;
    const Extended even = em * (eb - em) * ex / ((a_minus_1 + two_m) * (ea + two_m));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    fraction *= d * c;
    const Extended odd = -(ea + em) * (a_plus_b + em) * ex / ((ea + two_m) * (a_plus_1 + two_m));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const Extended step = d * c;
    fraction *= step;
    if (std::fabs(step - 1) <= kTolerance) break;
  }
  return static_cast<double>(fraction);
}

// I_x(a, b) from x, y = 1 - x and their logarithms, all computed by the
// caller without cancellation.
double RegularizedIncompleteBeta(double a, double b, double x, double y, double log_x, double log_y) {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const double log_front = a * log_x + b * log_y - LogBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * BetaContinuedFraction(a, b, x, y) / a;
  return 1 - std::exp(log_front) * BetaContinuedFraction(b, a, y, x) / b;
}

}  // namespace

double NormalCdf(double x) { return NormalTail(-x); }

double NormalSf(double x) { return NormalTail(x); }

double StudentTSf(double t, double dof) {
  if (std::isnan(t) || std::isnan(dof) || !(dof > 0)) return kNaN;
  if (t == 0) return 0.5;
  // P(|T| > |t|) = I_x(dof/2, 1/2) with x = dof / (dof + t²).
  const double abs_t = std::fabs(t);
  double x, y, log_x, log_y;
  if (abs_t > 1e150) {
    // t² would overflow; x = dof / t² to double precision, y = 1.
    log_x = std::log(dof) - 2 * std::log(abs_t);
    x = std::exp(log_x);
    y = 1;
    log_y = 0;
  } else {
    const double ratio = abs_t * abs_t / dof;
    x = 1 / (1 + ratio);
    y = ratio / (1 + ratio);
    log_x = -std::log1p(ratio);
    log_y = std::log(ratio) - std::log1p(ratio);
  }
  const double two_tailed = RegularizedIncompleteBeta(dof / 2, 0.5, x, y, log_x, log_y);
  return t > 0 ? two_tailed / 2 : 1 - two_tailed / 2;
}

}  // namespace pdex::drift::special
