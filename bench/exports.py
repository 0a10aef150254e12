"""The export writer against bare openpyxl: N rows (default 1,000,000) of a members' list.

Each side runs in a child process of its own, so its peak resident memory is its own
(``os.wait4``): ``writer`` is ``core.xlsx.write_xlsx`` (caption, typed and styled cells, fitted
widths, print setup, formula-injection guard) reading rows from a generator; ``bare`` is openpyxl's
write-only mode appending the same rows as plain values. No database: the rows are generated, so
the figures are the writer's alone (an export adds its query, streamed with ``iterator()``).

    uv run python bench/exports.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

UNITS = ["文学与传播学院", "数学与计算机科学学院", "化工与材料学院", "机关党委", "图书馆", "后勤服务中心"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "黄敏", "赵强", "吴婷", "周杰"]


def rows(n: int):
    start = date(1960, 1, 1)
    moment = datetime(2011, 3, 1, 8, 0)
    for i in range(n):
        yield (
            f"{2000000 + i:07d}",
            NAMES[i % len(NAMES)],
            UNITS[i % len(UNITS)],
            start + timedelta(days=i % 14000),
            moment + timedelta(seconds=i),
            i % 97,
            (i % 1000) / 10,
            "本学期每周答疑两次，学生评教优良率 90%" if i % 3 else "=1+2",
        )


def run_writer(n: int, path: str) -> None:
    import django
    from django.conf import settings

    settings.configure(USE_TZ=True, TIME_ZONE="Asia/Shanghai", USE_I18N=False)
    django.setup()
    from chuangxian.core.xlsx import Column, Kind, Table, write_xlsx

    columns = (
        Column("工号", Kind.ID, width=12),
        Column("姓名", width=12),
        Column("单位", width=24),
        Column("出生日期", Kind.DATE),
        Column("签到时间", Kind.DATETIME),
        Column("积分", Kind.NUMBER),
        Column("覆盖率", Kind.PERCENT),
        Column("承诺内容", width=40),
    )
    write_xlsx(
        path,
        [Table("会员名单", columns, rows(n), caption="会员名单")],
        exported_at=datetime(2011, 3, 1, 10, 0),
    )


def run_bare(n: int, path: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员名单")
    sheet.append(["会员名单"])
    sheet.append(["工号", "姓名", "单位", "出生日期", "签到时间", "积分", "覆盖率", "承诺内容"])
    for row in rows(n):
        sheet.append(row)
    workbook.save(path)


def child(side: str, n: int) -> dict[str, float]:
    OUT.mkdir(exist_ok=True)
    path = str(OUT / f"export-{side}-{n}.xlsx")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", side, "--rows", str(n), "--out", path])
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{side} failed with status {status}")
    return {
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "bytes": os.path.getsize(path),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", choices=("writer", "bare"))
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        (run_writer if args.child == "writer" else run_bare)(args.rows, args.out)
        return
    bare = child("bare", args.rows)
    writer = child("writer", args.rows)
    result = {
        "rows": args.rows,
        "bare_openpyxl": bare,
        "writer": writer,
        "time_ratio": round(writer["seconds"] / bare["seconds"], 2),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
