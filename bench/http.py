"""Throughput over HTTP: gunicorn serving the full-scale PostgreSQL bench database, loaded by wrk.

    python -m bench.http [--postgres-url URL] [--duration 10] [--connections 1,8,32]

Needs the data of `python -m bench.run --databases postgres` (it leaves its database behind) and
wrk (Debian: `apt-get install -y wrk`). Starts gunicorn with 4 sync workers on 127.0.0.1 on a free
port, signs a process leader of each of the first partnerships in (a session row each, made with
Django's test client), then runs wrk for a bounded time per page and number of connections, with
a Lua script that rotates over those partnerships' addresses. wrk's requests per second and its
latency percentiles (p50, p75, p90, p99), and the CPU the gunicorn workers spent per request (from
/proc), go to bench/results/http-postgres.json. Loopback only; nothing else is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.common import machine_info

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samsyn_bench"
HTTP_PAGES = ("start", "initiative_list", "initiative_detail", "appendix")
WORKERS = 4
ROTATE_PARTNERSHIPS = 20
WARMUP_SECONDS = 5
ENV = {"SAMSYN_ENV": "development", "SAMSYN_DEBUG": "0", "SAMSYN_CONN_MAX_AGE": "60"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sessions_and_urls(n: int) -> dict[str, list[tuple[str, str]]]:
    """{page: [(path, cookie header)]} for the process leaders of the first n bench partnerships."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from samsyn.core.models import FocusArea
    from samsyn.portfolio.models import Initiative

    from . import generate as gen
    from .pages import page_url

    users = gen.bench_users()
    if not users:
        raise SystemExit("No bench data in this database: run `python -m bench.run --databases postgres` first.")
    slugs = sorted(users)[:n]
    out: dict[str, list[tuple[str, str]]] = {page: [] for page in HTTP_PAGES}
    for k, slug in enumerate(slugs):
        client = Client()
        client.force_login(users[slug]["processledare"])
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        initiatives = list(
            Initiative.objects.filter(partnership__slug=slug).order_by("pk").values_list("slug", flat=True)
        )
        area = FocusArea.objects.filter(partnership__slug=slug).values_list("slug", flat=True).first()
        for page in HTTP_PAGES:
            url = page_url(page, slug, focus_area_slug=area or "", initiative_slug=initiatives[k % len(initiatives)])
            out[page].append((url, cookie))
    return out


def lua_script(targets: list[tuple[str, str]]) -> str:
    rows = ",\n".join(f'  {{"{path}", "{cookie}"}}' for path, cookie in targets)
    return (
        "-- Rotate over several partnerships' addresses, each with its own signed-in session.\n"
        f"local targets = {{\n{rows}\n}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #targets + 1\n"
        '  return wrk.format("GET", targets[i][1], {["Cookie"] = targets[i][2]})\n'
        "end\n"
    )


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(text: str) -> dict:
    """Requests per second, latency percentiles in ms, request and error counts from wrk's output."""

    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
        return round(float(number) * UNITS_MS[unit], 3)

    latency = {f"p{p}": ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", text, re.M)}
    requests = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if not (requests and rps and latency):
        raise RuntimeError("could not read wrk's output:\n" + text)
    return {
        "requests_per_second": float(rps.group(1)),
        "requests": int(requests.group(1)),
        "latency_ms": latency,
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
    }


def workers_cpu_seconds(master_pid: int) -> float:
    """User and system CPU of the gunicorn master's children so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return float("nan")
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def gunicorn_start(app_dir: str | Path = ROOT, workers: int = WORKERS) -> tuple[subprocess.Popen, str]:
    """gunicorn serving `app_dir` with the environment of this process on a free loopback port:
    (the server process, its base URL). The caller terminates it."""
    port = free_port()
    app_dir = str(Path(app_dir).resolve())
    # WhiteNoise's note that collectstatic has not run says nothing about the measurement.
    server_env = dict(os.environ, PYTHONPATH=app_dir, PYTHONWARNINGS="ignore:No directory at")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "samsyn.wsgi:application",
            "--chdir",
            app_dir,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=server_env,
    )
    return server, f"http://127.0.0.1:{port}"


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {base} within {seconds:.0f} s")


def wrk_run(wrk: str, base: str, script: Path, connections: int, threads: int, seconds: int) -> str:
    cmd = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        base,
    ]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=seconds + 60).stdout


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=os.environ.get("SAMSYN_BENCH_POSTGRES_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and number of connections")
    parser.add_argument("--connections", default="1,8,32")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (at most one per connection)")
    parser.add_argument("--pages", default=",".join(HTTP_PAGES))
    parser.add_argument("--output", default=str(RESULTS / "http-postgres.json"))
    parser.add_argument(
        "--app-dir",
        default=str(ROOT),
        help="the checkout gunicorn serves (default: this one), e.g. another revision's for a before/after",
    )
    args = parser.parse_args(argv)

    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit(
            "wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu) or see https://github.com/wg/wrk"
        )
    os.environ.update(ENV, DATABASE_URL=args.postgres_url, DJANGO_SETTINGS_MODULE="samsyn.settings")
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(pages) - set(HTTP_PAGES)
    if unknown:
        raise SystemExit(f"unknown page(s) {sorted(unknown)}; choose from {list(HTTP_PAGES)}")
    connections = [int(c) for c in args.connections.split(",")]
    targets = sessions_and_urls(ROTATE_PARTNERSHIPS)

    server, base = gunicorn_start(args.app_dir)
    results: dict[str, dict] = {}
    try:
        wait_until_up(base, server)
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages:
                script = Path(tmp) / f"{page}.lua"
                script.write_text(lua_script(targets[page]), encoding="utf-8")
                # Every worker renders the page a few times before it is measured.
                wrk_run(wrk, base, script, WORKERS, args.threads, WARMUP_SECONDS)
                results[page] = {"path_example": targets[page][0][0], "by_connections": {}}
                for c in connections:
                    cpu_before = workers_cpu_seconds(server.pid)
                    r = parse_wrk(wrk_run(wrk, base, script, c, args.threads, args.duration))
                    cpu = workers_cpu_seconds(server.pid) - cpu_before
                    r["server_cpu_ms_per_request"] = round(cpu * 1000 / r["requests"], 2) if r["requests"] else None
                    results[page]["by_connections"][str(c)] = r
                    lat = r["latency_ms"]
                    print(
                        f"{page:<18} c={c:<3} {r['requests_per_second']:>8.1f} req/s  p50 {lat.get('p50', 0):>8.1f} ms  "
                        f"p90 {lat.get('p90', 0):>8.1f} ms  p99 {lat.get('p99', 0):>8.1f} ms  "
                        f"cpu/req {r['server_cpu_ms_per_request']} ms  non-2xx {r['non_2xx_3xx']}",
                        flush=True,
                    )
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db import connection

    output = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "server": f"gunicorn, {WORKERS} sync workers, 127.0.0.1; settings {ENV}",
        "load": (
            f"wrk {args.duration} s per page and number of connections, at most {args.threads} threads, --latency, "
            f"rotating over {ROTATE_PARTNERSHIPS} partnerships signed in as their process leader; "
            f"{WARMUP_SECONDS} s warm-up per page"
        ),
        "note": "wrk runs on the same machine as the server and the database: it takes CPU from them",
        "pages": results,
        "machine": machine_info(connection.vendor),
    }
    Path(args.output).write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    bad = [p for p, r in results.items() for x in r["by_connections"].values() if x["non_2xx_3xx"]]
    if bad:
        print(f"non-2xx responses on: {sorted(set(bad))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
