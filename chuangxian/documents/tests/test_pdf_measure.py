"""The notice's PDF measured against GB/T 9704-2012 (PyMuPDF: character boxes, drawn lines, colours)."""

import os
import warnings
from dataclasses import dataclass, replace
from datetime import date

import pytest

with warnings.catch_warnings():  # PyMuPDF's SWIG types warn on import; pytest turns warnings into errors
    warnings.simplefilter("ignore", DeprecationWarning)
    import pymupdf

import itertools

from chuangxian.core.actors import SYSTEM
from chuangxian.demo.campaign import seed_text
from chuangxian.documents.models import Notice, NoticeAttachment
from chuangxian.documents.rendering import notice_pdf
from chuangxian.documents.services import (
    NoticeFields,
    notice_attachment_add,
    notice_create,
    notice_issue,
    notice_series_set_start,
)

MM = 72 / 25.4

ATTACHMENTS = (
    "中央创先争优活动领导小组、中华全国总工会《关于在工会组织和广大职工中深入开展创先争优活动的意见的通知》",
    "省委组织部、宣传部关于在全省党的基层组织和党员中深入开展创先争优活动的实施意见",
)
LEVELS_34 = (
    "1. 各二级工会要在2011年1月10日前把活动计划报校工会创先办。",
    "（1）计划要写明项目、承诺和活动的安排，以及负责人和完成时间。",
)


def _seed_fields() -> NoticeFields:
    """The demo's notice 泉师院委组工〔2010〕22号 (demo.services.replay), with levels 3 and 4 added."""
    lines = [line.strip() for line in seed_text().strip().splitlines()]
    footer = max(i for i, line in enumerate(lines) if line.endswith("领导小组办公室"))
    body = [line for line in lines[2:footer] if line]
    return NoticeFields(
        prefix="泉师院委组工",
        year=2010,
        title=lines[1],
        body="\n".join(body[:4] + list(LEVELS_34) + body[4:]),
        issuing_office="泉州示范师范学院创先争优活动领导小组办公室",
        signed_on=date(2010, 12, 15),
        cc="福建省总工会创先争优活动领导小组办公室，校领导存档（二）",
        printing_office="泉州示范师范学院创先办",
        printed_on=date(2010, 12, 23),
    )


@pytest.fixture
def seed_notice(tree) -> tuple[Notice, list[NoticeAttachment]]:
    notice_series_set_start(
        tenant=tree.tenant, prefix="泉师院委组工", year=2010, first_number=22, actor=SYSTEM
    )
    notice = notice_create(tenant=tree.tenant, fields=_seed_fields(), actor=SYSTEM)
    attached = [notice_attachment_add(notice=notice, title=t, actor=SYSTEM) for t in ATTACHMENTS]
    return notice_issue(notice=notice, actor=SYSTEM), attached


_CACHE: dict[str, bytes] = {}


@pytest.fixture
def pdf(seed_notice) -> pymupdf.Document:
    """The notice's PDF (rendered once per run: it depends on the notice's content only)."""
    if "seed" not in _CACHE:
        _CACHE["seed"] = notice_pdf(*seed_notice)
        if out := os.environ.get("NOTICE_PDF_DUMP"):
            with open(out, "wb") as f:
                f.write(_CACHE["seed"])
    return pymupdf.open(stream=_CACHE["seed"], filetype="pdf")


# --- Reading the PDF ---------------------------------------------------------------------------------

LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0  # the type area (版心), mm from the page's corner
CELL = 156 / 28  # one character of the 28-character grid, mm
LINE = 28.95 / MM  # one of the 22 lines, mm
CLOSING = set("，。、；：？！）》」』”’")
EM_TOP, EM_BOTTOM = 0.88, 0.12  # the ideographic em box of Noto CJK around the baseline, in em


@dataclass
class TextLine:
    chars: list[dict]
    spans: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["c"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["bbox"][0] / MM

    @property
    def x1(self) -> float:
        return self.chars[-1]["bbox"][2] / MM

    @property
    def baseline(self) -> float:
        return self.chars[0]["origin"][1] / MM

    @property
    def size(self) -> float:
        return self.spans[0]["size"]

    @property
    def middle(self) -> float:
        """The middle of the character's em box: the middle of its line on the grid."""
        return self.baseline - (EM_TOP - EM_BOTTOM) / 2 * self.size / MM

    def x_of(self, index: int) -> float:
        return self.chars[index]["bbox"][0] / MM


def lines(page: pymupdf.Page) -> list[TextLine]:
    found = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            chars = [c for span in line["spans"] for c in span["chars"] if c["c"].strip()]
            if chars:
                found.append(TextLine(chars, line["spans"]))
    return sorted(found, key=lambda ln: (round(ln.baseline, 1), ln.x0))


def text_lines(page: pymupdf.Page) -> list[TextLine]:
    """The lines inside the type area (not the page number)."""
    return [ln for ln in lines(page) if ln.baseline < BOTTOM]


def folio(page: pymupdf.Page) -> TextLine:
    return next(ln for ln in lines(page) if ln.baseline > BOTTOM)


def rules(page: pymupdf.Page) -> list[tuple[pymupdf.Rect, tuple[float, ...]]]:
    """Horizontal rules at least 100 mm wide: the red line and the 版记's lines. WeasyPrint paints a
    border as the even-odd fill of its outer and inner rectangles; each strip between them is a rule."""
    found: dict[tuple[float, ...], tuple[pymupdf.Rect, tuple[float, ...]]] = {}
    for drawing in page.get_drawings():
        rects = sorted((item[1] for item in drawing["items"] if item[0] == "re"), key=lambda r: -r.height)
        strips = rects[:1]
        if len(rects) == 2:
            outer, inner = rects
            strips = [
                pymupdf.Rect(outer.x0, outer.y0, outer.x1, inner.y0),
                pymupdf.Rect(outer.x0, inner.y1, outer.x1, outer.y1),
            ]
        for strip in strips:
            if strip.width / MM > 100 and 0.01 < strip.height / MM < 1:
                found[tuple(round(v, 1) for v in strip)] = (strip, tuple(drawing.get("fill") or ()))
    return sorted(found.values(), key=lambda r: r[0].y0)


def ink_rows(page: pymupdf.Page, clip: pymupdf.Rect) -> tuple[float, float]:
    """Top and bottom (mm) of the dark pixels in ``clip``, scanned at 600 dpi."""
    pix = page.get_pixmap(clip=clip, dpi=600, colorspace=pymupdf.csGRAY)
    dark = [y for y in range(pix.height) if any(pix.pixel(x, y)[0] < 128 for x in range(pix.width))]
    scale = clip.height / pix.height
    return (clip.y0 + dark[0] * scale) / MM, (clip.y0 + (dark[-1] + 1) * scale) / MM


def body_pages(pdf: pymupdf.Document) -> list[list[TextLine]]:
    """The lines of the body on each page (page 1 from the first body line on)."""
    pages = [text_lines(page) for page in pdf]
    first = next(i for i, ln in enumerate(pages[0]) if ln.text.startswith("根据"))
    pages[0] = pages[0][first:]
    return pages


# --- Page and grid (pass before issue 13) ---------------------------------------------------------------


def test_page_is_a4(pdf):
    for page in pdf:
        assert page.rect.width / MM == pytest.approx(210, abs=0.5)
        assert page.rect.height / MM == pytest.approx(297, abs=0.5)


def test_type_area_margins_and_22_lines_on_a_full_page(pdf):
    page = text_lines(pdf[2])
    assert len(page) == 22  # 5.2.3: 22 lines to the page
    assert page[0].middle == pytest.approx(TOP + LINE / 2, abs=0.5)  # 天头 37 mm
    assert page[-1].middle == pytest.approx(BOTTOM - LINE / 2, abs=0.5)  # 下白边 35 mm
    for above, below in itertools.pairwise(page):
        assert below.middle - above.middle == pytest.approx(LINE, abs=0.5)
    assert min(ln.x0 for ln in page) == pytest.approx(LEFT, abs=0.5)  # 订口 28 mm


def test_body_is_3hao_and_title_2hao(pdf):
    body = body_pages(pdf)
    assert {round(ln.size, 1) for page in body for ln in page if ln.baseline < BOTTOM - 30} == {16.0}
    title = [ln.text for ln in text_lines(pdf[0]) if round(ln.size, 1) == 22.0]
    assert "".join(title) == "关于在工会组织和广大教职工中深入开展创先争优活动的实施方案"


# --- 版头 -----------------------------------------------------------------------------------------------


def test_marking_is_red_centred_35mm_below_the_type_areas_top_and_read_first(pdf):
    first = lines(pdf[0])
    marking = next(ln for ln in first if ln.text.endswith("文件"))
    assert {span["color"] for span in marking.spans} == {0xE60012}
    assert (marking.x0 + marking.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    assert marking.x1 - marking.x0 <= 156.5
    size_mm = (
        (marking.chars[0]["bbox"][3] - marking.chars[0]["bbox"][1]) / MM / 1.437
    )  # Noto: 1.151 + 0.286 em
    assert marking.baseline - EM_TOP * size_mm == pytest.approx(TOP + 35, abs=1)  # 7.2.2: 35 mm
    assert pdf[0].get_text().lstrip().startswith("泉州示范师范学院")  # the text is read from the marking on


def test_red_line_is_4mm_below_the_number_and_as_wide_as_the_type_area(pdf):
    number = next(ln for ln in lines(pdf[0]) if ln.text.endswith("22号"))
    assert (number.x0 + number.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    (line, colour), *_others = rules(pdf[0])
    assert colour == pytest.approx((0.902, 0.0, 0.0706), abs=0.01)  # #E60012
    assert (line.x0 / MM, line.x1 / MM) == pytest.approx((LEFT, RIGHT), abs=0.5)
    number_bottom = number.baseline + EM_BOTTOM * number.size / MM
    assert (line.y0 + line.y1) / 2 / MM - number_bottom == pytest.approx(4, abs=0.5)


# --- 主体 -----------------------------------------------------------------------------------------------


def test_title_breaks_between_words_in_balanced_centred_lines(pdf):
    title = [ln for ln in text_lines(pdf[0]) if round(ln.size) == 22]
    assert [ln.text for ln in title] == ["关于在工会组织和广大教职工中", "深入开展创先争优活动的实施方案"]
    for ln in title:
        assert (ln.x0 + ln.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)


def test_every_full_line_has_28_characters_flush_with_the_type_areas_edges(pdf):
    checked = 0
    for page in body_pages(pdf):
        body = [ln for ln in page if round(ln.size) == 16]
        for line, following in itertools.pairwise(body):
            continues = (
                following.x0 == pytest.approx(LEFT, abs=0.5) and following.middle - line.middle < LINE + 0.5
            )
            if not continues:
                continue  # the last line of a paragraph
            assert line.x1 == pytest.approx(RIGHT, abs=0.5), line.text
            if line.x0 == pytest.approx(LEFT, abs=0.5) and all(
                ord(c) >= 0x2E80 or c in "“”‘’" for c in line.text
            ):
                # 28 characters, or fewer when the last went down with the closing marks after them (避头尾)
                short = 28 - len(line.text)
                assert short == 0 or (0 < short <= 2 and following.text[short] in CLOSING), line.text
                checked += len(line.text) == 28
        assert all(ln.x1 <= RIGHT + 0.5 for ln in body)
    assert checked > 50


def test_first_lines_are_indented_two_characters(pdf):
    first = body_pages(pdf)[0][0]
    assert first.x0 == pytest.approx(LEFT + 2 * CELL, abs=0.5)


def test_heading_levels_have_their_faces(pdf):
    faces: dict[str, set[str]] = {}
    for page in body_pages(pdf):
        for ln in page:
            for span in ln.spans:
                text = "".join(c["c"] for c in span["chars"])
                faces.setdefault(text, set()).add(span["font"])
    level1 = faces["一、充分认识在工会组织和广大教职工中深入开展创先争优"]
    level2 = next(fonts for text, fonts in faces.items() if text.startswith("（一）充分激发"))
    level3 = next(fonts for text, fonts in faces.items() if text.startswith("1. 各二级工会"))
    level4 = next(fonts for text, fonts in faces.items() if text.startswith("（1）计划"))
    assert all("Sans" in f for f in level1)  # 黑体 (Noto Sans CJK)
    assert all("UKai" in f for f in level2)  # 楷体 (AR PL UKai)
    assert all("Serif" in f for f in level3 | level4)  # 仿宋 (Noto Serif CJK), as the body


def test_attachment_names_wrap_under_their_first_character(pdf):
    last = text_lines(pdf[-1])
    start = next(i for i, ln in enumerate(last) if ln.text.startswith("附件："))
    first, wrapped, tail, second, second_wrapped = last[start : start + 5]
    assert first.x0 == pytest.approx(LEFT + 2 * CELL, abs=0.5)  # 左空二字
    name_x = first.x_of(len("附件：1."))
    assert first.text[len("附件：1.") :].startswith("中央")
    assert wrapped.x0 == pytest.approx(name_x, abs=0.5)
    assert tail.x0 == pytest.approx(name_x, abs=0.5)
    assert second.x0 == pytest.approx(first.x_of(len("附件：")), abs=0.5)  # 2. under 1.
    assert second.x_of(len("2.")) == pytest.approx(name_x, abs=0.5)
    assert second_wrapped.x0 == pytest.approx(name_x, abs=0.5)
    assert first.x1 == pytest.approx(RIGHT, abs=0.5)


def test_signature_two_characters_in_and_the_date_two_right_of_it(pdf):
    last = text_lines(pdf[-1])
    office = next(ln for ln in last if ln.text == "泉州示范师范学院创先争优活动领导小组办公室")
    signed = next(ln for ln in last if ln.text == "2010年12月15日")
    assert RIGHT - office.x1 == pytest.approx(2 * CELL, abs=0.5)  # 7.3.5.2: 右空二字
    assert signed.x0 - office.x0 == pytest.approx(2 * CELL, abs=0.5)  # 首字比署名首字右移二字
    assert signed.middle - office.middle == pytest.approx(LINE, abs=0.5)  # on the next line


# --- 版记 and page numbers ---------------------------------------------------------------------------------


def test_record_block_at_the_foot_of_the_last_page(pdf):
    page = pdf[-1]
    black = [(r, c) for r, c in rules(page) if c == pytest.approx((0, 0, 0), abs=0.01)]
    assert len(black) == 3
    for rect, _colour in black:
        assert (rect.x0 / MM, rect.x1 / MM) == pytest.approx((LEFT, RIGHT), abs=0.5)
    heights = [rect.height / MM for rect, _colour in black]
    assert heights == pytest.approx([0.35, 0.25, 0.35], abs=0.05)  # 首末粗线, 中间细线
    assert black[-1][0].y1 / MM == pytest.approx(BOTTOM, abs=0.5)  # the last rule on the 版心's bottom edge
    record = [ln for ln in text_lines(page) if ln.baseline > black[0][0].y0 / MM]
    cc, _rest, office, printed = record
    assert cc.text.startswith("抄送：") and round(cc.size) == 14
    assert cc.x0 == pytest.approx(LEFT + 14 / MM, abs=0.5)  # 左空一字
    assert office.x0 == pytest.approx(LEFT + 14 / MM, abs=0.5)
    assert printed.text == "2010年12月23日印发"
    assert printed.x1 == pytest.approx(RIGHT - 14 / MM, abs=0.5)  # 右空一字


def test_record_shares_the_last_page_with_the_text(pdf):
    last = text_lines(pdf[-1])
    assert last[0].text.endswith("并加以宣传和推") or any(
        ln.text.endswith("。") and ln.x0 < LEFT + 1 for ln in last
    )
    assert any(round(ln.size) == 16 and ln.x0 == pytest.approx(LEFT, abs=0.5) for ln in last)


@pytest.mark.parametrize("paragraphs", range(2, 15))
def test_record_never_alone_on_the_last_page(tree, paragraphs):
    """However the text falls, the last page holds text (the signature and lines of the body) above
    the 版记: lines of the body move over with the signature rather than leave it alone."""
    fields = replace(
        _seed_fields(),
        title="关于报送活动计划的通知",
        body="\n".join(["各二级工会要按时报送活动计划。"] * paragraphs),
    )
    notice = notice_create(tenant=tree.tenant, fields=fields, actor=SYSTEM)
    pdf = pymupdf.open(stream=notice_pdf(notice, []), filetype="pdf")
    last = text_lines(pdf[-1])
    assert any(ln.text == "泉州示范师范学院创先争优活动领导小组办公室" for ln in last)
    assert any(ln.text == "各二级工会要按时报送活动计划。" for ln in last)


def test_page_numbers_dash_7mm_below_the_type_area_one_character_in(pdf):
    for number, page in enumerate(pdf, start=1):
        mark = folio(page)
        assert mark.text == f"—{number}—" and round(mark.size) == 14
        if number % 2:
            assert mark.x1 == pytest.approx(RIGHT - 14 / MM, abs=0.5)  # 单页居右空一字
        else:
            assert mark.x0 == pytest.approx(LEFT + 14 / MM, abs=0.5)  # 双页居左空一字
        dash = pymupdf.Rect(mark.chars[0]["bbox"])
        top, bottom = ink_rows(page, dash)
        assert (top + bottom) / 2 - BOTTOM == pytest.approx(7, abs=0.5)  # 7.5: 一字线上距版心下边缘 7 mm
