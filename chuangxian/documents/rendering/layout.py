"""The page geometry of GB/T 9704-2012 §5 and the layout of a notice shared by its renditions (page,
PDF, Word), and the file name of a download."""

import itertools
import math
import re
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from django.utils.translation import gettext as _

from chuangxian.documents.models import Notice, NoticeAttachment, NoticeStatus

# --- Geometry (GB/T 9704-2012 §5) -------------------------------------------------------------------

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TYPE_AREA_MM = (156, 225)
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
RECORD_PT = 14  # 4号 (版记, page numbers)
LINE_PT = 28.95  # 225 mm / 22 lines
CHARS_PER_LINE = 28
RED = "#E60012"
MARKING_MAX_MM = 15.0  # a marking character is at most about 15 mm wide …
MARKING_MIN_MM = 10.5  # … and below this the line is condensed horizontally instead of shrunk


# --- Layout shared by the three renditions -------------------------------------------------------------

_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"  # body | h1 | h2
    lead: str = ""  # for h2: the heading sentence set in 楷体, ``text`` is the rest


@dataclass(frozen=True)
class Layout:
    marking: str
    marking_font_mm: float
    marking_scale: float  # horizontal condensing, 1.0 = none
    marking_width_mm: float  # natural width before condensing
    marking_left_mm: float  # offset that centres the natural width on the type area
    number: str  # "" for drafts
    title: str
    addressees: str  # with the trailing full-width colon, or ""
    paragraphs: list[Paragraph]
    attachments: list[str]  # "1. 名称" (or the bare name when there is one)
    issuing_office: str
    signed_on: str
    office_right_em: float
    date_right_em: float
    cc: str  # "抄送：…。" or ""
    printing_office: str
    printed_on: str  # "2010年12月23日印发" or ""
    revoked_note: str
    is_draft: bool
    title_lines: tuple[str, ...] = ()  # the title broken 词意完整, 排列对称 (7.3.3)


def gb_date(value: date | None) -> str:
    """GB/T 9704-2012 7.3.5.1: Arabic numerals, year in full, no leading zeros: 2010年12月15日."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def text_em(text: str) -> float:
    """Width in full-width characters: ASCII digits and letters count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


# A title breaks after these (particles, conjunctions, closing marks) or before 关于 and opening marks,
# never inside a word such as 创先争优.
_TITLE_BREAK_AFTER = set("的中和与及暨并、，；：》）")
_TITLE_BREAK_BEFORE = ("关于", "《", "（")
TITLE_CHARS = int(TYPE_AREA_MM[0] / (TITLE_PT * 25.4 / 72))  # 20 characters of 2号 to a line


def title_lines(title: str, *, per_line: float = TITLE_CHARS) -> tuple[str, ...]:
    """GB/T 9704-2012 7.3.3: the title on as few lines as fit, broken only between words (after a
    particle or a mark, before 关于), the lines as even as possible (a 梯形 or 菱形, never one long
    line over a stub); when no such break fits, the lines are split evenly."""
    title = title.strip()
    if text_em(title) <= per_line:
        return (title,) if title else ()
    cuts = [
        i
        for i in range(1, len(title))
        if title[i - 1] in _TITLE_BREAK_AFTER or title.startswith(_TITLE_BREAK_BEFORE, i)
    ]
    fewest = math.ceil(text_em(title) / per_line)
    for candidates, counts in (
        (cuts, (fewest, fewest + 1)),
        ([i for i in range(1, len(title)) if not (title[i - 1] + title[i]).isascii()], (fewest,)),
    ):
        for count in counts:
            best: tuple[float, tuple[int, ...]] | None = None
            for chosen in combinations(candidates, count - 1):
                bounds = (0, *chosen, len(title))
                widths = [text_em(title[a:b]) for a, b in itertools.pairwise(bounds)]
                if max(widths) > per_line:
                    continue
                score = max(widths) - min(widths)
                if best is None or score < best[0]:
                    best = (score, chosen)
            if best is not None:
                bounds = (0, *best[1], len(title))
                return tuple(title[a:b] for a, b in itertools.pairwise(bounds))
    return (title,)


def _paragraphs(body: str) -> list[Paragraph]:
    result: list[Paragraph] = []
    for raw in body.replace("\r\n", "\n").split("\n"):
        line = raw.strip().replace("\u3000", "") if raw.strip() else ""
        if not line:
            continue
        if _LEVEL1.match(line) and len(line) <= 2 * CHARS_PER_LINE and "。" not in line[:-1]:
            result.append(Paragraph(text=line, kind="h1"))
            continue
        if _LEVEL2.match(line):
            end = line.find("。")
            if 0 < end <= 40:
                result.append(Paragraph(text=line[end + 1 :], kind="h2", lead=line[: end + 1]))
                continue
            if len(line) <= CHARS_PER_LINE:
                result.append(Paragraph(text="", kind="h2", lead=line))
                continue
        result.append(Paragraph(text=line))
    return result


def _ending(text: str, mark: str) -> str:
    text = text.strip().rstrip("，,。.;；:：")
    return f"{text}{mark}" if text else ""


def notice_layout(notice: Notice, attachments: list[NoticeAttachment]) -> Layout:
    marking = notice.marking_text
    width = text_em(marking) or 1
    size_mm = min(MARKING_MAX_MM, TYPE_AREA_MM[0] / width)
    scale = 1.0
    if size_mm < MARKING_MIN_MM:
        size_mm = MARKING_MIN_MM
        scale = round(TYPE_AREA_MM[0] / (width * size_mm), 3)
    signed_on = gb_date(notice.signed_on)
    # 7.3.5.2 (no seal): the office 右空二字, the date on the next line with its first character two
    # characters right of the office's first; a date longer than that keeps 右空二字 and pushes the
    # office left instead.
    office_em, date_em = text_em(notice.issuing_office), text_em(signed_on)
    date_right = max(2.0, office_em - date_em) if signed_on else 2.0
    office_right = date_right + date_em + 2 - office_em if signed_on else 2.0
    items = [a.title for a in attachments]
    listed = items if len(items) == 1 else [f"{i}. {t}" for i, t in enumerate(items, start=1)]
    revoked_note = ""
    if notice.status == NoticeStatus.REVOKED:
        revoked_note = _("本文已于 %(date)s 撤销：%(reason)s") % {
            "date": gb_date(notice.revoked_at.date()) if notice.revoked_at else "",
            "reason": notice.revoke_reason,
        }
    return Layout(
        marking=marking,
        marking_font_mm=round(size_mm, 2),
        marking_scale=scale,
        marking_width_mm=round(width * size_mm, 2),
        marking_left_mm=round((TYPE_AREA_MM[0] - width * size_mm) / 2, 2),
        number=notice.document_number,
        title=notice.title,
        addressees=_ending(notice.addressees, "："),
        paragraphs=_paragraphs(notice.body),
        attachments=listed,
        issuing_office=notice.issuing_office,
        signed_on=signed_on,
        office_right_em=office_right,
        date_right_em=date_right,
        cc=_("抄送：") + _ending(notice.cc, "。") if notice.cc.strip() else "",
        printing_office=notice.printing_office,
        printed_on=f"{gb_date(notice.printed_on)}印发" if notice.printed_on else "",
        revoked_note=revoked_note,
        is_draft=notice.status == NoticeStatus.DRAFT,
        title_lines=title_lines(notice.title),
    )


# --- PDF ---------------------------------------------------------------------------------------------------


def download_stem(notice: Notice) -> str:
    """A Chinese file name's stem: 泉师院委组工〔2010〕22号-标题 (title shortened, no path characters)."""
    title = re.sub(r'[\\/:*?"<>|\s]+', "", notice.title)[:40]
    return f"{notice.document_number}-{title}" if notice.number else f"{_('草稿')}-{title}"
