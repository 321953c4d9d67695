#!/usr/bin/python3
"""Static checks of the monitoring stack's files (docs/stack.md): the Compose
file, the Prometheus configuration and rules, the Grafana provisioning and
dashboards, the nginx report UI configuration, and how they fit together.

Usage: check_stack_files.py SOURCE_DIR
       check_stack_files.py SOURCE_DIR --dashboard-rules FILE

Prints one `ok` or `FAIL` line per check, each failure with the service or
file and why; exits 1 when any check fails. With --dashboard-rules, checks
nothing: writes every dashboard expression (Grafana variables substituted)
as a recording rule to FILE, for `promtool check rules` to parse
(tests/stack/promtool_test.sh).
"""
import json
import re
import sys
from pathlib import Path

import yaml

CORE_SERVICES = {"api", "db", "redis", "drift_detector", "prometheus", "grafana", "node-exporter", "drift_ui"}
EXTRA_SERVICES = {"alertmanager", "redis-exporter", "postgres-exporter"}
EXTRAS_PROFILE = "extras"
NAMED_VOLUMES = {"drift_reports", "prometheus_data", "grafana_data", "redis_data", "pgdata"}
# Host ports the core services publish (host port -> container port).
PUBLISHED = {
    "api": {8000: 8000},
    "drift_detector": {8001: 8001},
    "drift_ui": {8080: None},  # the container port is nginx.conf's `listen`
    "prometheus": {9090: 9090},
    "grafana": {3000: 3000},
    "node-exporter": {9100: 9100},
    "db": {},
    "redis": {},
}
# The environment variables of the architecture document, per service.
ARCHITECTURE_ENV = {
    "api": {"DATABASE_URL", "REDIS_HOST", "REDIS_PORT"},
    "drift_detector": {"REDIS_HOST", "REDIS_PORT", "REPORT_FREQUENCY", "BUFFER_SIZE", "REFERENCE_DATA_PATH"},
}
# Prometheus job -> target: the job is the Compose service it scrapes.
SCRAPE_TARGETS = {
    "api": "api:8000",
    "drift_detector": "drift_detector:8001",
    "node-exporter": "node-exporter:9100",
    "prometheus": "localhost:9090",
    "alertmanager": "alertmanager:9093",
    "redis-exporter": "redis-exporter:9121",
    "postgres-exporter": "postgres-exporter:9187",
}
# Host paths node-exporter may read (read-only); every other bind mount is a
# path of this repository.
HOST_PATHS = {"/proc", "/sys", "/"}
DASHBOARDS = ["api-performance.json", "model.json", "data-drift.json", "system.json"]
SEVERITIES = {"critical", "warning", "info"}
# Grafana's own variables, and what stands for them when checking PromQL.
GRAFANA_VARIABLES = {"__rate_interval": "1m", "__interval": "1m", "__range": "1h"}
# Panels that do not query a data source.
NON_QUERY_PANELS = {"row", "text", "news", "dashlist"}
# Metric name prefixes of PredictionDex's own metrics (checked against src/).
OWN_METRIC = re.compile(r"^(api|model|drift|events|event|process)_")


class Stack:
    """The files under test, loaded once."""

    def __init__(self, root):
        self.root = root
        self.compose = yaml.safe_load((root / "docker-compose.yml").read_text())
        self.services = self.compose.get("services") or {}
        prom_dir = root / "docker/prometheus"
        self.prometheus = yaml.safe_load((prom_dir / "prometheus.yml").read_text())
        self.rules = yaml.safe_load((prom_dir / "alerts.yml").read_text())
        self.rule_tests = yaml.safe_load((prom_dir / "tests/alerts_test.yml").read_text())
        graf = root / "docker/grafana"
        self.datasources = yaml.safe_load((graf / "provisioning/datasources/prometheus.yml").read_text())
        self.providers = yaml.safe_load((graf / "provisioning/dashboards/dashboards.yml").read_text())
        self.dashboard_dir = graf / "dashboards"
        self.nginx = (root / "docker/nginx/nginx.conf").read_text()
        self.sources = {p: p.read_text() for p in (root / "src").rglob("*.cpp")}

    # --- compose helpers ---------------------------------------------------

    def env(self, service):
        env = self.services[service].get("environment") or {}
        if isinstance(env, list):
            env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
        return {k: (None if v is None else str(v)) for k, v in env.items()}

    def mounts(self, service):
        """(kind, source, target, read_only) of each volume entry."""
        out = []
        for entry in self.services[service].get("volumes") or []:
            if isinstance(entry, dict):
                out.append((entry.get("type", "volume"), entry.get("source"), entry.get("target"),
                            bool(entry.get("read_only"))))
                continue
            parts = entry.split(":")
            if len(parts) == 1:
                out.append(("anonymous", None, parts[0], False))
                continue
            source, target = parts[0], parts[1]
            read_only = len(parts) > 2 and "ro" in parts[2].split(",")
            kind = "bind" if source.startswith((".", "/", "~")) else "volume"
            out.append((kind, source, target, read_only))
        return out

    def mount_target(self, service, source):
        for kind, src, target, _ in self.mounts(service):
            if src == source:
                return target
        return None

    def ports(self, service):
        """(host port, container port) of each published port."""
        out = []
        for entry in self.services[service].get("ports") or []:
            if isinstance(entry, dict):
                out.append((int(entry["published"]), int(entry["target"])))
                continue
            parts = str(entry).split("/")[0].split(":")
            if len(parts) < 2:
                out.append((None, int(parts[0])))  # a random host port
            else:
                out.append((int(parts[-2]), int(parts[-1])))
        return out

    # --- other files -------------------------------------------------------

    def nginx_directive(self, name):
        return re.findall(rf"^\s*{name}\s+([^;\s]+);", self.nginx, re.M)

    def alert_rules(self):
        return [r for g in self.rules["groups"] for r in g["rules"] if "alert" in r]

    def recorded(self):
        return {r["record"]: r["expr"] for g in self.rules["groups"] for r in g["rules"] if "record" in r}

    def datasource_uid(self):
        return self.datasources["datasources"][0]["uid"]

    def dashboards(self):
        return {p.name: p for p in sorted(self.dashboard_dir.glob("*.json"))}

    def read_env_names(self):
        """Environment variables the C++ sources read (getenv lines)."""
        names = set()
        for text in self.sources.values():
            for line in text.splitlines():
                if "getenv" in line:
                    names.update(re.findall(r'"([A-Z][A-Z0-9_]+)"', line))
        return names

    def exported_metrics(self):
        """Metric names the C++ sources register, with histogram series."""
        names = set()
        for text in self.sources.values():
            for kind, name in re.findall(r"Build(Counter|Gauge|Histogram|Summary)\(\)\s*\.Name\(\"([a-z_:]+)\"\)", text):
                names.add(name)
                if kind in ("Histogram", "Summary"):
                    names.update({name + "_sum", name + "_count"})
                if kind == "Histogram":
                    names.add(name + "_bucket")
            names.update(re.findall(r'Single\("(process_[a-z_]+)"', text))
        return names


def panels_of(dashboard):
    """Every panel, those inside rows included."""
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def queries_of(dashboard):
    """(where, expression) of every panel target and annotation query."""
    for panel in panels_of(dashboard):
        for t in panel.get("targets", []):
            yield f"panel {panel.get('id')} '{panel.get('title')}' target {t.get('refId')}", t.get("expr", "")
    for a in dashboard.get("annotations", {}).get("list", []):
        if not a.get("builtIn"):
            yield f"annotation '{a.get('name')}'", a.get("expr", "")


def substitute(expr, variables):
    """Replaces $name and ${name} by their value; unknown names are kept."""
    def value(m):
        name = m.group(1) or m.group(2)
        return variables.get(name, m.group(0))
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", value, expr)


def template_values(dashboard):
    values = {}
    for var in dashboard.get("templating", {}).get("list", []):
        current = var.get("current", {}).get("value")
        if isinstance(current, list):
            current = current[0] if current else ""
        if current == "$__all" or var.get("allValue"):
            current = var.get("allValue") or ".*"
        values[var["name"]] = str(current if current is not None else var.get("query", ""))
    return values


def metric_names(expr):
    """Metric names in a PromQL expression: what is left of it once strings,
    label matchers, ranges and grouping clauses are taken out."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    return set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr))


# --- the checks: each returns a list of problems ("where: why") ------------

CHECKS = []


def check(title):
    def register(fn):
        CHECKS.append((title, fn))
        return fn
    return register


@check("compose: the services of the architecture, the optional ones in the extras profile")
def services_present(s):
    problems = []
    for name in sorted(CORE_SERVICES - s.services.keys()):
        problems.append(f"service {name}: missing")
    for name in sorted(EXTRA_SERVICES - s.services.keys()):
        problems.append(f"service {name}: missing")
    for name in sorted(s.services.keys() - CORE_SERVICES - EXTRA_SERVICES):
        problems.append(f"service {name}: not a service of the stack (docs/stack.md)")
    for name, svc in s.services.items():
        profiles = svc.get("profiles") or []
        if name in CORE_SERVICES and profiles:
            problems.append(f"service {name}: a core service must not be in a profile (has {profiles})")
        if name in EXTRA_SERVICES and profiles != [EXTRAS_PROFILE]:
            problems.append(f"service {name}: must be in the '{EXTRAS_PROFILE}' profile only (has {profiles})")
    return problems


@check("compose: every service has a health check")
def healthchecks(s):
    problems = []
    for name, svc in s.services.items():
        hc = svc.get("healthcheck")
        if not hc:
            problems.append(f"service {name}: no healthcheck")
        elif hc.get("disable") or not hc.get("test") or hc["test"] in (["NONE"], "NONE"):
            problems.append(f"service {name}: healthcheck without a test")
    return problems


@check("compose: every service has a restart policy")
def restart_policies(s):
    allowed = {"always", "unless-stopped", "on-failure"}
    return [f"service {name}: restart is {svc.get('restart')!r}, expected one of {sorted(allowed)}"
            for name, svc in s.services.items() if str(svc.get("restart", "")).split(":")[0] not in allowed]


def pinned_tag_problem(image):
    """Why an image reference is not pinned to a version, or None."""
    if "@sha256:" in image:
        return None
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "no tag (means latest)"
    tag = last.split(":", 1)[1]
    if tag == "latest" or not re.search(r"\d", tag):
        return f"tag '{tag}' is not a version"
    return None


@check("compose and Dockerfiles: every image is pinned to a version")
def images_pinned(s):
    problems = []
    for name, svc in s.services.items():
        image = svc.get("image")
        if not image:
            problems.append(f"service {name}: no image (a built service names its image and version too)")
        elif (why := pinned_tag_problem(image)):
            problems.append(f"service {name}: image {image}: {why}")
    for dockerfile in sorted((s.root / "docker").glob("Dockerfile.*")):
        stages = set()
        for m in re.finditer(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", dockerfile.read_text(), re.M | re.I):
            image, stage = m.group(1), m.group(2)
            if image not in stages and (why := pinned_tag_problem(image)):
                problems.append(f"{dockerfile.relative_to(s.root)}: FROM {image}: {why}")
            if stage:
                stages.add(stage)
    return problems


@check("compose: built services: context and Dockerfile exist, image tagged with the project version")
def builds(s):
    problems = []
    version = re.search(r"project\(\w+ VERSION ([0-9.]+)", (s.root / "CMakeLists.txt").read_text()).group(1)
    for name, svc in s.services.items():
        build = svc.get("build")
        if build is None:
            continue
        if isinstance(build, str):
            build = {"context": build}
        context = s.root / build.get("context", ".")
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        if not context.is_dir():
            problems.append(f"service {name}: build context {build.get('context')} does not exist")
        if not dockerfile.is_file():
            problems.append(f"service {name}: dockerfile {build.get('dockerfile')} does not exist")
        tag = str(svc.get("image", "")).rsplit(":", 1)[-1]
        if tag != version:
            problems.append(f"service {name}: image {svc.get('image')} is not tagged {version} (CMakeLists.txt)")
    return problems


@check("compose: depends_on waits for healthy services")
def depends_on(s):
    problems = []
    for name, svc in s.services.items():
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            problems.append(f"service {name}: depends_on is a list; use condition: service_healthy")
            continue
        for dep, spec in deps.items():
            if dep not in s.services:
                problems.append(f"service {name}: depends on unknown service {dep}")
            if (spec or {}).get("condition") != "service_healthy":
                problems.append(f"service {name}: depends on {dep} without condition: service_healthy")
            if name in CORE_SERVICES and dep in EXTRA_SERVICES:
                problems.append(f"service {name}: a core service depends on optional {dep}")
    return problems


@check("compose: named volumes are declared, the architecture's five among them, all used")
def volumes(s):
    problems = []
    declared = set((s.compose.get("volumes") or {}).keys())
    used = set()
    for name in s.services:
        for kind, source, target, _ in s.mounts(name):
            if kind == "anonymous":
                problems.append(f"service {name}: anonymous volume at {target}; name it")
            elif kind == "volume":
                used.add(source)
                if source not in declared:
                    problems.append(f"service {name}: volume {source} is not declared under top-level volumes")
    for volume in sorted(NAMED_VOLUMES - declared):
        problems.append(f"volumes: {volume} is not declared")
    for volume in sorted(declared - used):
        problems.append(f"volumes: {volume} is declared but no service mounts it")
    return problems


@check("compose: bind mounts are paths of the repository (node-exporter: host paths, read-only)")
def bind_mounts(s):
    problems = []
    for name in s.services:
        for kind, source, target, read_only in s.mounts(name):
            if kind != "bind":
                continue
            if source.startswith("/"):
                if name != "node-exporter" or source not in HOST_PATHS or not read_only:
                    problems.append(f"service {name}: host path {source} (only node-exporter reads "
                                    f"{sorted(HOST_PATHS)}, read-only)")
            elif not (s.root / source).exists():
                problems.append(f"service {name}: {source} does not exist in the repository")
            elif not read_only:
                problems.append(f"service {name}: {source} is mounted writable; mount configuration read-only")
    return problems


@check("compose: host ports are unique; the core services publish the architecture's ports")
def ports(s):
    problems = []
    owner = {}
    listen = s.nginx_directive("listen")
    for name in s.services:
        for host, container in s.ports(name):
            if host is None:
                problems.append(f"service {name}: container port {container} published on a random host port")
                continue
            if host in owner:
                problems.append(f"service {name}: host port {host} already published by {owner[host]}")
            owner[host] = name
        if name in PUBLISHED:
            expected = dict(PUBLISHED[name])
            if name == "drift_ui":
                expected = {8080: int(listen[0]) if len(listen) == 1 else None}
            got = {h: c for h, c in s.ports(name) if h is not None}
            if got != expected:
                problems.append(f"service {name}: publishes {got or 'nothing'}, expected {expected or 'nothing'}")
    return problems


@check("compose: environment variables are the architecture's and ones the binaries read")
def environment(s):
    problems = []
    read = s.read_env_names()
    for name, required in ARCHITECTURE_ENV.items():
        env = s.env(name)
        for var in sorted(required - env.keys()):
            problems.append(f"service {name}: {var} (architecture document) is not set")
        for var in sorted(env.keys() - read):
            problems.append(f"service {name}: {var} is not read by pdex-api or pdex-drift (no getenv in src/)")
    drift = s.env("drift_detector")
    reference = drift.get("REFERENCE_DATA_PATH", "")
    if not reference.startswith("/app/models/") or not (s.root / "models" / Path(reference).name).is_file():
        problems.append(f"service drift_detector: REFERENCE_DATA_PATH {reference} is not a file of models/ "
                        "(copied to /app/models by docker/Dockerfile.drift)")
    if "COPY models models" not in (s.root / "docker/Dockerfile.drift").read_text():
        problems.append("docker/Dockerfile.drift: does not copy models/ into the image")
    return problems


@check("compose: the reports volume: written at REPORTS_DIR, read-only at the report UI's root")
def reports_volume(s):
    problems = []
    reports_dir = s.env("drift_detector").get("REPORTS_DIR")
    writer = [(t, ro) for k, src, t, ro in s.mounts("drift_detector") if src == "drift_reports"]
    if writer != [(reports_dir, False)]:
        problems.append(f"service drift_detector: drift_reports must be mounted writable at REPORTS_DIR "
                        f"({reports_dir}); mounts: {writer}")
    roots = s.nginx_directive("root")
    reader = [(t, ro) for k, src, t, ro in s.mounts("drift_ui") if src == "drift_reports"]
    if len(roots) != 1 or reader != [(roots[0], True)]:
        problems.append(f"service drift_ui: drift_reports must be mounted read-only at nginx.conf's root "
                        f"({roots}); mounts: {reader}")
    if s.mount_target("drift_ui", "./docker/nginx/nginx.conf") != "/etc/nginx/conf.d/default.conf":
        problems.append("service drift_ui: ./docker/nginx/nginx.conf must be mounted at "
                        "/etc/nginx/conf.d/default.conf (a server block inside nginx's http block)")
    if len(s.nginx_directive("listen")) != 1:
        problems.append("docker/nginx/nginx.conf: exactly one `listen PORT;` line expected")
    return problems


@check("compose and alerts.yml: REPORT_FREQUENCY and BUFFER_SIZE agree")
def drift_settings(s):
    problems = []
    recorded = s.recorded()
    env = s.env("drift_detector")
    for var, record in (("REPORT_FREQUENCY", "pdex:drift_report_frequency_seconds"),
                        ("BUFFER_SIZE", "pdex:drift_buffer_size")):
        expr = recorded.get(record, "")
        m = re.fullmatch(r"\s*vector\((\d+)\)\s*", expr)
        if not m:
            problems.append(f"alerts.yml: recording rule {record} must be vector(N) (got {expr!r})")
        elif m.group(1) != env.get(var):
            problems.append(f"alerts.yml: {record} is {m.group(1)} but drift_detector's {var} is {env.get(var)}")
    return problems


@check("prometheus.yml: a job per service at its port, the API every 10 s, rules and Alertmanager")
def scrape_config(s):
    problems = []
    jobs = {}
    for job in s.prometheus.get("scrape_configs", []):
        targets = [t for sc in job.get("static_configs", []) for t in sc.get("targets", [])]
        jobs[job["job_name"]] = (targets, job.get("scrape_interval", s.prometheus["global"].get("scrape_interval")))
    for job, target in SCRAPE_TARGETS.items():
        if job not in jobs:
            problems.append(f"prometheus.yml: no job {job}")
            continue
        if jobs[job][0] != [target]:
            problems.append(f"prometheus.yml: job {job} scrapes {jobs[job][0]}, expected [{target}]")
        host = target.split(":")[0]
        if host != "localhost" and host not in s.services:
            problems.append(f"prometheus.yml: job {job}: {host} is not a Compose service")
    for job in sorted(jobs.keys() - SCRAPE_TARGETS.keys()):
        problems.append(f"prometheus.yml: unexpected job {job}")
    if jobs.get("api", (None, None))[1] != "10s":
        problems.append("prometheus.yml: the api job must be scraped every 10s")
    # The targets' ports are the ports the services listen on.
    if s.env("api").get("PORT") != "8000":
        problems.append("service api: PORT is not 8000, the port prometheus.yml scrapes")
    if s.env("drift_detector").get("METRICS_PORT") != "8001":
        problems.append("service drift_detector: METRICS_PORT is not 8001, the port prometheus.yml scrapes")
    for rule_file in s.prometheus.get("rule_files", []):
        if not (s.root / "docker/prometheus" / rule_file).is_file():
            problems.append(f"prometheus.yml: rule file {rule_file} not found beside it")
    if s.prometheus.get("rule_files") != ["alerts.yml"]:
        problems.append("prometheus.yml: rule_files must be [alerts.yml]")
    managers = [t for am in s.prometheus.get("alerting", {}).get("alertmanagers", [])
                for sc in am.get("static_configs", []) for t in sc.get("targets", [])]
    if managers != ["alertmanager:9093"]:
        problems.append(f"prometheus.yml: alerting must go to alertmanager:9093 (got {managers})")
    prom_mount = s.mount_target("prometheus", "./docker/prometheus")
    if prom_mount != "/etc/prometheus" or "--config.file=/etc/prometheus/prometheus.yml" not in \
            s.services["prometheus"].get("command", []):
        problems.append("service prometheus: ./docker/prometheus must be mounted at /etc/prometheus and "
                        "--config.file=/etc/prometheus/prometheus.yml given")
    return problems


@check("alerts.yml: every alert has a severity, a summary and a description")
def alert_annotations(s):
    problems = []
    names = [r["alert"] for r in s.alert_rules()]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"alerts.yml: alert {name} is defined more than once")
    for rule in s.alert_rules():
        severity = (rule.get("labels") or {}).get("severity")
        if severity not in SEVERITIES:
            problems.append(f"alerts.yml: {rule['alert']}: severity {severity!r} not one of {sorted(SEVERITIES)}")
        for key in ("summary", "description"):
            if not str((rule.get("annotations") or {}).get(key, "")).strip():
                problems.append(f"alerts.yml: {rule['alert']}: no {key} annotation")
    return problems


@check("alerts_test.yml: every alert fires in a test case and stays silent in another")
def alert_coverage(s):
    problems = []
    if s.rule_tests.get("rule_files") != ["../alerts.yml"]:
        problems.append("alerts_test.yml: rule_files must be [../alerts.yml]")
    fires, silent = set(), set()
    for test in s.rule_tests.get("tests", []):
        for case in test.get("alert_rule_test", []) or []:
            (fires if case.get("exp_alerts") else silent).add(case["alertname"])
    alerts = {r["alert"] for r in s.alert_rules()}
    for name in sorted(alerts):
        if name not in fires:
            problems.append(f"alerts_test.yml: no case where {name} fires")
        if name not in silent:
            problems.append(f"alerts_test.yml: no case where {name} stays silent")
    for name in sorted((fires | silent) - alerts):
        problems.append(f"alerts_test.yml: tests {name}, which alerts.yml does not define")
    return problems


@check("alerts.yml and dashboards: our metric names are ones src/ exports; recorded names exist")
def metric_names_exist(s):
    problems = []
    exported = s.exported_metrics()
    recorded = s.recorded()
    exprs = [(f"alerts.yml: {r.get('alert') or r.get('record')}", r["expr"])
             for g in s.rules["groups"] for r in g["rules"]]
    for file, path in s.dashboards().items():
        exprs += [(f"{file}: {where}", expr) for where, expr in queries_of(json.loads(path.read_text()))]
    for where, expr in exprs:
        for name in sorted(metric_names(expr)):
            if ":" in name and name not in recorded:
                problems.append(f"{where}: {name} is not a recording rule of alerts.yml")
            elif OWN_METRIC.match(name) and name not in exported:
                problems.append(f"{where}: {name} is not a metric src/ exports")
    return problems


@check("grafana: the data source has a fixed uid and points at Prometheus; dashboards mounted where provisioned")
def grafana_provisioning(s):
    problems = []
    sources = s.datasources.get("datasources", [])
    if len(sources) != 1 or sources[0].get("type") != "prometheus" or not sources[0].get("uid"):
        problems.append("provisioning/datasources/prometheus.yml: one prometheus data source with a uid expected")
    elif sources[0].get("url") != "http://prometheus:9090":
        problems.append(f"provisioning/datasources/prometheus.yml: url {sources[0].get('url')} is not the "
                        "prometheus service (http://prometheus:9090)")
    paths = [p.get("options", {}).get("path") for p in s.providers.get("providers", [])]
    mounted = s.mount_target("grafana", "./docker/grafana/dashboards")
    if paths != [mounted]:
        problems.append(f"provisioning/dashboards/dashboards.yml: provider path {paths} is not where compose "
                        f"mounts ./docker/grafana/dashboards ({mounted})")
    if s.mount_target("grafana", "./docker/grafana/provisioning") != "/etc/grafana/provisioning":
        problems.append("service grafana: ./docker/grafana/provisioning must be mounted at /etc/grafana/provisioning")
    return problems


@check("dashboards: the four files parse, with unique uids and panel ids")
def dashboards_parse(s):
    problems = []
    uids = {}
    found = s.dashboards()
    for file in DASHBOARDS:
        if file not in found:
            problems.append(f"dashboards/{file}: missing")
    for file, path in found.items():
        try:
            d = json.loads(path.read_text())
        except json.JSONDecodeError as e:
            problems.append(f"dashboards/{file}: not JSON: {e}")
            continue
        for key in ("uid", "title", "schemaVersion", "panels"):
            if not d.get(key):
                problems.append(f"dashboards/{file}: no {key}")
        if d.get("uid") in uids:
            problems.append(f"dashboards/{file}: uid {d['uid']} already used by {uids[d['uid']]}")
        uids[d.get("uid")] = file
        if not isinstance(d.get("schemaVersion"), int) or d["schemaVersion"] < 36:
            problems.append(f"dashboards/{file}: schemaVersion {d.get('schemaVersion')} is older than Grafana 9")
        ids = [p.get("id") for p in panels_of(d)]
        for i in sorted({i for i in ids if ids.count(i) > 1}, key=str):
            problems.append(f"dashboards/{file}: panel id {i} used twice")
        for p in panels_of(d):
            if "gridPos" not in p:
                problems.append(f"dashboards/{file}: panel {p.get('id')} '{p.get('title')}' has no gridPos")
    return problems


@check("dashboards: every panel and annotation queries the provisioned data source with an expression")
def dashboard_queries(s):
    problems = []
    uid = s.datasource_uid()
    for file, path in s.dashboards().items():
        d = json.loads(path.read_text())
        for p in panels_of(d):
            if p.get("type") in NON_QUERY_PANELS:
                continue
            where = f"dashboards/{file}: panel {p.get('id')} '{p.get('title')}'"
            if (p.get("datasource") or {}).get("uid") != uid:
                problems.append(f"{where}: datasource {p.get('datasource')} is not uid {uid}")
            if not p.get("targets"):
                problems.append(f"{where}: no targets")
            for t in p.get("targets", []):
                if (t.get("datasource") or {"uid": uid}).get("uid") != uid:
                    problems.append(f"{where} target {t.get('refId')}: datasource is not uid {uid}")
                if not str(t.get("expr", "")).strip():
                    problems.append(f"{where} target {t.get('refId')}: empty expression")
        for a in d.get("annotations", {}).get("list", []):
            if a.get("builtIn"):
                continue
            if (a.get("datasource") or {}).get("uid") != uid or not str(a.get("expr", "")).strip():
                problems.append(f"dashboards/{file}: annotation '{a.get('name')}' needs datasource {uid} and an expr")
    return problems


@check("dashboards: variables in expressions are Grafana's own or defined in templating")
def dashboard_variables(s):
    problems = []
    for file, path in s.dashboards().items():
        d = json.loads(path.read_text())
        defined = set(template_values(d)) | set(GRAFANA_VARIABLES)
        for where, expr in queries_of(d):
            for name in re.findall(r"\$\{(\w+)|\$(\w+)", expr):
                name = name[0] or name[1]
                if name not in defined:
                    problems.append(f"dashboards/{file}: {where}: ${name} is not defined")
    return problems


def write_dashboard_rules(s, out):
    """Every dashboard expression as a recording rule, variables substituted."""
    rules = []
    for file, path in s.dashboards().items():
        d = json.loads(path.read_text())
        variables = {**GRAFANA_VARIABLES, **template_values(d)}
        for where, expr in queries_of(d):
            rules.append({"record": f"dashboard_expression_{len(rules) + 1}",
                          "expr": substitute(expr, variables),
                          "labels": {"dashboard": file, "query": where}})
    Path(out).write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}, sort_keys=False))
    return len(rules)


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--dashboard-rules"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    stack = Stack(Path(argv[1]))
    if len(argv) == 4:
        print(f"wrote {write_dashboard_rules(stack, argv[3])} dashboard expressions to {argv[3]}")
        return 0
    failed = 0
    for title, fn in CHECKS:
        problems = fn(stack)
        print(("FAIL - " if problems else "ok   - ") + title)
        for problem in problems:
            print(f"         {problem}")
        failed += bool(problems)
    print(f"{len(CHECKS) - failed} of {len(CHECKS)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
