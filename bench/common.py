"""What the benchmarks share: their paths, a PostgreSQL database of their own, Django set-up.

Importing it puts the project root on ``sys.path`` (the benchmarks run as ``python bench/<name>.py``,
so bench/ itself is already there). It does not set Django up: call ``setup_django`` first.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DEFAULT_URL = "postgres://postgres@localhost/test"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def database_urls(name: str) -> tuple[str, str]:
    """(URL of the database ``name``, URL of the maintenance database ``postgres``) on the server of
    ``DATABASE_URL`` (default ``DEFAULT_URL``): only the database name is replaced."""
    base = os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"bench/{Path(sys.argv[0]).name} needs PostgreSQL; DATABASE_URL is {base!r}")
    return urlunsplit(parts._replace(path=f"/{name}")), urlunsplit(parts._replace(path="/postgres"))


def ensure_database(maintenance_url: str, name: str, *, drop: bool) -> None:
    """Create the database ``name`` if it does not exist; with ``drop``, drop it first."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        if drop:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}", file=sys.stderr)


def setup_django(url: str, **env: str) -> None:
    """``django.setup()`` on the database at ``url``, with ``env`` added to the environment first
    (``DJANGO_SETTINGS_MODULE`` defaults to ``config.settings.dev``)."""
    os.environ["DATABASE_URL"] = url
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def migrate() -> None:
    """``migrate`` on the default database, its time on stderr."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def start_gunicorn(
    url: str, port: int, *, options: list[str], env: dict[str, str], log: Path, host: str = "127.0.0.1"
) -> subprocess.Popen[bytes]:
    """gunicorn serving ``config.wsgi`` on ``host:port`` (which must be free) with ``options``
    (``-k gthread --threads 8 -w 2``, …) and ``env`` over this process's environment, its output in
    ``log``; returned once it answers a request (any HTTP status)."""
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{host}:{port}",
        "--backlog", "4096", "--timeout", "120", "--log-level", "warning", *options,
    ]  # fmt: skip
    handle = log.open("wb")
    server = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "DATABASE_URL": url, **env}, stdout=handle, stderr=handle
    )
    for _ in range(300):
        time.sleep(0.1)
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log}")
        probe = http.client.HTTPConnection(host, port, timeout=1)
        try:
            probe.request("HEAD", "/accounts/login/")
            probe.getresponse().read()
        except (OSError, http.client.HTTPException):
            continue
        finally:
            probe.close()
        if server.poll() is None:  # the answer came from this gunicorn
            return server
    server.terminate()
    server.wait(timeout=30)
    raise SystemExit("gunicorn did not start in 30 s")


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something answers on ``host:port`` (a benchmark's server needs the port free)."""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (the nearest rank below), NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def pg_roundtrip_ms() -> float:
    """The median time of ``SELECT 1`` on Django's connection, in ms (the database's round trip)."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(200):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 3)


def drop_database(maintenance_url: str, name: str) -> None:
    """Drop the database ``name`` (closing its connections) if it exists."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB since it was started by exec: ``VmHWM`` of
    /proc/self/status. Not ``ru_maxrss``: Linux carries the largest RSS of the image before an exec
    over to the new program, so a child started by a big parent would report the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")
