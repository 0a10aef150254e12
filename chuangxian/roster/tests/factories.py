"""Roster files for tests: .xlsx (openpyxl), legacy .xls (xlwt, as WPS saves it) and CSV bytes."""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

import openpyxl
import xlwt

from chuangxian.roster.models import ImportMode, RosterImport
from chuangxian.roster.services import roster_import_upload
from chuangxian.roster.values import id_check_digit

HEADER = [
    "工号",
    "姓名",
    "所在单位",
    "工会小组",
    "性别",
    "出生日期",
    "岗位类别",
    "政治面貌",
    "手机号码",
    "身份证号",
]


def id_number(birth: str = "19800101", seq: int = 123, region: str = "350502") -> str:
    """A valid 18-digit ID number (GB 11643 check digit)."""
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + id_check_digit(first17)


def person(staff_no: str, name: str, unit: str = "文学与传播学院", **extra: Any) -> list[Any]:
    """A row under ``HEADER``."""
    values = {
        "group": "",
        "gender": "男",
        "birth": "1980-01-01",
        "post": "教师",
        "political": "群众",
        "phone": "13805951234",
        "id": id_number(seq=int(staff_no[-3:]) % 1000),
    }
    values.update(extra)
    return [
        staff_no,
        name,
        unit,
        values["group"],
        values["gender"],
        values["birth"],
        values["post"],
        values["political"],
        values["phone"],
        values["id"],
    ]


def xlsx_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    above: Sequence[Sequence[Any]] = (),
    merges: Sequence[str] = (),
    text_columns: Sequence[int] = (),
) -> bytes:
    """A workbook: ``above`` rows (titles, upper header rows), the header, then ``rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in [*above, header if header is not None else HEADER, *rows]:
        sheet.append(list(line))
    for cells in merges:
        sheet.merge_cells(cells)
    for column in text_columns:
        for row in sheet.iter_rows(min_col=column, max_col=column):
            for cell in row:
                cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_bytes(
    rows: Sequence[Sequence[Any]], *, header: Sequence[Any] | None = None, title: str = ""
) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("名册")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    offset = 0
    if title:
        sheet.write_merge(0, 0, 0, 5, title)
        offset = 1
    for r, line in enumerate([header if header is not None else HEADER, *rows]):
        for c, value in enumerate(line):
            if hasattr(value, "isoformat") and not isinstance(value, str):
                sheet.write(r + offset, c, value, date_style)
            else:
                sheet.write(r + offset, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", header: Sequence[Any] | None = None
) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header if header is not None else HEADER)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def upload(
    tree: Any,
    actor: Any,
    content: bytes,
    *,
    name: str = "名册.xlsx",
    mode: str = ImportMode.PARTIAL,
    departure_status: str = "left",
) -> RosterImport:
    return roster_import_upload(
        tenant=tree.tenant,
        upload=io.BytesIO(content),
        original_name=name,
        mode=mode,
        departure_status=departure_status,
        actor=actor,
    )


def rewrite_members(content: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The same archive with some members' bytes rewritten (``{path: change}``; a new path is added)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            change = changes.get(info.filename)
            archive.writestr(info, change(data) if change else data)
        for name in changes.keys() - set(source.namelist()):
            archive.writestr(name, changes[name](b""))
    return buffer.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    """An .xlsx whose first sheet's <dimension> claims ``ref`` whatever the sheet holds, as some
    programs write it."""

    def change(xml: bytes) -> bytes:
        changed, count = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml)
        assert count == 1
        return changed

    return rewrite_members(content, {"xl/worksheets/sheet1.xml": change})
