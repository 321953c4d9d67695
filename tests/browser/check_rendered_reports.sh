#!/usr/bin/env bash
# The e2e browser check of the drift reports: report_render_tool writes a
# reports directory, then check_report.mjs opens its index and every report
# in Debian's Chromium. Needs tests/browser/install-playwright first.
#   check_rendered_reports.sh RENDER_TOOL [NODE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tool=$1
node=${2:-node}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tool" "$work/reports" >/dev/null
mapfile -t reports < <(find "$work/reports" -maxdepth 1 -name 'drift_report_*.html' | sort)
if [ "${#reports[@]}" -ne 2 ]; then
  echo "FAIL - report_render_tool wrote ${#reports[@]} reports, expected 2" >&2
  exit 1
fi
"$node" "$here/check_report.mjs" --index "$work/reports/index.html" "${reports[@]}"
