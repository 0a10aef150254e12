"""The file as a whole: its real type, its encoding, where its header is."""

import io
import zipfile

import pytest

from chuangxian.roster.columns import RosterFileError, detect_header
from chuangxian.roster.models import ImportFormat
from chuangxian.roster.readers import open_sheet, sniff_format
from chuangxian.roster.tests.factories import (
    HEADER,
    csv_bytes,
    id_number,
    person,
    upload,
    xls_bytes,
    xlsx_bytes,
)


def read(content: bytes):
    stream = io.BytesIO(content)
    file_format, encoding = sniff_format(stream)
    with open_sheet(stream, file_format, encoding) as sheet:
        return file_format, encoding, sheet.header, list(sheet.rows)


def test_xlsx_is_recognised_by_content_not_name():
    file_format, _encoding, header, rows = read(xlsx_bytes([person("2010001", "张伟")]))
    assert file_format == ImportFormat.XLSX
    assert header.first_row == header.last_row == 1
    assert rows[0][0] == 2
    assert rows[0][1][1] == "张伟"


def test_legacy_xls_from_wps_is_read_with_calamine():
    file_format, _encoding, header, rows = read(xls_bytes([person("2010001", "张伟")], title="教职工花名册"))
    assert file_format == ImportFormat.XLS
    assert header.first_row == 2
    assert rows[0][0] == 3


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8-sig"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_csv_encodings_are_detected(encoding, expected):
    content = csv_bytes([person("2010001", "张伟", unit="图书馆")], encoding=encoding)
    file_format, detected, _header, rows = read(content)
    assert (file_format, detected) == (ImportFormat.CSV, expected)
    assert rows[0][1][1] == "张伟"
    assert rows[0][1][2] == "图书馆"


def test_csv_with_semicolons_or_tabs_is_read():
    text = "工号\t姓名\t所在单位\n2010001\t张伟\t图书馆\n"
    _f, _e, header, rows = read(text.encode("utf-8"))
    assert header.fields == {"staff_no": 0, "name": 1, "unit": 2}
    assert rows == [(2, ["2010001", "张伟", "图书馆"])]


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        _zip(["word/document.xml", "[Content_Types].xml"]),  # a .docx renamed to .xlsx
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_wrong_types_are_refused(content):
    with pytest.raises(RosterFileError) as error:
        sniff_format(io.BytesIO(content))
    assert error.value.code == "wrong_type"
    assert "Excel" in error.value.message


def test_empty_file_is_refused():
    with pytest.raises(RosterFileError) as error:
        sniff_format(io.BytesIO(b""))
    assert error.value.code == "empty"
    with pytest.raises(RosterFileError) as error:
        sniff_format(io.BytesIO(b"\xef\xbb\xbf \r\n"))
    assert error.value.code == "empty"


def test_damaged_xlsx_is_refused():
    content = xlsx_bytes([person("2010001", "张伟")])
    with pytest.raises(RosterFileError) as error:
        read(content[:-200])
    assert error.value.code == "corrupt"


def test_title_rows_and_merged_title_above_the_header():
    content = xlsx_bytes(
        [person("2010001", "张伟")],
        above=[["泉州XX学院教职工花名册"], ["填报日期：2010年12月"], []],
        merges=["A1:J1"],
    )
    _f, _e, header, rows = read(content)
    assert (header.first_row, header.last_row) == (4, 4)
    assert rows[0][0] == 5


def test_two_row_header_with_vertical_merges_and_a_group_header():
    upper = ["工号", "姓名", "所在单位", "联系方式", None, "证件", "备注"]
    lower = [None, None, None, "手机号码", "办公电话", "身份证号码", None]
    content = xlsx_bytes(
        [["2010001", "张伟", "图书馆", "13805951234", "0595-22919999", id_number(), "无"]],
        above=[["名册"], upper],
        header=lower,
        merges=["A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "G2:G3"],
    )
    _f, _e, header, rows = read(content)
    assert (header.first_row, header.last_row) == (2, 3)
    assert header.fields == {"staff_no": 0, "name": 1, "unit": 2, "phone": 3, "id_number": 5}
    assert header.column_name("phone") == "手机号码（D列）"
    assert "办公电话" in header.ignored
    assert "备注" in header.ignored
    assert rows[0][0] == 4


def test_two_row_header_where_the_lower_row_names_most_columns():
    upper = ["工号", "姓名", "基本信息", None, None]
    lower = [None, None, "部门", "性别", "出生年月日"]
    content = xlsx_bytes([["2010001", "张伟", "图书馆", "男", "1980-01-01"]], above=[upper], header=lower)
    _f, _e, header, _rows = read(content)
    assert (header.first_row, header.last_row) == (1, 2)
    assert header.fields == {"staff_no": 0, "name": 1, "unit": 2, "gender": 3, "birth_date": 4}


def test_aliases_any_order_and_extra_columns():
    header_row = ["序号", "联系电话", "教工号", "籍贯", "二级工会", "姓 名", "身份证"]
    _f, _e, header, _rows = read(xlsx_bytes([], header=header_row))
    assert header.fields == {"phone": 1, "staff_no": 2, "unit": 4, "name": 5, "id_number": 6}
    assert header.ignored == ["序号", "籍贯"]


def test_marked_required_headers_and_notes_in_brackets():
    header_row = ["工号*", "姓名 *", "所在单位（全称）", "出生日期(yyyy-mm-dd)"]
    _f, _e, header, _rows = read(xlsx_bytes([], header=header_row))
    assert header.fields == {"staff_no": 0, "name": 1, "unit": 2, "birth_date": 3}


def test_canonical_name_wins_over_a_looser_alias():
    header = detect_header([(1, ["部门", "工号", "姓名", "二级工会"])])
    assert header.fields["unit"] == 3
    assert header.ignored == ["部门"]


def test_missing_required_columns_are_named():
    with pytest.raises(RosterFileError) as error:
        read(xlsx_bytes([], header=["工号", "姓名", "性别"]))
    assert error.value.code == "missing_columns"
    assert "所在单位" in error.value.message


def test_a_sheet_without_a_header_is_refused():
    with pytest.raises(RosterFileError) as error:
        read(xlsx_bytes([["a", "b"], [1, 2]], header=["甲", "乙"]))
    assert error.value.code == "no_header"


def test_the_first_sheet_with_a_header_is_used():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["封面"])
    data = workbook.create_sheet("名册")
    data.append(HEADER)
    data.append(person("2010001", "张伟"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    _f, _e, header, rows = read(buffer.getvalue())
    assert header.first_row == 1
    assert len(rows) == 1


def test_upload_refuses_a_file_over_the_size_limit(tree, personas, settings):
    settings.ROSTER_IMPORT_MAX_BYTES = 1000
    with pytest.raises(RosterFileError) as error:
        upload(tree, personas.office, xlsx_bytes([person("2010001", "张伟")] * 50))
    assert error.value.code == "too_large"
    assert "MB" in error.value.message


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"%PDF-1.4\x00\x01", "wrong_type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "corrupt"),
    ],
)
def test_upload_refuses_bad_files_and_stores_nothing(tree, personas, content, code):
    from chuangxian.roster.models import RosterImport

    with pytest.raises(RosterFileError) as error:
        upload(tree, personas.office, content)
    assert error.value.code == code
    assert not RosterImport.objects.exists()
