"""The certificate's wording: placeholders, dates as the template writes them, the preview."""

from datetime import date

import pytest

from chuangxian.awards.certificate import (
    DEFAULT_BODY,
    Wording,
    fill,
    format_date,
    page_for,
    unknown_placeholders,
)


@pytest.mark.parametrize(
    ("day", "fmt", "written"),
    [
        (date(2011, 12, 30), "cn_upper", "二〇一一年十二月三十日"),
        (date(2012, 1, 5), "cn_upper", "二〇一二年一月五日"),
        (date(2010, 10, 21), "cn_upper", "二〇一〇年十月二十一日"),
        (date(2012, 11, 10), "cn_upper", "二〇一二年十一月十日"),
        (date(2012, 7, 1), "cn", "2012年7月1日"),
        (date(2012, 7, 1), "iso", "2012-07-01"),
    ],
)
def test_dates_are_written_as_the_template_says(day, fmt, written):
    assert format_date(day, fmt) == written


def test_unknown_placeholders_are_named_once_each_in_order():
    assert unknown_placeholders("{姓名}{奖项}{部门}{奖项}{荣誉}") == ["奖项", "部门"]
    assert unknown_placeholders(DEFAULT_BODY) == []


def test_fill_replaces_the_known_and_keeps_the_rest_as_written():
    assert fill("{姓名}：{荣誉}{其他}", {"姓名": "林老师", "荣誉": "先进"}) == "林老师：先进{其他}"


def test_a_page_has_a_paragraph_per_line_and_the_signature_filled():
    wording = Wording(
        title="荣誉证书", body=DEFAULT_BODY, union_name="某校工会", signature="{工会名称}", date_format="cn"
    )
    page = page_for(
        wording,
        name="林老师",
        honour="优秀工会工作者",
        unit_name="文学院",
        awarded_on=date(2012, 7, 1),
        number="2012-0001",
    )
    assert page.paragraphs[0] == "林老师（文学院）："
    assert "“优秀工会工作者”" in page.paragraphs[1] and "某校工会" in page.paragraphs[1]
    assert (page.signature, page.date, page.number) == ("某校工会", "2012年7月1日", "2012-0001")
