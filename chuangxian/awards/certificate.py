"""The certificate's wording: the placeholders of the office's template, the date as the template
writes it, and the PDF (landscape A4, one page per winner) rendered through ``core.pdf``.

The text is filled here and escaped by the page template (auto-escaping: a name with ``<script>``
prints as text), so nothing a user typed is ever markup.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from chuangxian.awards.models import DateFormat

PLACEHOLDERS = ("姓名", "荣誉", "日期", "单位", "工会名称")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")

DEFAULT_TITLE = "荣誉证书"
DEFAULT_BODY = (
    "{姓名}（{单位}）：\n在{工会名称}创先争优活动中表现突出，被评为“{荣誉}”。\n特发此证，以资鼓励。"
)

_DIGITS = "〇一二三四五六七八九"


def unknown_placeholders(text: str) -> list[str]:
    """The ``{...}`` of ``text`` that are not among ``PLACEHOLDERS``, in order, once each."""
    found = [name for name in _PLACEHOLDER_RE.findall(text) if name not in PLACEHOLDERS]
    return list(dict.fromkeys(found))


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value; anything else left as written."""
    return _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _chinese_number(n: int) -> str:
    """1..31 as written in a date: 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def format_date(day: date, date_format: str) -> str:
    if date_format == DateFormat.ISO:
        return day.isoformat()
    if date_format == DateFormat.CHINESE:
        return f"{day.year}年{day.month}月{day.day}日"
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_chinese_number(day.month)}月{_chinese_number(day.day)}日"


@dataclass(frozen=True)
class Wording:
    """What a template says, whether saved or being edited (the preview)."""

    title: str
    body: str
    union_name: str
    signature: str
    date_format: str


@dataclass(frozen=True)
class Page:
    """One certificate as printed."""

    title: str
    paragraphs: list[str]
    signature: str
    date: str
    number: str


def page_for(
    wording: Wording, *, name: str, honour: str, unit_name: str, awarded_on: date, number: str
) -> Page:
    written = format_date(awarded_on, wording.date_format)
    values = {
        "姓名": name,
        "荣誉": honour,
        "日期": written,
        "单位": unit_name,
        "工会名称": wording.union_name,
    }
    body = fill(wording.body, values)
    return Page(
        title=wording.title,
        paragraphs=[line.strip() for line in body.splitlines() if line.strip()],
        signature=fill(wording.signature, values),
        date=written,
        number=number,
    )


def sample_page(wording: Wording, today: date) -> Page:
    """The preview's certificate: a made-up winner."""
    return page_for(
        wording,
        name=_("张三"),
        honour=_("优秀工会工作者"),
        unit_name=_("文学与传播学院"),
        awarded_on=today,
        number=f"{today.year}-0001",
    )


def certificates_pdf(pages: Sequence[Page]) -> bytes:
    """The certificates, one landscape A4 page each, in one PDF."""
    from chuangxian.core.pdf import render_pdf

    return render_pdf(
        html_template="awards/print/certificates.html",
        css_template="awards/print/certificates.css",
        context={"pages": pages},
    )
