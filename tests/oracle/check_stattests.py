#!/usr/bin/python3
"""Checks every drift test of ours against SciPy.

Usage: check_stattests.py STATTEST_ORACLE [CASE_MODULE ...]

Each cases_*.py module beside this file exposes cases(), yielding dicts:
  id, test, kind ("num"/"cat"), reference, current, threshold (optional),
  and either expected (float, or None for NaN) with expected_drifted (bool),
  rtol (default 1e-9) and atol (default 0), or expect_error=True.
The expected values are computed here with SciPy, the way Evidently calls
it; the tool computes ours. Prints a line per test name and every mismatch;
exits 1 on any mismatch.
"""
import importlib.util
import json
import math
import pathlib
import subprocess
import sys
from collections import defaultdict


def encode(value):
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return value


def load_modules(names):
    here = pathlib.Path(__file__).resolve().parent
    paths = [here / n for n in names] if names else sorted(here.glob("cases_*.py"))
    for path in paths:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield path.stem, module


def matches(case, answer):
    if case.get("expect_error"):
        return "error" in answer
    if "error" in answer:
        return False
    expected, got = case["expected"], answer["score"]
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return got is None and answer["drifted"] is False
    if got is None:
        return False
    rtol, atol = case.get("rtol", 1e-9), case.get("atol", 0.0)
    if abs(got - expected) > max(atol, rtol * abs(expected)):
        return False
    if "expected_drifted" in case and answer["drifted"] != case["expected_drifted"]:
        return False
    if "expected_chosen" in case and answer.get("chosen") != case["expected_chosen"]:
        return False
    return True


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tool = sys.argv[1]
    cases = []
    for module_name, module in load_modules(sys.argv[2:]):
        for case in module.cases():
            case = dict(case)
            case["id"] = f"{module_name}:{case['id']}"
            cases.append(case)
    lines = []
    for case in cases:
        request = {k: case[k] for k in ("id", "test", "kind") if k in case}
        request["reference"] = [encode(v) for v in case["reference"]]
        request["current"] = [encode(v) for v in case["current"]]
        if case.get("threshold") is not None:
            request["threshold"] = case["threshold"]
        lines.append(json.dumps(request))
    run = subprocess.run([tool], input="\n".join(lines) + "\n", capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr)
        print(f"stattest_oracle exited with {run.returncode}")
        return 1
    answers = {a["id"]: a for a in map(json.loads, run.stdout.splitlines())}
    per_test = defaultdict(lambda: [0, 0])
    failures = []
    for case in cases:
        answer = answers.get(case["id"], {"error": "no answer"})
        ok = matches(case, answer)
        per_test[case["test"]][0 if ok else 1] += 1
        if not ok:
            failures.append((case, answer))
    for name, (good, bad) in sorted(per_test.items()):
        print(f"{name:18} {good:5} agree {bad:4} differ")
    for case, answer in failures[:50]:
        shown = {k: case.get(k) for k in ("id", "expected", "expected_drifted", "expect_error", "rtol")}
        print("MISMATCH", json.dumps(shown), "ours:", json.dumps(answer))
        print("   reference:", json.dumps([encode(v) for v in case["reference"]])[:300])
        print("   current:  ", json.dumps([encode(v) for v in case["current"]])[:300])
    print(f"{len(cases) - len(failures)} of {len(cases)} cases agree with SciPy")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
