// Distribution functions the tests' p-values need, accurate to a few ulps
// over the ranges the tests use (checked against SciPy in tests/oracle).
// Pure functions; thread-safe.
#pragma once

namespace pdex::drift::special {

// Standard normal: P(X <= x) and P(X > x), without cancellation in the tails.
double NormalCdf(double x);
double NormalSf(double x);

// Chi-square with `dof` degrees of freedom: P(X > x) (the regularized upper
// incomplete gamma Q(dof/2, x/2)).
double ChiSquareSf(double x, double dof);

// Student's t with `dof` (real, > 0) degrees of freedom: P(T > t).
double StudentTSf(double t, double dof);

}  // namespace pdex::drift::special
