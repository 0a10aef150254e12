"""A template to fill in through the one writer: no caption row (the header is row 1), blank rows
that take the columns' formats, drop-downs inline (strict) or from a hidden sheet of text cells."""

import io
import zipfile
from datetime import datetime

import openpyxl

from chuangxian.core.xlsx import Column, Kind, Table, write_xlsx


def _template(units: list[str]) -> bytes:
    columns = [
        Column("工号*", Kind.ID, width=12),
        Column("性别", choices=("男", "女")),
        Column("所在单位", choices=units, choices_sheet="单位列表"),
        Column("入职日期", Kind.DATE),
    ]
    buffer = io.BytesIO()
    table = Table("名册", columns, rows=[], heading=False, blank_rows=10)
    write_xlsx(buffer, [table], exported_at=datetime(2010, 12, 20, 10, 0))
    return buffer.getvalue()


def test_a_template_has_its_header_in_row_1_and_formats_for_the_blank_rows():
    workbook = openpyxl.load_workbook(io.BytesIO(_template(["图书馆"])))
    sheet = workbook["名册"]
    assert [c.value for c in sheet[1]] == ["工号*", "性别", "所在单位", "入职日期"]
    assert sheet.max_row == 1 and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["D"].number_format == "yyyy-mm-dd"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert validations["B2:B11"].formula1 == '"男,女"' and validations["B2:B11"].showErrorMessage
    assert "单位列表" in validations["C2:C11"].formula1 and not validations["C2:C11"].showErrorMessage
    assert workbook["单位列表"].sheet_state == "hidden"


def test_a_hidden_list_keeps_a_formula_like_name_as_text():
    hostile = '=HYPERLINK("http://evil.example/","x")'
    content = _template(["图书馆", hostile])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all("<f>" not in archive.read(n).decode() for n in sheets)
    cells = [c for (c,) in openpyxl.load_workbook(io.BytesIO(content))["单位列表"].iter_rows()]
    assert [(c.value, c.data_type) for c in cells] == [("图书馆", "s"), (hostile, "s")]


def test_a_list_keeps_its_caption_row_and_a_drop_down_covers_its_rows():
    buffer = io.BytesIO()
    table = Table("名单", [Column("姓名", choices=("甲",))], rows=[["张伟"]])
    write_xlsx(buffer, [table], exported_at=datetime(2010, 12, 20, 10, 0))
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["名单"]
    assert sheet["A2"].value == "姓名" and sheet["A3"].value == "张伟" and sheet.freeze_panes == "A3"
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["A3"]
