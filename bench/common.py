"""What the benchmarks share: their paths, a PostgreSQL database of their own, Django set-up.

Importing it puts the project root on ``sys.path`` (the benchmarks run as ``python bench/<name>.py``,
so bench/ itself is already there). It does not set Django up: call ``setup_django`` first.
"""

from __future__ import annotations

import os
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
