"""Deterministic roster data for benchmarks and load tests: N units × M members, fixed seed.

The same seed gives the same units, names, staff numbers, ID numbers (valid GB 11643 check digit)
and phone numbers on every machine, so runs compare. Names follow the frequency of Chinese surnames
and common given-name characters; units are the colleges, offices and support units of a Chinese
university, numbered when more are asked for than the list holds.

    uv run python bench/datagen.py --units 40 --members 20000 --out bench/out/roster-20000.xlsx
    uv run python bench/datagen.py --members 5000 --format csv --encoding gb18030 --out bench/out/r.csv

Other benchmarks import it: ``units(n)``, ``members(n, unit_specs)``, ``write_xlsx(path, rows)``, and
``create_units(tenant, unit_specs)`` to build the matching tree through the orgs services.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# The project root, for the pure-Python helpers shared with the app (no Django set-up needed).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from chuangxian.core.idcard import check_char as check_digit
from chuangxian.demo import names
from chuangxian.roster.columns import COLUMNS

SEED = 2010

COLLEGES = [
    "文学与传播学院",
    "数学与计算机科学学院",
    "物理与信息工程学院",
    "化工与材料学院",
    "生命科学与健康学院",
    "外国语学院",
    "教育科学学院",
    "经济与管理学院",
    "法学院",
    "马克思主义学院",
    "体育学院",
    "音乐与舞蹈学院",
    "美术与设计学院",
    "资源与环境科学学院",
    "软件学院",
    "继续教育学院",
    "海洋与食品学院",
    "陶瓷学院",
]
OFFICES = [
    "党委办公室",
    "校长办公室",
    "组织部",
    "宣传部",
    "人事处",
    "教务处",
    "科研处",
    "财务处",
    "学生处",
    "后勤管理处",
]
SUPPORT = ["图书馆", "现代教育技术中心", "实验室管理中心", "档案馆", "校医院", "附属中学"]
GROUP_SUFFIXES = [
    "第一工会小组",
    "第二工会小组",
    "第三工会小组",
    "第四工会小组",
    "机关工会小组",
    "退休工会小组",
]
# Fujian prefectures and districts (Quanzhou first): the first six digits of an ID number.
REGIONS = [
    "350502",
    "350503",
    "350504",
    "350505",
    "350521",
    "350524",
    "350525",
    "350581",
    "350582",
    "350583",
    "350102",
    "350103",
    "350203",
    "350206",
    "350211",
    "350402",
    "350602",
    "350702",
    "350802",
    "350902",
]
MOBILE_PREFIXES = [
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "158",
    "159",
    "180",
    "186",
    "187",
    "188",
    "189",
    "177",
    "199",
]
# The import template's columns, in its order: a generated file is what an office fills in.
HEADER = [column.label for column in COLUMNS]
TEXT_COLUMNS = {index for index, column in enumerate(COLUMNS) if column.text}  # 工号, 手机号码, 身份证号


@dataclass(frozen=True)
class UnitSpec:
    name: str
    category: str  # college / office / support
    groups: tuple[str, ...]


@dataclass(frozen=True)
class PersonRow:
    """One roster row; its fields are the template's columns (``roster.columns.COLUMNS``), in order."""

    staff_no: str
    name: str
    unit: str
    group: str
    gender: str
    birth_date: str
    post: str
    political: str
    phone: str
    id_number: str
    joined_on: str
    status: str

    def cells(self) -> list[str]:
        return list(astuple(self))


def units(count: int, *, groups_per_unit: int = 3, seed: int = SEED) -> list[UnitSpec]:
    """``count`` sub-unions, each with up to ``groups_per_unit`` union groups (names unique)."""
    rng = random.Random(seed)
    base = (
        [(n, "college") for n in COLLEGES]
        + [(n, "office") for n in OFFICES]
        + [(n, "support") for n in SUPPORT]
    )
    specs = []
    for index in range(count):
        name, category = base[index % len(base)]
        if index >= len(base):
            name = f"{name}（{index // len(base) + 1}）"
        # Group names repeat across units ("第一工会小组" in every college): a group is found inside its unit.
        groups = tuple(sorted(rng.sample(GROUP_SUFFIXES[:4], k=min(groups_per_unit, 4))))
        specs.append(UnitSpec(name=name, category=category, groups=groups))
    return specs


def members(
    count: int, unit_specs: Sequence[UnitSpec], *, seed: int = SEED, today: date | None = None
) -> Iterator[PersonRow]:
    """``count`` members spread over ``unit_specs`` (unique staff and ID numbers), in a fixed order."""
    rng = random.Random(seed + 1)
    today = today or date(2026, 1, 1)
    width = max(5, len(str(count)))
    seen_ids: set[str] = set()
    for index in range(count):
        unit = unit_specs[index % len(unit_specs)] if index % 7 else rng.choice(unit_specs)
        male = rng.random() < 0.52
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
        joined = min(
            birth + timedelta(days=365 * 23 + rng.randrange(0, 365 * 12)), today - timedelta(days=30)
        )
        post = rng.choices(["教师", "管理", "教辅"], weights=[60, 28, 12])[0]
        political = rng.choices(
            ["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"], weights=[45, 2, 5, 6, 42]
        )[0]
        while True:
            sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
            first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{sequence:03d}"
            id_number = first17 + check_digit(first17)
            if id_number not in seen_ids:
                seen_ids.add(id_number)
                break
        yield PersonRow(
            staff_no=f"{joined.year}{index:0{width}d}",
            name=names.full_name(rng, male=male, birth_year=birth.year),
            unit=unit.name,
            group=rng.choice(unit.groups) if unit.groups and rng.random() < 0.8 else "",
            gender="男" if male else "女",
            birth_date=birth.isoformat(),
            post=post,
            political=political,
            phone=rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}",
            id_number=id_number,
            joined_on=joined.isoformat(),
            status="在职",
        )


def write_xlsx(path: Path, rows: Iterable[PersonRow], *, title: str = "") -> Path:
    """An .xlsx as an office would keep it: optional title row, header, text-formatted ID columns."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("名册")
    if title:
        sheet.append([title])
    sheet.append(HEADER)
    count = 0
    for row in rows:
        count += 1
        cells: list[Any] = []
        for index, value in enumerate(row.cells()):
            if index in TEXT_COLUMNS:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "@"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    workbook.save(path)
    _add_dimension(path, f"A1:{chr(64 + len(HEADER))}{count + 1 + (1 if title else 0)}")
    return path


def _add_dimension(path: Path, ref: str) -> None:
    """Excel and WPS record a sheet's used range in ``<dimension>``; openpyxl's write-only mode does
    not, and without it every read-only reader scans the whole sheet once more just to size it."""
    import shutil
    import zipfile

    name = "xl/worksheets/sheet1.xml"
    temporary = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == name and b"<dimension" not in data:
                marker = data.index(b"<sheetData")
                for tag in (b"<sheetViews", b"<sheetFormatPr", b"<cols"):
                    position = data.find(tag)
                    if 0 <= position < marker:
                        marker = position
                        break
                data = data[:marker] + f'<dimension ref="{ref}"/>'.encode() + data[marker:]
            target.writestr(item, data)
    shutil.move(temporary, path)


def write_csv(path: Path, rows: Iterable[PersonRow], *, encoding: str = "utf-8-sig") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(row.cells() for row in rows)
    return path


def create_units(tenant: Any, unit_specs: Sequence[UnitSpec], *, root_name: str = "校工会") -> dict[str, Any]:
    """Build the tree for ``unit_specs`` under a new root, through the orgs services. Needs Django."""
    from chuangxian.core.actors import SYSTEM
    from chuangxian.orgs.models import UnitKind
    from chuangxian.orgs.services import unit_create

    root = unit_create(tenant=tenant, parent=None, name=root_name, kind=UnitKind.SCHOOL_UNION, actor=SYSTEM)
    created = {root_name: root}
    for spec in unit_specs:
        unit = unit_create(
            tenant=tenant,
            parent=root,
            name=spec.name,
            kind=UnitKind.SUB_UNION,
            category=spec.category,
            actor=SYSTEM,
        )
        root.refresh_from_db()
        created[spec.name] = unit
        for group in spec.groups:
            unit_create(tenant=tenant, parent=unit, name=group, kind=UnitKind.GROUP, actor=SYSTEM)
            unit.refresh_from_db()
    return created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--encoding", default="utf-8-sig", help="CSV only, e.g. gb18030")
    parser.add_argument("--title", default="", help="a title row above the header (xlsx)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    specs = units(args.units, seed=args.seed)
    rows = members(args.members, specs, seed=args.seed)
    if args.format == "xlsx":
        write_xlsx(args.out, rows, title=args.title)
    else:
        write_csv(args.out, rows, encoding=args.encoding)
    print(f"{args.out}: {args.members} members in {args.units} units (seed {args.seed})")


if __name__ == "__main__":
    main()
