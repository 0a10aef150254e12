"""Benchmark the roster import end to end: check (parse + plan + preview rows) and apply.

For each size it builds a deterministic .xlsx (bench/datagen.py) in a process of its own, then, in
``--repeat`` rounds, alternates two fresh child processes, neither of which wrote the file:

* how long openpyxl alone takes to read every cell of the file (read-only mode, the floor);
* the import through the real services on a fresh database (SQLite in a temporary folder, or, when
  DATABASE_URL is set, the database ``bench_roster_import`` on that PostgreSQL server, created and
  dropped by the child; never a name the test suite uses): ``roster_import_upload`` (type sniffing,
  header, storing the file, checking every row, writing the preview rows) and
  ``roster_import_confirm`` (re-plan against the database and ``roster_apply`` in one transaction);
  then the same file again (every row "unchanged", nothing written).

Each child reports its own peak memory (``VmHWM``, common.peak_rss_mb: ``ru_maxrss`` would carry
the parent's peak over the exec) and removes its temporary folder. The table gives the median of the
rounds, rows per second and the ratio of the full import to the openpyxl read of the same round.

    uv run python bench/roster_import.py                    # 20,000 and 100,000 rows, 2 rounds
    uv run python bench/roster_import.py --rows 20000 --repeat 3
    DATABASE_URL=postgres://postgres@localhost/test uv run python bench/roster_import.py --rows 20000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import datagen
from common import (
    OUT,
    ROOT,
    database_urls,
    drop_database,
    ensure_database,
    migrate,
    peak_rss_mb,
    setup_django,
)

DB_NAME = "bench_roster_import"


def roster_file(rows: int, units: int) -> Path:
    """The file of this size, generated once (in a child process, so that this one stays small)."""
    path = OUT / f"roster-{rows}-{units}u-seed{datagen.SEED}.xlsx"
    if not path.exists():
        run_child("--child-generate", str(path), "--rows", str(rows), "--units", str(units))
    return path


def child_generate(path: Path, rows: int, units: int) -> dict[str, Any]:
    started = time.perf_counter()
    specs = datagen.units(units)
    datagen.write_xlsx(path, datagen.members(rows, specs), title="泉州XX学院教职工花名册")
    print(f"  generated {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return {"generated": str(path)}


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
    """Runs in a fresh process: a fresh database and a temporary folder, both removed at the end."""
    with tempfile.TemporaryDirectory(prefix="roster-bench-") as workdir:
        if not os.environ.get("DATABASE_URL"):
            return child_import(
                path, rows, units, f"sqlite:///{Path(workdir) / 'bench.sqlite3'}", Path(workdir)
            )
        url, maintenance = database_urls(DB_NAME)
        ensure_database(maintenance, DB_NAME, drop=True)
        try:
            return child_import(path, rows, units, url, Path(workdir))
        finally:
            from django.db import connections

            connections.close_all()
            drop_database(maintenance, DB_NAME)


def child_import(path: Path, rows: int, units: int, url: str, workdir: Path) -> dict[str, Any]:
    setup_django(
        url,
        MEDIA_ROOT=str(workdir / "media"),
        DEBUG="false",  # no query log in memory
        ROSTER_IMPORT_BACKGROUND_ROWS=str(10**9),  # time the work itself, not the queue
    )
    from django.db import connection

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
    parser.add_argument("--repeat", type=int, default=2, help="rounds of openpyxl read, import (alternating)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-read", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_generate:
        print(json.dumps(child_generate(args.child_generate, args.rows[0], args.units)))
        return
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
        rounds = []
        for _ in range(args.repeat):  # interleaved: the floor and the import under the same load
            one = run_child("--child-read", str(path))
            one |= run_child("--child", str(path), "--rows", str(rows), "--units", str(args.units))
            one["import_s"] = round(one["check_s"] + one["apply_s"], 2)
            one["ratio_to_openpyxl"] = round(one["import_s"] / one["openpyxl_read_s"], 2)
            rounds.append(one)
            print(f"  {one}", file=sys.stderr)
        result: dict[str, Any] = {"rows": rows, "file_mb": round(path.stat().st_size / 1048576, 2)}
        for key, value in rounds[0].items():
            numbers = [r[key] for r in rounds]
            if isinstance(value, int | float):
                median = statistics.median(numbers)
                result[key] = round(median) if isinstance(value, int) else round(median, 2)
            else:
                result[key] = value
        result["rows_per_s"] = round(rows / result["import_s"])
        result["ratio_to_openpyxl"] = round(result["ratio_to_openpyxl"], 1)
        result["rounds"] = rounds
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
        ("rss_before_import_mb", "peak before import MB"),
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
