"""The file as a whole: its real type, its encoding, where its header is."""

import io
import re
import struct
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
    rewrite_members,
    upload,
    with_dimension,
    xls_bytes,
    xlsx_bytes,
)
from chuangxian.roster.values import UncomputedFormula


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


# --- read completely or refuse -----------------------------------------------------------------------


def test_every_xlsx_row_and_column_is_read_whatever_the_dimension_claims():
    """openpyxl's read-only mode stops at the <dimension> a sheet records; other programs write a
    wrong one (an 8-row roster once imported as 2 members)."""
    people = [person(f"201000{i}", "张伟") for i in range(8)]
    content = with_dimension(xlsx_bytes(people), "A1:F3")
    _f, _e, header, rows = read(content)
    assert [number for number, _cells in rows] == list(range(2, 10))
    assert [list(cells) for _n, cells in rows] == [[v or None for v in p] for p in people]  # past F too
    assert header.fields["id_number"] == 9


def test_every_xls_row_is_read_whatever_its_dimensions_record_claims():
    content = bytearray(xls_bytes([person(f"201000{i}", "张伟") for i in range(8)]))
    at = content.find(
        b"\x00\x02\x0e\x00"
    )  # BIFF8 DIMENSIONS: first row, last row + 1, first col, last col + 1
    struct.pack_into("<IIHH", content, at + 4, 0, 3, 0, 3)
    _f, _e, _header, rows = read(bytes(content))
    assert len(rows) == 8
    assert rows[-1][1][9] == person("2010007", "张伟")[9]


def test_rows_the_xml_leaves_out_keep_their_excel_numbers():
    def spread(xml: bytes) -> bytes:  # rows 2 and 3 move to rows 40 and 2,000,000
        return xml.replace(b'<row r="3"', b'<row r="2000000"').replace(b'<row r="2"', b'<row r="40"')

    content = rewrite_members(
        xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜")]),
        {"xl/worksheets/sheet1.xml": spread},
    )
    _f, _e, _header, rows = read(content)
    assert [(number, cells[1]) for number, cells in rows] == [(40, "张伟"), (2000000, "李娜")]


def test_a_formula_without_a_saved_result_is_marked_and_one_with_a_result_gives_the_result():
    content = xlsx_bytes(
        [person("2010001", '="张"&"伟"'), person("2010002", "李娜", birth="=DATE(1980,1,1)")]
    )

    def cache(xml: bytes) -> bytes:  # what Excel saves: the formula and its last result
        cached = r'<c r="B2" t="str"><f>\1</f><v>张伟</v>'.encode()
        changed, count = re.subn(rb'<c r="B2"><f>(.*?)</f><v\s*(?:/>|></v>)', cached, xml)
        assert count == 1
        return changed

    _f, _e, _header, rows = read(content)
    assert rows[0][1][1] == UncomputedFormula('"张"&"伟"')
    assert rows[1][1][5] == UncomputedFormula("DATE(1980,1,1)")
    _f, _e, _header, rows = read(rewrite_members(content, {"xl/worksheets/sheet1.xml": cache}))
    assert rows[0][1][1] == "张伟"


def _bomb(size: int) -> bytes:
    """A real .xlsx plus a shared-string table of ``size`` bytes that compresses to almost nothing."""
    filler = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b" " * size
    return rewrite_members(
        xlsx_bytes([person("2010001", "张伟")]), {"xl/sharedStrings.xml": lambda _b: filler}
    )


def _never_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr("openpyxl.load_workbook", refuse)


def test_an_archive_that_expands_past_the_limit_is_refused_before_parsing(settings, monkeypatch):
    settings.ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    content = _bomb(2 * 1024 * 1024)
    assert len(content) < 20 * 1024
    _never_parse(monkeypatch)
    with pytest.raises(RosterFileError) as error:
        read(content)
    assert error.value.code == "archive_too_large"
    assert "解压后" in error.value.message


def test_an_archive_with_too_many_entries_is_refused_before_parsing(settings, monkeypatch):
    settings.ROSTER_IMPORT_MAX_ZIP_ENTRIES = 20
    content = rewrite_members(
        xlsx_bytes([person("2010001", "张伟")]),
        {f"xl/media/image{i}.png": (lambda _b: b"x") for i in range(20)},
    )
    _never_parse(monkeypatch)
    with pytest.raises(RosterFileError) as error:
        read(content)
    assert error.value.code == "archive_too_many_entries"


def test_the_worker_checks_the_archive_again_before_parsing(settings, monkeypatch):
    """A stored file is checked against the limits in force when it is read, not only at upload."""
    settings.ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    _never_parse(monkeypatch)
    with pytest.raises(RosterFileError) as error, open_sheet(io.BytesIO(_bomb(2 * 1024 * 1024)), "xlsx"):
        pass
    assert error.value.code == "archive_too_large"


def test_a_member_that_holds_more_than_its_recorded_size_is_refused_as_damaged():
    """The limits trust the sizes in the central directory: a member that lies about its size is cut
    at that size by zipfile and fails its checksum, so it can never expand past the limit."""
    content = bytearray(xlsx_bytes([person(f"201000{i}", "张伟") for i in range(50)]))
    name = b"xl/worksheets/sheet1.xml"
    entry = next(  # its central directory entry: signature, 42 bytes of fields, then the name
        found.start()
        for found in re.finditer(rb"PK\x01\x02", content)
        if content[found.start() + 46 : found.start() + 46 + len(name)] == name
    )
    struct.pack_into("<I", content, entry + 24, 2000)  # uncompressed size: 2,000 bytes
    with pytest.raises(RosterFileError) as error:
        read(bytes(content))
    assert error.value.code == "corrupt"
