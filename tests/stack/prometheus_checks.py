#!/usr/bin/python3
"""Questions the stack e2e test (stack_e2e_test.sh) asks a running
Prometheus, over its HTTP API. Each prints what it found and exits 0 when the
answer is the expected one, 1 otherwise (2 on bad usage).

  prometheus_checks.py URL targets-up JOB...     every active target is up, and these jobs are among them
  prometheus_checks.py URL value EXPR MIN        EXPR has a sample >= MIN
  prometheus_checks.py URL alert NAME            alert NAME is pending or firing
  prometheus_checks.py URL dashboards RULES.yml  every dashboard expression (written by
                                                 check_stack_files.py --dashboard-rules) returns data
"""
import json
import sys
import urllib.parse
import urllib.request

import yaml


def get(base, path, **params):
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"{url}: {body}")
    return body["data"]


def query(base, expr):
    return get(base, "/api/v1/query", query=expr)["result"]


def targets_up(base, jobs):
    active = get(base, "/api/v1/targets")["activeTargets"]
    seen = {t["labels"]["job"]: t for t in active}
    down = [f"{t['labels']['job']} ({t['health']}: {t.get('lastError') or 'not scraped yet'})"
            for t in active if t["health"] != "up"]
    missing = [j for j in jobs if j not in seen]
    print(f"targets: {', '.join(sorted(seen))}; down: {', '.join(down) or 'none'}; missing: {', '.join(missing) or 'none'}")
    return not down and not missing


def value_at_least(base, expr, minimum):
    samples = [float(s["value"][1]) for s in query(base, expr)]
    print(f"{expr} = {samples}")
    return any(v >= minimum for v in samples)


def alert_active(base, name):
    alerts = [a for a in get(base, "/api/v1/alerts")["alerts"] if a["labels"].get("alertname") == name]
    print(f"{name}: {[a['state'] for a in alerts] or 'inactive'}")
    return any(a["state"] in ("pending", "firing") for a in alerts)


def dashboards(base, rules_file):
    rules = yaml.safe_load(open(rules_file))["groups"][0]["rules"]
    empty = []
    for rule in rules:
        try:
            result = query(base, rule["expr"])
        except Exception as e:  # a refused query is a failure of that panel
            result, rule["labels"]["error"] = [], str(e)
        if not result:
            empty.append(rule)
    for rule in empty:
        labels = rule["labels"]
        print(f"no data: {labels['dashboard']} {labels['query']}: {rule['expr']} {labels.get('error', '')}")
    print(f"{len(rules) - len(empty)} of {len(rules)} dashboard expressions return data")
    return not empty


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    base, what, args = argv[1].rstrip("/"), argv[2], argv[3:]
    try:
        if what == "targets-up":
            ok = targets_up(base, args)
        elif what == "value" and len(args) == 2:
            ok = value_at_least(base, args[0], float(args[1]))
        elif what == "alert" and len(args) == 1:
            ok = alert_active(base, args[0])
        elif what == "dashboards" and len(args) == 1:
            ok = dashboards(base, args[0])
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except OSError as e:
        print(f"{base}: {e}")
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
