"""Cases for the p-value tests on numbers: ks, t_test, mannw,
cramer_von_mises, anderson.

Every expectation is computed with SciPy the way Evidently calls it
(Evidently 0.4-0.7, calculations/stattests/*.py):

  ks                ks_2samp(reference, current)[1]            drift if p <= threshold (0.05)
  t_test            ttest_ind(reference, current)[1]           drift if p <  threshold (0.05)
  mannw             mannwhitneyu(x=reference, y=current)[1]    drift if p <  threshold (0.05)
  cramer_von_mises  Evidently's _cvm_2samp                     drift if p <= threshold (0.1)
  anderson          anderson_ksamp([reference, current])[2]    drift if p <  threshold (0.1)

Evidently drops NaN and infinities before testing, so expectations use the
cleaned values while the tool gets the raw ones. Where SciPy (or Evidently)
raises on an input, the case expects an error; an empty current batch
expects no score and no drift.

Evidently's _cvm_2samp is SciPy's cramervonmises_2samp except that it takes
the exact p-value only up to 10 values per sample (SciPy: 20), computed by
enumerating every placement of the ranks; above that both use the same
asymptotic formula, so SciPy computes those expectations and the exact ones
are enumerated here.

Seeded, so the cases are the same on every run.
"""
import itertools
import math
import warnings

import numpy as np
from scipy import stats

THRESHOLDS = {"ks": 0.05, "t_test": 0.05, "mannw": 0.05, "cramer_von_mises": 0.1, "anderson": 0.1}
AT_OR_BELOW = {"ks", "cramer_von_mises"}  # Evidently's verdict uses <= for these, < for the others
TESTS = tuple(THRESHOLDS)


class Refused(Exception):
    """SciPy (or Evidently) raises on this input."""


def _cvm_exact_pvalue(u, nx, ny):
    # Share of all placements of nx ranks among nx + ny whose U is >= u.
    at_least = total = 0
    for xs in itertools.combinations(range(nx + ny), nx):
        chosen = set(xs)
        ys = [i for i in range(nx + ny) if i not in chosen]
        value = nx * sum((x - i) ** 2 for i, x in enumerate(xs)) + ny * sum((y - j) ** 2 for j, y in enumerate(ys))
        total += 1
        at_least += value >= u
    return at_least / total


def _cramer_von_mises(reference, current):
    nx, ny = len(reference), len(current)
    if nx <= 1 or ny <= 1:
        raise Refused("x and y must contain at least two observations")
    if max(nx, ny) > 10:
        return stats.cramervonmises_2samp(reference, current, method="asymptotic").pvalue
    ranks = stats.rankdata(np.concatenate([np.sort(reference), np.sort(current)]), method="average")
    u = nx * np.sum((ranks[:nx] - np.arange(1, nx + 1)) ** 2) + ny * np.sum((ranks[nx:] - np.arange(1, ny + 1)) ** 2)
    return _cvm_exact_pvalue(u, nx, ny)


def _anderson(reference, current):
    try:
        return stats.anderson_ksamp([np.asarray(reference), np.asarray(current)])[2]
    except (ValueError, IndexError) as error:  # IndexError: two values in all
        raise Refused(str(error)) from error


def scipy_pvalue(test, reference, current):
    """The p-value Evidently reports, or None for NaN; raises Refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if test == "ks":
            p = stats.ks_2samp(reference, current)[1]
        elif test == "t_test":
            p = stats.ttest_ind(reference, current)[1]
        elif test == "mannw":
            p = stats.mannwhitneyu(x=reference, y=current)[1]
        elif test == "cramer_von_mises":
            p = _cramer_von_mises(reference, current)
        else:
            p = _anderson(reference, current)
    p = float(p)
    return None if math.isnan(p) else p


def make_case(case_id, test, reference, current, threshold=None):
    cleaned_reference = [v for v in reference if math.isfinite(v)]
    cleaned_current = [v for v in current if math.isfinite(v)]
    case = {"id": f"{test}:{case_id}", "test": test, "kind": "num", "reference": reference, "current": current}
    if threshold is not None:
        case["threshold"] = threshold
    if not cleaned_reference or not cleaned_current:
        case["expected"] = None
        return case
    try:
        p = scipy_pvalue(test, cleaned_reference, cleaned_current)
    except Refused:
        case["expect_error"] = True
        return case
    case["expected"] = p
    if p is not None:
        limit = THRESHOLDS[test] if threshold is None else threshold
        case["expected_drifted"] = bool(p <= limit if test in AT_OR_BELOW else p < limit)
    case.update(tolerance(test, cleaned_reference, cleaned_current))
    return case


def tolerance(test, reference, current):
    """Looser bounds where SciPy's own value is only so precise."""
    if test == "cramer_von_mises" and max(len(reference), len(current)) > 10:
        # The asymptotic p-value is 1 - a sum of terms with modified Bessel
        # functions K_1/4, stopped at the first term below 1e-7. SciPy's K
        # (AMOS zbesk) strays up to ~1e-13 relative from a converged
        # extended-precision quadrature (ours ~1e-16), and the subtraction
        # keeps that as an absolute error: p-values agree to 1e-13 absolute,
        # which for p below 1e-4 is looser than 1e-9 relative. The series'
        # own truncation error is ~1e-7.
        return {"atol": 1e-13}
    return {}


def samples(rng, kind, n1, n2):
    """A pair of samples of the given sizes and shape."""
    if kind == "same":
        return rng.normal(0, 1, n1).tolist(), rng.normal(0, 1, n2).tolist()
    if kind == "shifted":
        return rng.normal(0, 1, n1).tolist(), rng.normal(0.3, 1, n2).tolist()
    if kind == "far":
        return rng.normal(0, 1, n1).tolist(), rng.normal(3, 2, n2).tolist()
    if kind == "scaled":
        return rng.normal(10, 1, n1).tolist(), rng.normal(10, 1.5, n2).tolist()
    if kind == "ties":  # integers in a small range: heavy ties
        return rng.integers(0, 5, n1).astype(float).tolist(), rng.integers(0, 5, n2).astype(float).tolist()
    if kind == "ties_shifted":
        return rng.integers(0, 6, n1).astype(float).tolist(), rng.integers(1, 7, n2).astype(float).tolist()
    if kind == "rounded":  # a few ties among many distinct values
        return np.round(rng.normal(0, 1, n1), 1).tolist(), np.round(rng.normal(0.1, 1, n2), 1).tolist()
    raise ValueError(kind)


def generated_cases():
    rng = np.random.default_rng(20240501)
    for test in TESTS:
        # Small samples, 1-10 values, with and without ties.
        for i in range(40):
            n1, n2 = int(rng.integers(1, 11)), int(rng.integers(1, 11))
            kind = ("same", "shifted", "far", "ties", "ties_shifted")[i % 5]
            reference, current = samples(rng, kind, n1, n2)
            yield make_case(f"small-{kind}-{i}", test, reference, current)
        # Medium samples, 50-1000 values.
        for i in range(12):
            n1, n2 = int(rng.integers(50, 1001)), int(rng.integers(50, 1001))
            kind = ("same", "shifted", "far", "scaled", "ties", "rounded")[i % 6]
            reference, current = samples(rng, kind, n1, n2)
            yield make_case(f"medium-{kind}-{i}", test, reference, current)
        # Large samples, 5k-20k values, and lopsided sizes.
        for i, (n1, n2, kind) in enumerate([(5000, 7000, "same"), (12000, 9000, "shifted"), (20000, 15000, "rounded"),
                                            (1000, 10001, "same"), (1000, 10001, "shifted"), (15000, 300, "ties")]):
            reference, current = samples(rng, kind, n1, n2)
            yield make_case(f"large-{kind}-{n1}-{n2}", test, reference, current)


def ks_cases():
    """ks around its method switch and across every branch of SciPy's
    Kolmogorov distribution (kstwo.sf), which the asymptotic p-value of
    samples above 10000 values uses with n = round(n1 n2 / (n1 + n2))."""
    rng = np.random.default_rng(7)
    # Exact: equal sizes up to the limit, unequal sizes with a large gcd.
    for n1, n2, shift in [(10000, 10000, 0.0), (10000, 10000, 0.05), (4000, 6000, 0.1), (3000, 3000, 1.0),
                          (9999, 10000, 0.02), (700, 35, 0.5)]:
        reference = rng.normal(0, 1, n1).tolist()
        current = rng.normal(shift, 1, n2).tolist()
        yield make_case(f"exact-{n1}-{n2}-{shift}", "ks", reference, current)
    # Asymptotic: one side above 10000 values; D and the effective n chosen
    # to reach each method (Ruben-Gambino, Durbin, Pomeranz, Pelz-Good,
    # Smirnov's sum, the underflow to 0).
    for n_small, shift, spread in [(3, 0.0, 1), (5, 2.0, 1), (8, 0.0, 1), (30, 0.0, 1), (30, 0.6, 1), (60, 0.9, 1),
                                   (100, 0.05, 1), (130, 0.5, 1), (141, 0.0, 1), (400, 0.0, 1), (400, 0.1, 1),
                                   (2000, 0.0, 1), (2000, 0.02, 1), (3000, 0.12, 1), (5000, 0.0, 1),
                                   (9000, 0.0, 1.02), (10001, 0.0, 1), (12000, 0.01, 1), (4000, 10.0, 1),
                                   (50, 30.0, 1)]:
        reference = rng.normal(0, 1, 10001 + int(rng.integers(0, 5000))).tolist()
        current = rng.normal(shift, spread, n_small).tolist()
        yield make_case(f"asymptotic-{n_small}-{shift}", "ks", reference, current)
    # Completely separated large samples: D = 1.
    yield make_case("asymptotic-separated", "ks", list(np.arange(12000.0)), list(np.arange(12000.0, 12100.0)))
    # Current batches placed among the reference values 1..N to set D where
    # each method applies: n D <= 1/2, n D <= 1 (Ruben-Gambino, by product
    # and by Stirling's series), n D >= n - 1, n D^1.5 <= 1.4 above n = 140
    # (Durbin), 0.75 < n D² <= 4 (Pomeranz), n D² >= 370 below and above
    # D = 1/2. With N = 10400 and 200 current values the k-th placed just
    # above reference value 26 (2k - 1), D is exactly 1/400.
    reference = np.arange(1.0, 10401.0)
    k = np.arange(1, 201)
    placements = {
        "half-step": 26 * (2 * k - 1) + 0.5,
        "one-step": 52 * k - 10 + 0.5,
        "durbin": 26 * (2 * k - 1) + np.where(k <= 100, 338, 0) + 0.5,
        "pomeranz": 104 * np.arange(1, 101) - 52 + 1300 + 0.5,
        "one-step-small": np.array([2600.5, 5200.5, 7800.5]),
        "all-but-one-beyond": np.array([1040.5, 20000, 20001, 20002]),
        "far-below-half": np.concatenate([5 * np.arange(1, 1041) + 0.5, 20000 + np.arange(960.0)]),
        "far-above-half": np.concatenate([13 * np.arange(1, 801) + 0.5, 20000 + np.arange(1200.0)]),
    }
    for name, current in placements.items():
        yield make_case(f"asymptotic-{name}", "ks", reference.tolist(), np.asarray(current, dtype=float).tolist())


def edge_cases():
    """Constant columns, single values, NaN/inf, an empty current batch, a
    categorical column, and thresholds equal to the p-value (where the
    verdict's < or <= decides)."""
    rng = np.random.default_rng(11)
    normal = rng.normal(0, 1, 40).tolist()
    for test in TESTS:
        for c in (5.0, 0.1, 1 / 3):
            for n1, n2 in ((7, 3), (10, 10), (100, 37), (300, 5), (20000, 9000)):
                yield make_case(f"constant-same-{c}-{n1}-{n2}", test, [c] * n1, [c] * n2)
        for n1, n2 in ((5, 6), (50, 1), (1, 1), (3, 2), (200, 300)):
            yield make_case(f"constant-different-{n1}-{n2}", test, [0.1] * n1, [0.2] * n2)
        yield make_case("constant-reference", test, [2.5] * 30, normal[:20])
        yield make_case("single-current", test, normal[:25], [0.3])
        yield make_case("single-reference", test, [0.3], normal[:25])
        yield make_case("single-both", test, [0.3], [1.7])
        yield make_case("single-both-equal", test, [0.3], [0.3])
        yield make_case("two-and-one", test, [0.3, 1.1], [1.7])
        yield make_case("nan-inf", test, normal[:15] + [math.nan, math.inf, -math.inf],
                        [math.nan] + normal[15:30] + [math.inf])
        yield make_case("empty-current", test, normal[:10], [])
        yield make_case("only-nan-current", test, normal[:10], [math.nan, math.inf])
        yield make_case("empty-reference", test, [], normal[:10])
        yield {"id": f"{test}:categorical", "test": test, "kind": "cat",
               "reference": ["a", "b", "a"], "current": ["b", "b", "c"], "expect_error": True}
    # Thresholds equal to the p-value, where the exact p-values are computed
    # the same way on both sides and the comparison decides.
    for test, reference, current in [("ks", [1.0, 2, 3], [4.0, 5, 6]),
                                     ("ks", [0.1, 0.4, 0.7, 0.9], [0.5, 0.6, 0.8, 1.2, 1.5, 1.6]),
                                     ("cramer_von_mises", [1.0, 2], [3.0, 4]),
                                     ("cramer_von_mises", [0.1, 0.4, 0.7, 0.9], [0.5, 0.6, 0.8, 1.2, 1.5]),
                                     ("anderson", normal[:20], normal[20:40]),
                                     ("anderson", list(range(100)), list(range(300, 400))),
                                     ("mannw", [19.0, 22, 16, 29, 24], [20.0, 11, 17, 12])]:
        p = scipy_pvalue(test, reference, current)
        yield make_case(f"threshold-equals-p-{len(reference)}-{len(current)}", test, reference, current, threshold=p)


def cases():
    yield from generated_cases()
    yield from ks_cases()
    yield from edge_cases()
