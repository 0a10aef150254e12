"""Benchmark the roster import end to end: check (parse + plan + preview rows) and apply.

For each size it builds a deterministic .xlsx (bench/datagen.py), then in a fresh child process with
a fresh database (SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set: a throwaway
test database is created on that server and dropped afterwards) it measures:

* how long openpyxl alone takes to read every cell of the file (read-only mode, the floor);
* the import through the real services: ``roster_import_upload`` (type sniffing, header, storing the
  file, checking every row, writing the preview rows) and ``roster_import_confirm`` (re-plan against
  the database and ``roster_apply`` in one transaction);
* importing the same file again (every row "unchanged", nothing written);
* rows per second, peak memory (the child's peak RSS, ru_maxrss) and the ratio of the full import
  to the openpyxl-only read.

    uv run python bench/roster_import.py                    # 20,000 and 100,000 rows
    uv run python bench/roster_import.py --rows 20000       # one size
    DATABASE_URL=postgres://postgres@localhost/bench uv run python bench/roster_import.py --rows 20000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import datagen
from common import OUT, ROOT, migrate, setup_django


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def roster_file(rows: int, units: int) -> Path:
    path = OUT / f"roster-{rows}-{units}u-seed{datagen.SEED}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        specs = datagen.units(units)
        datagen.write_xlsx(path, datagen.members(rows, specs), title="泉州XX学院教职工花名册")
        print(f"  generated {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def openpyxl_read(path: Path) -> tuple[float, int]:
    import openpyxl

    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        cells += len(row)
    workbook.close()
    return time.perf_counter() - started, cells


def child(path: Path, rows: int, units: int) -> dict[str, Any]:
    """Runs in a fresh process: set up Django and a fresh database, then time the import."""
    workdir = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    postgres = bool(os.environ.get("DATABASE_URL"))
    setup_django(
        os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        DEBUG="false",  # no query log in memory
        ROSTER_IMPORT_BACKGROUND_ROWS=str(10**9),  # time the work itself, not the queue
    )
    from django.db import connection

    created_db = None
    if postgres:
        created_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        migrate()

    from chuangxian.core.actors import SYSTEM
    from chuangxian.core.models import Tenant
    from chuangxian.orgs.models import Member
    from chuangxian.roster.models import ImportMode, ImportStatus
    from chuangxian.roster.services import roster_import_confirm, roster_import_upload

    tenant = Tenant.objects.create(name="基准测试学院", slug="bench")
    datagen.create_units(tenant, datagen.units(units))
    rss_before = peak_rss_mb()

    def run_import() -> tuple[float, float, Any]:
        started = time.perf_counter()
        with path.open("rb") as handle:
            roster_import = roster_import_upload(
                tenant=tenant, upload=handle, original_name=path.name, mode=ImportMode.FULL, actor=SYSTEM
            )
        checked = time.perf_counter()
        assert roster_import.status == ImportStatus.READY, roster_import.error_message
        assert roster_import.error_count == 0, roster_import.error_count
        roster_import_confirm(roster_import_id=roster_import.pk, actor=SYSTEM)
        applied = time.perf_counter()
        roster_import.refresh_from_db()
        return checked - started, applied - checked, roster_import

    check_seconds, apply_seconds, first = run_import()
    assert first.new_count == rows, (first.new_count, rows)
    assert Member.objects.filter(tenant=tenant).count() == rows
    peak_first = peak_rss_mb()
    again_check, again_apply, second = run_import()
    assert second.unchanged_count == rows, second.unchanged_count

    if created_db:
        connection.creation.destroy_test_db(created_db, verbosity=0)
    return {
        "rows": rows,
        "units": units,
        "database": connection.vendor,
        "check_s": round(check_seconds, 2),
        "apply_s": round(apply_seconds, 2),
        "reimport_unchanged_s": round(again_check + again_apply, 2),
        "rss_before_import_mb": round(rss_before),
        "peak_rss_first_import_mb": round(peak_first),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def child_read(path: Path) -> dict[str, Any]:
    """Runs in a fresh process: openpyxl alone, reading every cell (the floor for any import)."""
    rss_before = peak_rss_mb()
    seconds, cells = openpyxl_read(path)
    return {
        "openpyxl_read_s": round(seconds, 2),
        "openpyxl_cells": cells,
        "openpyxl_peak_rss_mb": round(peak_rss_mb()),
        "openpyxl_rss_before_mb": round(rss_before),
    }


def run_child(*args: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"benchmark child {args} failed")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Roster import benchmark")
    parser.add_argument("--rows", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--units", type=int, default=60, help="sub-unions (each with three union groups)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.rows[0], args.units)))
        return
    if args.child_read:
        print(json.dumps(child_read(args.child_read)))
        return

    results = []
    for rows in args.rows:
        path = roster_file(rows, args.units)
        print(f"{rows} rows …", file=sys.stderr)
        result = {"rows": rows, "file_mb": round(path.stat().st_size / 1048576, 2)}
        result |= run_child("--child-read", str(path))
        result |= run_child("--child", str(path), "--rows", str(rows), "--units", str(args.units))
        total = result["check_s"] + result["apply_s"]
        result["import_s"] = round(total, 2)
        result["rows_per_s"] = round(rows / total)
        result["ratio_to_openpyxl"] = round(total / result["openpyxl_read_s"], 1)
        results.append(result)

    columns = [
        ("rows", "rows"),
        ("database", "db"),
        ("file_mb", "file MB"),
        ("openpyxl_read_s", "openpyxl s"),
        ("check_s", "check s"),
        ("apply_s", "apply s"),
        ("import_s", "import s"),
        ("rows_per_s", "rows/s"),
        ("ratio_to_openpyxl", "× openpyxl"),
        ("reimport_unchanged_s", "re-import s"),
        ("openpyxl_peak_rss_mb", "openpyxl peak RSS MB"),
        ("rss_before_import_mb", "RSS before import MB"),
        ("peak_rss_mb", "import peak RSS MB"),
    ]
    print(" | ".join(title for _key, title in columns))
    print(" | ".join("---" for _ in columns))
    for result in results:
        print(" | ".join(str(result[key]) for key, _title in columns))
    OUT.mkdir(exist_ok=True)
    (OUT / "roster_import.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
