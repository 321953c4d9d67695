"""Cases for the frequency tests (chisquare, z, g_test, fisher_exact), the
distances (wasserstein, ed, jensenshannon, psi, kl_div, hellinger) and
Evidently's default choice of test, for check_stattests.py.

Every expectation is computed here the way Evidently (0.4-0.7) computes it:
its code path re-stated without pandas (NaN and +-inf dropped first, as its
get_one_column_drift does; value_counts as Counter; its get_binned_data,
feel_zeroes, 2x2 table and z statistic), then the same SciPy / numpy calls.
Seeded, so every run checks the same cases.
"""
import math
from collections import Counter

import numpy as np
from scipy import stats
from scipy.spatial import distance

EPSILON = np.finfo(float).eps


class Refused(Exception):
    """Evidently (or SciPy under it) raises for this input."""


# --- Evidently's computations -------------------------------------------------


def clean(values):
    return [v for v in values if isinstance(v, str) or math.isfinite(v)]


def binned_data(ref, cur, kind, feel_zeroes):
    """evidently.calculations.stattests.utils.get_binned_data."""
    if kind == "num" and len(set(ref)) > 20:
        bins = np.histogram_bin_edges(np.asarray(ref + cur, dtype=float), bins="sturges")
        ref_percents = np.histogram(np.asarray(ref, dtype=float), bins)[0] / len(ref)
        cur_percents = np.histogram(np.asarray(cur, dtype=float), bins)[0] / len(cur)
    else:
        keys = list(set(ref) | set(cur))
        ref_counts, cur_counts = Counter(ref), Counter(cur)
        ref_percents = np.array([ref_counts[k] / len(ref) for k in keys])
        cur_percents = np.array([cur_counts[k] / len(cur) for k in keys])
    if feel_zeroes:
        for percents in (ref_percents, cur_percents):
            nonzero = percents[percents != 0]
            smallest = min(nonzero)
            np.place(percents, percents == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return ref_percents, cur_percents


def chisquare(ref, cur, kind, threshold):
    keys = list(set(ref) | set(cur))
    ref_counts, cur_counts = Counter(ref), Counter(cur)
    k_norm = len(cur) / len(ref)
    f_exp = [ref_counts[k] * k_norm for k in keys]
    f_obs = [cur_counts[k] for k in keys]
    p = stats.chisquare(f_obs, f_exp)[1]
    return p, p < threshold


def g_test(ref, cur, kind, threshold):
    keys = list(set(ref) | set(cur))
    ref_counts, cur_counts = Counter(ref), Counter(cur)
    f_exp = [ref_counts[k] for k in keys]
    f_obs = [cur_counts[k] for k in keys]
    try:
        p = stats.power_divergence(f_obs, f_exp, lambda_="log-likelihood")[1]
    except ValueError as e:  # SciPy >= 1.9: totals must agree
        raise Refused(str(e))
    return p, p < threshold


def z_test(ref, cur, kind, threshold):
    if len(set(ref)) == 1 and len(set(cur)) == 1 and ref[0] == cur[0]:
        p = 1
    else:
        key = sorted(set(ref) | set(cur))[0]
        r = [0 if x == key else 1 for x in ref]
        c = [0 if x == key else 1 for x in cur]
        n1, n2 = len(r), len(c)
        p1 = float(sum(r)) / n1
        p2 = float(sum(c)) / n2
        pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
        p = 2 * (1 - stats.norm.cdf(np.abs(z)))
    return p, p < threshold


def fisher_exact(ref, cur, kind, threshold):
    if len(set(ref)) > 2 or len(set(cur)) > 2:
        raise Refused("more than two values on one side")
    if len(ref) != len(cur):
        raise Refused("unequal lengths")
    unique = set(ref) | set(cur)
    if len(unique) > 2:
        # Evidently maps only two of them to 0/1, picked by set order: an
        # undefined result, which ours refuses.
        raise Refused("more than two values together")
    if len(unique) != 2:
        unique.add("placeholder")
    mapping = dict(zip(list(unique), [0, 1]))
    one_ref = sum(mapping[x] for x in ref)
    one_cur = sum(mapping[x] for x in cur)
    table = np.array([[one_cur, len(cur) - one_cur], [one_ref, len(ref) - one_ref]])
    p = stats.fisher_exact(table)[1]
    return p, p < threshold


def wasserstein(ref, cur, kind, threshold):
    if kind != "num":
        raise Refused("numerical only")
    norm = max(np.std(np.asarray(ref, dtype=float)), 0.001)
    value = stats.wasserstein_distance(ref, cur) / norm
    return value, value >= threshold


def energy(ref, cur, kind, threshold):
    if kind != "num":
        raise Refused("numerical only")
    value = stats.energy_distance(ref, cur)
    return value, value > threshold


def jensenshannon(ref, cur, kind, threshold):
    p, q = binned_data(ref, cur, kind, False)
    value = distance.jensenshannon(p, q, None)
    return value, value >= threshold


def psi(ref, cur, kind, threshold):
    p, q = binned_data(ref, cur, kind, True)
    value = 0
    for i in range(len(p)):
        value += (p[i] - q[i]) * np.log(p[i] / q[i])
    return value, value >= threshold


def kl_div(ref, cur, kind, threshold):
    p, q = binned_data(ref, cur, kind, True)
    value = stats.entropy(p, q)
    return value, value >= threshold


def hellinger(ref, cur, kind, threshold):
    keys = list(set(ref) | set(cur))
    if kind == "cat":
        ref_shares = {k: v / len(ref) for k, v in Counter(ref).items()}
        cur_shares = {k: v / len(cur) for k, v in Counter(cur).items()}
        affinity = 0.0
        for key in keys:
            affinity += math.sqrt(ref_shares.get(key, 0) * cur_shares.get(key, 0))
    else:
        bins = np.histogram_bin_edges(keys, bins="sturges")
        h1 = np.histogram(np.asarray(ref, dtype=float), bins=bins, density=True)[0]
        h2 = np.histogram(np.asarray(cur, dtype=float), bins=bins, density=True)[0]
        bin_width = (max(bins) - min(bins)) / (len(bins) - 1)
        affinity = 0.0
        for i in range(len(h1)):
            affinity += math.sqrt(h1[i] * h2[i]) * bin_width
    value = math.sqrt(1 - np.clip(affinity, 0, 1))
    return value, value >= threshold


def ks(ref, cur, kind, threshold):
    p = stats.ks_2samp(ref, cur)[1]
    return p, p <= threshold


EVIDENTLY = {
    "chisquare": (chisquare, 0.05),
    "z": (z_test, 0.05),
    "g_test": (g_test, 0.1),
    "fisher_exact": (fisher_exact, 0.1),
    "wasserstein": (wasserstein, 0.1),
    "ed": (energy, 0.1),
    "jensenshannon": (jensenshannon, 0.1),
    "psi": (psi, 0.1),
    "kl_div": (kl_div, 0.1),
    "hellinger": (hellinger, 0.1),
    "ks": (ks, 0.05),
}


def default_choice(ref, cur, kind):
    """evidently.calculations.stattests.registry._get_default_stattest."""
    n_values = len(set(ref) | set(cur))
    if len(ref) <= 1000:
        if kind == "num" and n_values > 5:
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if kind == "num" and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


# --- Tolerances ---------------------------------------------------------------


def tolerance(test, ref, cur, expected):
    """rtol 1e-9 everywhere; an atol only where SciPy's own value is not
    defined more closely than that."""
    if test == "z" or test == "default:z":
        # Evidently's p = 2 * (1 - norm.cdf(|z|)): the subtraction from 1
        # leaves SciPy's value exact only to 2 ulp(1) ~ 4.4e-16 absolute
        # (p ~ 1e-7 and below are mostly rounding).
        return {"atol": 1e-15}
    if test in ("chisquare", "g_test", "default:chisquare"):
        # cephes' igamc flushes p-values below e^-709.78 (~1e-308) to 0.
        return {"atol": 1e-300}
    if test == "hellinger":
        # sqrt(1 - affinity): the affinity, a sum of k terms near 1, is
        # rounded to ~k ulp in an order that differs from ours (Python set
        # order), and the square root magnifies that near distance 0.
        terms = len(set(ref) | set(cur)) + 1
        rounding = 4 * terms * EPSILON
        return {"atol": rounding / (expected + math.sqrt(rounding))}
    return {}


# --- Case construction --------------------------------------------------------


def as_list(values):
    return [v if isinstance(v, str) else float(v) for v in values]


def case(case_id, test, kind, reference, current, threshold=None):
    reference, current = as_list(reference), as_list(current)
    ref, cur = clean(reference), clean(current)
    out = {"id": case_id, "test": test, "kind": kind, "reference": reference, "current": current}
    if threshold is not None:
        out["threshold"] = threshold
    chosen = None
    if test == "default":
        chosen = default_choice(ref, cur, kind)
        out["expected_chosen"] = chosen
    name = chosen or test
    function, default_threshold = EVIDENTLY[name]
    if not ref or not cur:
        # Evidently raises on an empty column; ours reports no score.
        out["expected"] = None
        return out
    try:
        # Infinite statistics (a value only the current holds) are expected.
        with np.errstate(divide="ignore", invalid="ignore"):
            score, drifted = function(ref, cur, kind, default_threshold if threshold is None else threshold)
    except Refused:
        out["expect_error"] = True
        return out
    score = float(score)
    out["expected"] = None if math.isnan(score) else score
    out["expected_drifted"] = bool(drifted)
    if out["expected"] is not None:
        out.update(tolerance(test if chosen is None else f"default:{chosen}", ref, cur, abs(score)))
    return out


CATEGORY_NAMES = ["a", "b", "c", "d", "e", "f", "g", "h", "Z", "é", "日本", "cat 10", "cat 9", "1", "10", "2"]


def categories(rng, n, names, weights=None):
    weights = np.ones(len(names)) if weights is None else np.asarray(weights, dtype=float)
    return list(rng.choice(names, size=n, p=weights / weights.sum()))


def normal(rng, n, loc=0.0, scale=1.0):
    return rng.normal(loc, scale, n).tolist()


def integers(rng, n, low, high):
    return rng.integers(low, high + 1, n).astype(float).tolist()


def with_nonfinite(rng, values):
    values = list(values)
    for bad in (math.nan, math.inf, -math.inf, math.nan):
        values.insert(int(rng.integers(0, len(values) + 1)), bad)
    return values


def on_edges(rng, ref, cur):
    """Moves some values of both samples (never their extremes) onto the
    interior Sturges edges of reference + current, which stay unchanged."""
    edges = np.histogram_bin_edges(np.asarray(ref + cur), bins="sturges")[1:-1]
    ref, cur = sorted(ref), sorted(cur)
    for sample in (ref, cur):
        for k, edge in enumerate(edges):
            index = 1 + (k * 7 + int(rng.integers(0, 5))) % (len(sample) - 2)
            sample[index] = float(edge)
    rng.shuffle(ref)
    rng.shuffle(cur)
    assert np.array_equal(np.histogram_bin_edges(np.asarray(ref + cur), bins="sturges")[1:-1], edges)
    return ref, cur


def frequency_cases():
    rng = np.random.default_rng(20240501)
    names = CATEGORY_NAMES
    for test in ("chisquare", "z", "g_test"):
        for i in range(12):
            n_ref = int(rng.choice([1, 2, 5, 30, 200, 3000]))
            n_cur = n_ref if test == "g_test" and i % 3 else int(rng.choice([1, 3, 40, 500, 2000]))
            k = int(rng.integers(1, len(names) + 1))
            chosen = list(rng.choice(names, size=k, replace=False))
            ref = categories(rng, n_ref, chosen, rng.uniform(0.2, 1, k))
            shifted = rng.uniform(0.2, 1, k) if i % 2 else None
            cur = categories(rng, n_cur, chosen, shifted)
            yield case(f"{test}_random_{i}", test, "cat", ref, cur)
        yield case(f"{test}_one_category", test, "cat", ["x"] * 40, ["x"] * 25)
        yield case(f"{test}_one_category_equal_sizes", test, "cat", ["x"] * 30, ["x"] * 30)
        yield case(f"{test}_different_single_categories", test, "cat", ["x"] * 30, ["y"] * 30)
        yield case(f"{test}_single_values", test, "cat", ["x"], ["x"])
        yield case(f"{test}_new_category_in_current", test, "cat",
                   ["a"] * 20 + ["b"] * 10, ["a"] * 15 + ["b"] * 10 + ["c"] * 5)
        yield case(f"{test}_category_missing_in_current", test, "cat", ["a"] * 20 + ["b"] * 10, ["a"] * 30)
        yield case(f"{test}_unicode_order", test, "cat",
                   ["é"] * 12 + ["z"] * 9 + ["日本"] * 3, ["é"] * 4 + ["z"] * 11 + ["日本"] * 9)
        yield case(f"{test}_numbers_few_values", test, "num", integers(rng, 300, 0, 3), integers(rng, 300, 0, 4))
        yield case(f"{test}_numbers_nonfinite", test, "num",
                   with_nonfinite(rng, integers(rng, 50, 1, 2)), with_nonfinite(rng, integers(rng, 50, 1, 2)))
        yield case(f"{test}_empty_current", test, "cat", ["a", "b"], [])
        yield case(f"{test}_all_nan_current", test, "num", [1.0, 2.0], [math.nan, math.inf])
        yield case(f"{test}_threshold", test, "cat", ["a"] * 50 + ["b"] * 50, ["a"] * 40 + ["b"] * 60, threshold=0.5)
    # Tiny p-values (near and beyond the flush to zero) and many categories.
    yield case("chisquare_tiny_p", "chisquare", "cat", ["a"] * 5000 + ["b"] * 5000, ["a"] * 4000 + ["b"] * 6000)
    yield case("chisquare_huge_statistic", "chisquare", "cat",
               ["a"] * 50000 + ["b"] * 50000, ["a"] * 1000 + ["b"] * 9000)
    many = [f"v{i}" for i in range(400)]
    yield case("chisquare_many_categories", "chisquare", "cat",
               categories(rng, 20000, many), categories(rng, 5000, many))
    yield case("g_test_many_categories", "g_test", "cat", categories(rng, 8000, many), categories(rng, 8000, many))
    yield case("z_many_samples", "z", "cat",
               categories(rng, 50000, ["a", "b"], [0.3, 0.7]), categories(rng, 10000, ["a", "b"], [0.32, 0.68]))
    yield case("z_far_apart", "z", "cat", ["a"] * 900 + ["b"] * 100, ["a"] * 100 + ["b"] * 900)

    # fisher_exact: equal sizes, at most two values; tables small to large.
    for i, n in enumerate([1, 2, 3, 5, 8, 13, 21, 50, 100, 400, 1000, 3000, 10000]):
        for j, (p_ref, p_cur) in enumerate([(0.5, 0.5), (0.3, 0.45), (0.1, 0.02), (0.9, 0.6)]):
            ref = categories(rng, n, ["no", "yes"], [1 - p_ref, p_ref])
            cur = categories(rng, n, ["no", "yes"], [1 - p_cur, p_cur])
            yield case(f"fisher_exact_{n}_{j}", "fisher_exact", "cat", ref, cur)
    yield case("fisher_exact_identical", "fisher_exact", "cat", ["a"] * 30 + ["b"] * 20, ["b"] * 20 + ["a"] * 30)
    yield case("fisher_exact_mirror", "fisher_exact", "cat", ["a"] * 30 + ["b"] * 20, ["a"] * 20 + ["b"] * 30)
    yield case("fisher_exact_opposite", "fisher_exact", "cat", ["a"] * 40, ["b"] * 40)
    yield case("fisher_exact_one_value", "fisher_exact", "cat", ["a"] * 40, ["a"] * 40)
    yield case("fisher_exact_one_side_binary", "fisher_exact", "cat", ["a"] * 40, ["a"] * 35 + ["b"] * 5)
    yield case("fisher_exact_numbers", "fisher_exact", "num", integers(rng, 200, 0, 1), integers(rng, 200, 0, 1))
    yield case("fisher_exact_unequal_sizes", "fisher_exact", "cat", ["a", "b"] * 20, ["a", "b"] * 21)
    yield case("fisher_exact_three_values", "fisher_exact", "cat", ["a", "b", "c"] * 10, ["a", "b", "c"] * 10)
    yield case("fisher_exact_three_together", "fisher_exact", "cat", ["a", "b"] * 10, ["b", "c"] * 10)
    yield case("fisher_exact_empty_current", "fisher_exact", "cat", ["a", "b"], [])


def numeric_samples(rng):
    """(name, reference, current) pairs covering both binning paths."""
    yield "normal_small", normal(rng, 30), normal(rng, 20, 0.3)
    yield "normal_medium", normal(rng, 800, 5, 2), normal(rng, 300, 5.5, 2)
    yield "normal_shift", normal(rng, 2000), normal(rng, 1000, 1.0)
    yield "same_distribution", normal(rng, 5000, 10, 3), normal(rng, 1000, 10, 3)
    yield "ties_many_values", integers(rng, 1500, 0, 60), integers(rng, 700, 5, 70)
    yield "ties_few_values", integers(rng, 500, 0, 7), integers(rng, 200, 0, 9)
    yield "twenty_values", integers(rng, 400, 1, 20), integers(rng, 300, 1, 25)
    yield "twenty_one_values", integers(rng, 400, 1, 21), integers(rng, 300, 1, 21)
    yield "current_outside", normal(rng, 600), normal(rng, 200, 8)
    yield "large_magnitude", (1e9 + rng.normal(0, 5, 700)).tolist(), (1e9 + rng.normal(1, 5, 300)).tolist()
    yield "tiny_spread", (1.0 + rng.normal(0, 1e-7, 500)).tolist(), (1.0 + rng.normal(0, 1e-7, 400)).tolist()
    yield "negative_skewed", (-rng.exponential(3, 900)).tolist(), (-rng.exponential(4, 250)).tolist()
    yield "constant_equal", [3.5] * 50, [3.5] * 20
    yield "constant_different", [3.5] * 50, [4.0] * 20
    yield "constant_reference", [2.0] * 100, normal(rng, 50, 2)
    yield "single_values_equal", [7.0], [7.0]
    yield "single_values_different", [7.0], [9.5]
    yield "single_reference", [1.0], normal(rng, 30)
    yield "with_nonfinite", with_nonfinite(rng, normal(rng, 300)), with_nonfinite(rng, normal(rng, 100, 0.2))
    ref, cur = on_edges(rng, integers(rng, 300, 0, 90), integers(rng, 200, 0, 90))
    yield "integer_values_on_edges", ref, cur
    ref, cur = on_edges(rng, normal(rng, 1000), normal(rng, 500, 0.1))
    yield "values_on_edges", ref, cur
    ref, cur = on_edges(rng, rng.uniform(-1, 1, 64).tolist(), rng.uniform(-1, 1, 64).tolist())
    yield "power_of_two_size_on_edges", ref, cur


def distance_cases():
    rng = np.random.default_rng(20240502)
    tests = ("wasserstein", "ed", "jensenshannon", "psi", "kl_div", "hellinger")
    for name, ref, cur in numeric_samples(rng):
        for test in tests:
            yield case(f"{test}_{name}", test, "num", ref, cur)
    for i in range(6):
        n_ref = int(rng.choice([3, 50, 400, 5000]))
        n_cur = int(rng.choice([1, 20, 300, 2000]))
        k = int(rng.integers(1, len(CATEGORY_NAMES) + 1))
        chosen = list(rng.choice(CATEGORY_NAMES, size=k, replace=False))
        ref = categories(rng, n_ref, chosen, rng.uniform(0.1, 1, k))
        cur = categories(rng, n_cur, chosen, rng.uniform(0.1, 1, k) if i % 2 else None)
        for test in ("jensenshannon", "psi", "kl_div", "hellinger"):
            yield case(f"{test}_categories_{i}", test, "cat", ref, cur)
    for test in ("jensenshannon", "psi", "kl_div", "hellinger"):
        yield case(f"{test}_one_category", test, "cat", ["x"] * 10, ["x"] * 4)
        yield case(f"{test}_disjoint_categories", test, "cat", ["a"] * 10 + ["b"] * 5, ["c"] * 7)
        yield case(f"{test}_category_only_in_reference", test, "cat", ["a"] * 10 + ["b"] * 5, ["a"] * 7)
        yield case(f"{test}_tiny_share", test, "cat", ["a"] * 99999 + ["b"], ["a"] * 500 + ["c"] * 3)
    for test in tests:
        yield case(f"{test}_empty_current", test, "num", [1.0, 2.0, 3.0], [])
        yield case(f"{test}_nan_current", test, "num", [1.0, 2.0, 3.0], [math.nan, -math.inf])
        yield case(f"{test}_threshold", test, "num", normal(rng, 200), normal(rng, 100, 0.2), threshold=0.02)
    # Scores exactly at the threshold: >= drifts, ed's strict > does not.
    yield case("wasserstein_at_threshold", "wasserstein", "num", [0.0, 2.0], [1.0, 3.0], threshold=1.0)
    yield case("ed_at_threshold", "ed", "num", [0.0], [1.0], threshold=math.sqrt(2))
    yield case("jensenshannon_at_threshold", "jensenshannon", "cat",
               ["a"] * 3, ["b"] * 2, threshold=math.sqrt(math.log(2)))
    yield case("wasserstein_categories", "wasserstein", "cat", ["a", "b"], ["a"])
    yield case("ed_categories", "ed", "cat", ["a", "b"], ["a"])
    # Evidently's defaults at the reference sizes the service sees.
    big_ref, big_cur = normal(rng, 100_000, 50, 10), normal(rng, 10_000, 50.5, 10.5)
    yield case("wasserstein_100k_10k", "wasserstein", "num", big_ref, big_cur)
    yield case("jensenshannon_100k_10k", "jensenshannon", "num", big_ref, big_cur)
    yield case("ed_100k_10k", "ed", "num", big_ref, big_cur)
    ties_ref, ties_cur = integers(rng, 100_000, 0, 500), integers(rng, 10_000, 3, 505)
    yield case("wasserstein_100k_ties", "wasserstein", "num", ties_ref, ties_cur)
    yield case("jensenshannon_100k_ties", "jensenshannon", "num", ties_ref, ties_cur)
    yield case("psi_100k_ties", "psi", "num", ties_ref, ties_cur)
    many = [f"c{i}" for i in range(300)]
    yield case("jensenshannon_50k_categories", "jensenshannon", "cat",
               categories(rng, 50_000, many), categories(rng, 10_000, many))


def default_cases():
    rng = np.random.default_rng(20240503)
    for n_ref in (1000, 1001):
        for n_values in (1, 2, 3, 5, 6, 30):
            ref = [float(i % n_values) for i in range(n_ref)]
            cur = integers(rng, 300, 0, n_values - 1)
            yield case(f"default_num_{n_ref}_{n_values}_values", "default", "num", ref, cur)
            ref_cat = [f"k{i % n_values}" for i in range(n_ref)]
            cur_cat = [f"k{int(v)}" for v in cur]
            yield case(f"default_cat_{n_ref}_{n_values}_values", "default", "cat", ref_cat, cur_cat)
    # Values only the current holds count towards the unique values.
    yield case("default_num_union_six", "default", "num", [0.0, 1.0, 2.0, 3.0, 4.0] * 200, [5.0] * 10)
    yield case("default_num_union_six_large", "default", "num", [0.0, 1.0, 2.0, 3.0, 4.0] * 300, [5.0] * 10)
    yield case("default_cat_union_three", "default", "cat", ["a", "b"] * 100, ["c"] * 10)
    # The reference's size is counted after NaN / inf are dropped.
    ref = with_nonfinite(rng, normal(rng, 1000))
    yield case("default_num_1000_after_cleaning", "default", "num", ref, normal(rng, 200))
    ref = with_nonfinite(rng, normal(rng, 1001))
    yield case("default_num_1001_after_cleaning", "default", "num", ref, normal(rng, 200))
    yield case("default_num_large", "default", "num", normal(rng, 20_000), normal(rng, 2_000, 0.05))


def cases():
    yield from frequency_cases()
    yield from distance_cases()
    yield from default_cases()
