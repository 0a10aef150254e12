"""Properties of the cell readers over many generated inputs (hypothesis)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuangxian.roster.values import CellError, id_check_digit, parse_date, parse_id_number, parse_phone

TODAY = date(2026, 11, 24)
births = st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31))
regions = st.sampled_from(["350502", "350503", "110101", "440305", "510107"])
sequences = st.integers(min_value=0, max_value=999)


def make_id(region: str, birth: date, sequence: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_digit(first17)


@given(regions, births, sequences)
def test_every_valid_id_number_is_accepted(region, birth, sequence):
    number = make_id(region, birth, sequence)
    assert parse_id_number(number.lower()) == number


@given(
    regions, births, sequences, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9)
)
def test_any_single_wrong_digit_is_caught(region, birth, sequence, position, delta):
    number = make_id(region, birth, sequence)
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    with pytest.raises(CellError) as error:
        parse_id_number(wrong)
    assert error.value.code in {"id_number_checksum", "id_number_birth"}


@given(births, st.sampled_from(["{:%Y-%m-%d}", "{:%Y/%m/%d}", "{:%Y.%m.%d}", "{:%Y年%m月%d日}", "{:%Y%m%d}"]))
def test_every_accepted_date_spelling_reads_back(day, spelling):
    assert parse_date(spelling.format(day), "出生日期", latest=TODAY) == day
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial, "出生日期", latest=TODAY) == day


@given(st.sampled_from("3456789"), st.integers(min_value=0, max_value=10**9 - 1))
def test_every_mobile_number_survives_spaces_and_full_width(second, rest):
    number = f"1{second}{rest:09d}"
    spaced = f"{number[:3]} {number[3:7]} {number[7:]}"
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert parse_phone(spaced) == parse_phone(wide) == parse_phone(int(number)) == number
