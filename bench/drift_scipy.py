#!/usr/bin/python3
"""The drift statistics of bench/drift_bench.cpp computed with SciPy and
NumPy the way Evidently's DataDriftPreset computes them (Evidently itself is
not installable here; SciPy is the library it computes with).

Usage: drift_scipy.py DIR [REPEAT]
Reads DIR/reference.csv and DIR/current.csv (written by `drift_bench
export`), times REPEAT reports and prints
  scipy_seconds=<median>
  column <name> <test> <score>      (one line per column)
Loading the CSV files is not timed.
"""
import csv
import sys
import time
from collections import Counter

import numpy as np
from scipy import stats
from scipy.spatial import distance


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = {}
    for i, name in enumerate(header):
        values = [r[i] for r in body]
        if name.startswith("num_"):
            columns[name] = np.array(values, dtype=float)
        else:
            columns[name] = np.array(values, dtype=object)
    return columns


def value_shares(reference, current):
    # Hash counting, as pandas' value_counts does for Evidently.
    ref, cur = Counter(reference.tolist()), Counter(current.tolist())
    keys = sorted(ref.keys() | cur.keys())
    return (np.array([ref.get(k, 0) / len(reference) for k in keys]),
            np.array([cur.get(k, 0) / len(current) for k in keys]))


def n_unique(reference, current):
    if reference.dtype == object:
        return len(set(reference.tolist()) | set(current.tolist()))
    return len(np.unique(np.concatenate([reference, current])))


def column_drift(reference, current, numerical):
    if numerical:
        reference = reference[np.isfinite(reference)]
        current = current[np.isfinite(current)]
    n_values = n_unique(reference, current)
    if numerical and n_values > 5:
        # wasserstein_distance_norm
        norm = max(np.std(reference), 0.001)
        return "wasserstein", stats.wasserstein_distance(reference, current) / norm
    # jensenshannon on get_binned_data(..., feel_zeroes=False)
    if numerical and len(np.unique(reference)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
        ref = np.histogram(reference, bins)[0] / len(reference)
        cur = np.histogram(current, bins)[0] / len(current)
    else:
        ref, cur = value_shares(reference, current)
    return "jensenshannon", distance.jensenshannon(ref, cur)


def report(reference, current):
    return {name: column_drift(reference[name], current[name], name.startswith("num_")) for name in reference}


def main():
    directory = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    reference = load(f"{directory}/reference.csv")
    current = load(f"{directory}/current.csv")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = report(reference, current)
        times.append(time.perf_counter() - start)
    print(f"scipy_seconds={sorted(times)[len(times) // 2]:.6f}")
    for name, (test, score) in result.items():
        print(f"column {name} {test} {score!r}")


if __name__ == "__main__":
    main()
