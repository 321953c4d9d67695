#!/usr/bin/env bash
# docker/nginx/nginx.conf served by a real nginx on a loopback port, its
# `listen` and `root` lines replaced as a server run outside Docker does:
# content types, caching headers, security headers, read-only methods, no
# dotfiles, no symbolic link out of the reports, the listing before the
# first report.
# Usage: nginx_test.sh SOURCE_DIR
set -uo pipefail
root=$1
source "$root/tests/e2e/check.sh"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  echo "FAIL - nginx not found: install Debian's nginx-light (scripts/install-deps test)"
  exit 1
fi

# Readable by nginx's workers, which do not run as root.
chmod 755 "$work"
reports=$work/reports
mkdir -p "$reports" "$work/outside" "$work/tmp"
id=20261126T101500Z
printf '<!DOCTYPE html><title>Drift reports</title>\n' >"$reports/index.html"
printf '{"metrics": []}\n' >"$reports/latest.json"
printf '<!DOCTYPE html><title>report</title>\n' >"$reports/drift_report_$id.html"
printf '<!DOCTYPE html><title>report</title>\n' >"$reports/drift_report_$id-2.html"
printf '{"metrics": []}\n' >"$reports/drift_report_$id.json"
printf 'PAR1....PAR1' >"$reports/predictions_$id.parquet"
: >"$reports/.pdex-reports.lock"
printf 'partial' >"$reports/.drift_report_$id.json.tmp-1a2b3c"
printf 'secret\n' >"$work/outside/secret.txt"
ln -s ../outside/secret.txt "$reports/leak.txt"
chmod -R a+rX "$work"

port=$(free_port)
sed -e "s|^\([[:space:]]*\)listen 80;|\1listen 127.0.0.1:$port;|" \
    -e "s|^\([[:space:]]*\)root /usr/share/nginx/html;|\1root $reports;|" \
    "$root/docker/nginx/nginx.conf" >"$work/site.conf"
check "the listen line is replaced" grep -q "listen 127.0.0.1:$port;" "$work/site.conf"
check "the root line is replaced" grep -q "root $reports;" "$work/site.conf"
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    include $work/site.conf;
}
CONF
check "nginx -t accepts the configuration" "$nginx" -t -q -p "$work" -c "$work/nginx.conf"

"$nginx" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; rm -rf "$work"' EXIT
base=http://127.0.0.1:$port
if ! wait_for 10 curl -sf -o /dev/null "$base/"; then
  echo "FAIL - nginx did not answer on $base"
  cat "$work/error.log"
  exit 1
fi

# status PATH [curl options]: the status code; headers PATH: the headers.
status() { local path=$1; shift; curl -s -o /dev/null -w '%{http_code}' "$@" "$base$path"; }
headers() { curl -s -D - -o /dev/null "$base$1" | tr -d '\r'; }
# has_header PATH 'Name: value': the response carries that header, exactly.
has_header() { headers "$1" | grep -qix "$2"; }

check "/ is our index.html" test "$(curl -s "$base/")" = "$(cat "$reports/index.html")"
check "an HTML report is text/html in UTF-8" has_header "/drift_report_$id.html" 'Content-Type: text/html; charset=utf-8'
check "a JSON report is application/json" has_header "/drift_report_$id.json" 'Content-Type: application/json'
check "latest.json is application/json" has_header /latest.json 'Content-Type: application/json'
check "an archive is application/vnd.apache.parquet" \
  has_header "/predictions_$id.parquet" 'Content-Type: application/vnd.apache.parquet'

immutable='Cache-Control: public, max-age=31536000, immutable'
check "a timestamped HTML report is cached as immutable" has_header "/drift_report_$id.html" "$immutable"
check "a report with a -2 suffix too" has_header "/drift_report_$id-2.html" "$immutable"
check "a timestamped JSON report too" has_header "/drift_report_$id.json" "$immutable"
check "an archive too" has_header "/predictions_$id.parquet" "$immutable"
check "index.html is revalidated (no-cache)" has_header /index.html 'Cache-Control: no-cache'
check "the listing / is revalidated (no-cache)" has_header / 'Cache-Control: no-cache'
check "latest.json is revalidated (no-cache)" has_header /latest.json 'Cache-Control: no-cache'
etag=$(headers /latest.json | sed -n 's/^ETag: //Ip')
check "latest.json unchanged revalidates with 304" test "$(status /latest.json -H "If-None-Match: $etag")" = 304

check "X-Content-Type-Options: nosniff" has_header "/drift_report_$id.html" 'X-Content-Type-Options: nosniff'
check "Referrer-Policy: no-referrer" has_header /latest.json 'Referrer-Policy: no-referrer'
check "a Content-Security-Policy without scripts" bash -c "curl -s -D - -o /dev/null '$base/' | grep -qi \"^Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline';\""
check "no nginx version in Server" bash -c "! curl -s -D - -o /dev/null '$base/' | grep -qi '^Server: nginx/'"
check "a missing file is 404" test "$(status /drift_report_20000101T000000Z.html)" = 404

check "HEAD is allowed" test "$(status /latest.json -I)" = 200
for method in POST PUT DELETE PATCH; do
  check "$method is 405" test "$(status /latest.json -X "$method")" = 405
done
check "the lock file is not served" test "$(status /.pdex-reports.lock)" = 404
check "a partial (temporary) report is not served" test "$(status "/.drift_report_$id.json.tmp-1a2b3c")" = 404
check "a symbolic link out of the reports is refused" grep -qx '40[34]' <<<"$(status /leak.txt)"
check "nothing of the link's target is served" bash -c '! curl -s "$1/leak.txt" | grep -q secret' _ "$base"
check "a path climbing out of the root is refused" test "$(status /../outside/secret.txt --path-as-is)" = 400
check "an encoded path climbing out of the root is refused" \
  test "$(status /%2e%2e/outside/secret.txt --path-as-is)" = 400

# Before the first report there is no index.html: the directory listing.
rm "$reports/index.html"
listing=$(curl -s "$base/")
check "without index.html, / lists the reports" grep -q "drift_report_$id.html" <<<"$listing"
check "the listing is HTML" has_header / 'Content-Type: text/html; charset=utf-8'
check "the listing hides dotfiles" bash -c '! grep -q "pdex-reports.lock" <<<"$1"' _ "$listing"

exit $fail
