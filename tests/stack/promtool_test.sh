#!/usr/bin/env bash
# The stack's Prometheus and Alertmanager files, checked by the tools of the
# versions the Compose file pins (Debian 12's prometheus and
# prometheus-alertmanager): prometheus.yml and the rule files it names,
# alerts.yml, the alert unit tests (every alert fires and stays silent), every
# Grafana dashboard expression parsed as PromQL, and alertmanager.yml.
# Usage: promtool_test.sh SOURCE_DIR
set -uo pipefail
root=$1
source "$root/tests/e2e/check.sh"

for tool in promtool amtool; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL - $tool not found: install Debian's prometheus and prometheus-alertmanager (scripts/install-deps test)"
    exit 1
  fi
done

prom=$root/docker/prometheus
check "promtool check config prometheus.yml (and the rule files it names)" \
  promtool check config "$prom/prometheus.yml"
check "promtool check rules alerts.yml" promtool check rules "$prom/alerts.yml"
check "promtool test rules: every alert fires and stays silent as its tests expect" \
  promtool test rules "$prom/tests/alerts_test.yml"

# Each dashboard expression becomes a recording rule, with Grafana's
# variables substituted, so that promtool parses it as PromQL.
check "the dashboard expressions can be extracted" \
  /usr/bin/python3 "$root/tests/stack/check_stack_files.py" "$root" --dashboard-rules "$work/dashboard_rules.yml"
check "every dashboard expression is valid PromQL" promtool check rules "$work/dashboard_rules.yml"

check "amtool check-config alertmanager.yml" amtool check-config "$root/docker/alertmanager/alertmanager.yml"
exit $fail
