"""Every page's speed: gunicorn as deployed, the demo on PostgreSQL, each page against a logged-in
hello world on the same server in the same run.

On a PostgreSQL database of its own (``bench_pages``, or ``bench_pages_x10`` with ``--scale 10``, on
the server of ``DATABASE_URL``, default ``postgres://postgres@localhost/test``) it loads, once, the
demo (``manage.py demo``'s ``demo_load``) with 1,500 × ``--scale`` members. Then:

1. **Discovery** (``tests/pagewalk.py``, the same walk as ``tests/test_page_queries.py``): for each
   demo persona, logged in with Django's test client in this process, every page of the menus and
   the first row of each list; each page is opened twice here and the second time gives its query
   count and in-process time.
2. **The server**: gunicorn as ``docs/operations.md`` describes (``-k gthread --threads 8 -w 2``,
   production settings: ``bench/pages_settings.py`` is ``config.settings.prod`` plus the route of
   the hello world, ``/bench/hello/``), plain HTTP on loopback, every other setting as the
   environment leaves it (``CONN_MAX_AGE`` unset is production's default).
3. **Timing**: ``--rounds`` rounds; in each, the pages in a shuffled order, each driven by
   ``--connections`` (16) clients in a closed loop for ``--seconds``, with the hello world measured
   the same way before every ``--hello-every`` pages. A page's ratio is its req/s ÷ the hello world
   run just before it; the table gives the medians over the rounds, and the p99 latency.

By default each page is timed once, as the first persona (office, chair, liaison, member, …) who
reaches it, and the home page as every persona; ``--all-roles`` times every persona's every page
(about 3.5 times as long). The query counts of every persona's every page are in the JSON either
way.

    uv run --frozen python bench/pages.py                       # the demo, ≈ 10 minutes on 2 cores
    uv run --frozen python bench/pages.py --scale 10            # 15,000 members (built once, minutes)
    uv run --frozen python bench/pages.py --match coverage --rounds 5
    uv run --frozen python bench/pages.py --roles office chair --seconds 1 --rounds 2

The client runs on the same machine as gunicorn and PostgreSQL and competes with them for the CPU:
the ratio to the hello world, measured in the same run with the same client, is the figure to
compare. Results: ``bench/out/pages.json`` (``pages-x10.json`` with ``--scale 10``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from common import (
    OUT,
    ROOT,
    database_urls,
    ensure_database,
    migrate,
    port_in_use,
    setup_django,
    start_gunicorn,
)
from voting import HOST, SERVER_ENV, call, closed_loop

HELLO = "/bench/hello/"
LAYOUT = "/bench/layout/"  # the base layout around a heading: the floor of every page
PERSONA_ORDER = (
    "office",
    "chair",
    "liaison",
    "member",
    "representative",
    "judge",
    "handling",
    "leader",
    "admin",
)
# Production's settings with the hello-world route; CONN_MAX_AGE as production leaves it.
PAGES_ENV = {
    **{k: v for k, v in SERVER_ENV.items() if k != "CONN_MAX_AGE"},
    "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
}


@dataclass
class Target:
    persona: str
    key: str
    url: str
    session: str
    queries: int
    in_process_ms: float
    runs: list[dict[str, Any]] = field(default_factory=list)


def load_demo(scale: int) -> None:
    from chuangxian.core import clock
    from chuangxian.demo.services import demo_load, demo_tenant
    from chuangxian.demo.tree import DEFAULT_MEMBERS

    if demo_tenant() is not None:
        return
    started = time.perf_counter()
    result = demo_load(as_of=clock.today(), members=DEFAULT_MEMBERS * scale)
    print(
        f"loaded the demo: {result.members} members in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    # Fresh tables have no statistics until autovacuum gets to them: without ANALYZE the planner
    # takes them for empty and a page can run 30x slower than it will a minute later.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def discover_all(roles: list[str] | None) -> tuple[list[Target], dict[str, str]]:
    """Every persona's pages (tests/pagewalk.py) with their query counts, and a session per persona."""
    from django.conf import settings
    from django.test import Client

    from chuangxian.demo.models import Persona
    from chuangxian.demo.services import demo_tenant
    from tests.pagewalk import client_fetch, discover, page_queries

    personas = sorted(
        Persona.objects.filter(tenant=demo_tenant()).select_related("user"),
        key=lambda p: PERSONA_ORDER.index(p.key) if p.key in PERSONA_ORDER else len(PERSONA_ORDER),
    )
    targets, sessions = [], {}
    for persona in personas:
        if roles and persona.key not in roles:
            continue
        client = Client(HTTP_HOST=HOST, raise_request_exception=False)  # a broken page is reported
        client.force_login(persona.user)
        sessions[persona.key] = client.cookies[settings.SESSION_COOKIE_NAME].value
        pages = list(discover(client_fetch(client)))
        if not targets:  # the first persona also times the bare layout
            pages.insert(0, SimpleNamespace(key="bench:layout", url=LAYOUT))
        for page in pages:
            status, queries, seconds = page_queries(client, page.url)
            if status != 200:
                print(f"  {persona.key} {page.key} {page.url}: HTTP {status}", file=sys.stderr)
            targets.append(
                Target(
                    persona.key, page.key, page.url, sessions[persona.key], queries, round(seconds * 1000, 1)
                )
            )
        print(f"  {persona.key}: {sum(t.persona == persona.key for t in targets)} pages", file=sys.stderr)
    return targets, sessions


def choose(targets: list[Target], args: argparse.Namespace) -> list[Target]:
    chosen, seen = [], set()
    for target in targets:
        if (
            args.match
            and target.key != "bench:layout"
            and not re.search(args.match, f"{target.key} {target.url}")
        ):
            continue
        if args.all_roles or target.key in ("home", "bench:layout") or target.key not in seen:
            chosen.append(target)
            seen.add(target.key)
    return chosen[: args.max_pages] if args.max_pages else chosen


def drive(port: int, url: str, session: str, connections: int, seconds: float) -> dict[str, Any]:
    def one() -> tuple[bool, str, float]:
        reply = call(port, "GET", url, session)
        return reply.status == 200, f"HTTP {reply.status}", reply.seconds

    return closed_loop(connections, seconds, one).summary()


def measure(port: int, chosen: list[Target], hello_session: str, args: argparse.Namespace) -> list[float]:
    """The rounds; returns the hello world's req/s of every run (each page keeps its own runs)."""
    hello_runs = []
    drive(port, HELLO, hello_session, args.connections, 2)  # warm-up: workers, threads, connections
    for target in chosen:
        for _ in range(4):
            call(port, "GET", target.url, target.session)
    for round_no in range(args.rounds):
        order = list(chosen)
        random.Random(round_no).shuffle(order)
        hello = 0.0
        for index, target in enumerate(order):
            if index % args.hello_every == 0:
                hello = drive(port, HELLO, hello_session, args.connections, args.seconds)["per_second"]
                hello_runs.append(hello)
            run = drive(port, target.url, target.session, args.connections, args.seconds)
            run["ratio"] = round(run["per_second"] / hello, 3) if hello else None
            target.runs.append(run)
        print(
            f"round {round_no + 1}/{args.rounds}: hello world {statistics.median(hello_runs):.0f} req/s",
            file=sys.stderr,
        )
    return hello_runs


def summary(target: Target) -> dict[str, Any]:
    def median(key: str) -> float | None:
        values = [run[key] for run in target.runs if run.get(key) is not None]
        return round(statistics.median(values), 2) if values else None

    errors: dict[str, int] = {}
    for run in target.runs:
        for label, count in run["errors"].items():
            errors[label] = errors.get(label, 0) + count
    return {
        "persona": target.persona,
        "page": target.key,
        "url": target.url,
        "queries": target.queries,
        "in_process_ms": target.in_process_ms,
        "req_s": median("per_second"),
        "ratio": median("ratio"),
        "p99_ms": median("p99_ms"),
        "p50_ms": median("p50_ms"),
        "ratio_range": [min(r["ratio"] for r in target.runs), max(r["ratio"] for r in target.runs)]
        if target.runs
        else None,
        "errors": errors,
        "runs": target.runs,
    }


def environment(args: argparse.Namespace, members: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    )
    database = settings.DATABASES["default"]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} CPUs, {cpu}",
        "python": platform.python_version(),
        "postgresql": server_version,
        "commit": (commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""))
        or "not a git checkout",
        "gunicorn": f"-k gthread --threads {args.threads} -w {args.workers}",
        "settings": "config.settings.prod (+ /bench/hello/)",
        "conn_max_age": database.get("CONN_MAX_AGE"),
        "db_options": database.get("OPTIONS", {}).get("options", ""),
        "members": members,
        "connections": args.connections,
        "rounds": args.rounds,
        "seconds_per_run": args.seconds,
        "load_before": os.getloadavg(),
    }


def table(rows: list[dict[str, Any]], hello: float) -> str:
    lines = [
        f"logged-in hello world: median {hello:.0f} req/s",
        "",
        "| page | persona | req/s | ÷ hello-world (min–max) | p99 ms | queries | in-process ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        low, high = row["ratio_range"] or (None, None)
        errors = f" ({sum(row['errors'].values())} errors)" if row["errors"] else ""
        lines.append(
            f"| {row['page']} `{row['url']}` | {row['persona']} | {row['req_s']}{errors} | "
            f"{row['ratio']:.2f} ({low:.2f}–{high:.2f}) | {row['p99_ms']:.0f} | {row['queries']} | "
            f"{row['in_process_ms']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=1, help="the demo's size × this (10: 15,000 members)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--hello-every", type=int, default=5, help="time the hello world before every N pages"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--roles", nargs="+", choices=PERSONA_ORDER, help="only these personas")
    parser.add_argument("--match", help="only pages whose route or URL matches this regular expression")
    parser.add_argument("--max-pages", type=int, help="time at most this many pages")
    parser.add_argument("--all-roles", action="store_true", help="time every persona's every page")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--rebuild", action="store_true", help="drop the database and load the demo again")
    args = parser.parse_args()
    if port_in_use(args.port):
        raise SystemExit(f"something already listens on {HOST}:{args.port}; stop it or pass another --port")
    OUT.mkdir(exist_ok=True)
    name = "bench_pages" if args.scale == 1 else f"bench_pages_x{args.scale}"
    url, maintenance = database_urls(name)
    ensure_database(maintenance, name, drop=args.rebuild)
    setup_django(url, **PAGES_ENV)
    from django.core.management import call_command
    from django.db import connections

    from chuangxian.orgs.models import Member

    migrate()
    call_command("collectstatic", "--noinput", verbosity=0)
    load_demo(args.scale)
    members = Member.objects.filter(tenant__slug="demo").count()
    targets, sessions = discover_all(args.roles)
    chosen = choose(targets, args)
    print(f"{len(targets)} pages found, {len(chosen)} to time", file=sys.stderr)
    env = environment(args, members)
    connections.close_all()

    server = start_gunicorn(
        url,
        args.port,
        options=["-k", "gthread", "--threads", str(args.threads), "--workers", str(args.workers)],
        env=PAGES_ENV,
        log=OUT / "pages-gunicorn.log",
    )
    try:
        hello_runs = measure(args.port, chosen, sessions[chosen[0].persona], args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    rows = [summary(target) for target in chosen]
    hello = statistics.median(hello_runs)
    print(table(rows, hello))
    report = {
        **env,
        "load_after": os.getloadavg(),
        "hello_req_s": {"median": hello, "runs": hello_runs},
        "timed": rows,
        "queries": [
            {
                "persona": t.persona,
                "page": t.key,
                "url": t.url,
                "queries": t.queries,
                "in_process_ms": t.in_process_ms,
            }
            for t in targets
        ],
    }
    out = OUT / ("pages.json" if args.scale == 1 else f"pages-x{args.scale}.json")
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\n{env['date']}, {env['machine']}, {members} members; {out}", file=sys.stderr)
    sys.exit(1 if any(row["errors"] for row in rows) else 0)


if __name__ == "__main__":
    main()
