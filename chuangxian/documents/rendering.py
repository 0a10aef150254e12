"""Official notices as .docx (python-docx) and .pdf (WeasyPrint), laid out after GB/T 9704-2012
(党政机关公文格式).

Page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a 156 × 225 mm type area),
22 lines of 28 characters in 3号 (16 pt) type. Version head: the issuer marking in red, centred, the
document number two lines below it, the red separator line 4 mm below the number. Then the title in
2号 小标宋, addressees, body in 3号 仿宋 (first-level headings 黑体, second-level 楷体), the attachment
list, the issuing office and the signing date, and at the foot of the last page the record block:
cc line and printing line between separator lines. Dates use the standard's Arabic numerals
(2010年12月15日), not the traditional 二○一○年十二月十五日.

Fonts: the standard fonts (仿宋_GB2312, 方正小标宋, 黑体, 楷体_GB2312) are proprietary. The PDF uses
Debian's fonts-noto-cjk (Noto Serif CJK SC, Noto Sans CJK SC) unless a deployment drops licensed font
files into ``settings.NOTICE_FONT_DIR``; those take precedence through @font-face.
"""

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from chuangxian.core.pdf import render_pdf
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

# --- Fonts --------------------------------------------------------------------------------------------

# role → (file stems a deployment may use in NOTICE_FONT_DIR, installed family names, fallback stack)
FONT_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "fangsong": (
        ("fangsong", "fangsong_gb2312", "仿宋_gb2312", "仿宋", "simfang"),
        ("FangSong_GB2312", "仿宋_GB2312", "FangSong"),
        ("Noto Serif CJK SC", "serif"),
    ),
    "xiaobiaosong": (
        ("xiaobiaosong", "fzxiaobiaosong", "fzxbsjw", "方正小标宋简体", "方正小标宋_gbk", "方正小标宋"),
        ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK"),
        ("Noto Serif CJK SC", "serif"),
    ),
    "heiti": (
        ("heiti", "simhei", "黑体"),
        ("SimHei", "黑体"),
        ("Noto Sans CJK SC", "sans-serif"),
    ),
    "kaiti": (
        ("kaiti", "kaiti_gb2312", "楷体_gb2312", "楷体", "simkai"),
        ("KaiTi_GB2312", "楷体_GB2312", "KaiTi"),
        ("Noto Serif CJK SC", "serif"),
    ),
}
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
# Names written into the .docx: the standard fonts when the deployment has them, else Noto.
DOCX_STANDARD = {
    "fangsong": "仿宋_GB2312",
    "xiaobiaosong": "方正小标宋简体",
    "heiti": "黑体",
    "kaiti": "楷体_GB2312",
}
DOCX_FALLBACK = {
    "fangsong": "Noto Serif CJK SC",
    "xiaobiaosong": "Noto Serif CJK SC",
    "heiti": "Noto Sans CJK SC",
    "kaiti": "Noto Serif CJK SC",
}


def font_dir() -> Path | None:
    configured = getattr(settings, "NOTICE_FONT_DIR", "") or ""
    path = Path(str(configured)) if configured else None
    return path if path is not None and path.is_dir() else None


def licensed_fonts() -> dict[str, Path]:
    """Font files found in NOTICE_FONT_DIR, by role (``fangsong``, ``xiaobiaosong``, ``heiti``, ``kaiti``)."""
    folder = font_dir()
    if folder is None:
        return {}
    found: dict[str, Path] = {}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    for role, (stems, _installed, _fallback) in FONT_ROLES.items():
        for path in files:
            if path.stem.lower() in stems:
                found[role] = path
                break
    return found


def _family(role: str) -> str:
    return f"CX {role}"


def font_stack(role: str, *, licensed: dict[str, Path]) -> str:
    _stems, installed, fallback = FONT_ROLES[role]
    names = ([_family(role)] if role in licensed else []) + list(installed) + list(fallback)
    return ", ".join(n if n in ("serif", "sans-serif") else f'"{n}"' for n in names)


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


def gb_date(value: date | None) -> str:
    """GB/T 9704-2012 7.3.5.1: Arabic numerals, year in full, no leading zeros: 2010年12月15日."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def text_em(text: str) -> float:
    """Width in full-width characters: ASCII digits and letters count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


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
    # 7.3.5.1: the date sits two characters in from the right; the office's first character two
    # characters left of the date's first character (a long office name is set flush right).
    date_right = 2.0
    office_right = max(0.0, date_right + text_em(signed_on) + 2 - text_em(notice.issuing_office))
    if not signed_on:
        office_right = 2.0
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
    )


# --- PDF ---------------------------------------------------------------------------------------------------


def _font_faces(licensed: dict[str, Path]) -> list[dict[str, str]]:
    return [{"family": _family(role), "url": path.resolve().as_uri()} for role, path in licensed.items()]


def notice_pdf(notice: Notice, attachments: list[NoticeAttachment]) -> bytes:
    """The notice as a PDF with embedded CJK fonts (WeasyPrint)."""
    layout = notice_layout(notice, attachments)
    licensed = licensed_fonts()
    fonts = {role: font_stack(role, licensed=licensed) for role in FONT_ROLES}
    context = {"layout": layout, "fonts": fonts, "font_faces": _font_faces(licensed), "red": RED}
    return render_pdf(
        html_template="documents/print/notice.html",
        css_template="documents/print/notice.css",
        context=context,
    )


# --- DOCX ------------------------------------------------------------------------------------------------


def notice_docx(notice: Notice, attachments: list[NoticeAttachment]) -> bytes:
    """The notice as a Word document (python-docx), same layout as the PDF."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    layout = notice_layout(notice, attachments)
    licensed = licensed_fonts()
    names = {role: (DOCX_STANDARD if role in licensed else DOCX_FALLBACK)[role] for role in FONT_ROLES}

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(21)
    document.settings.odd_and_even_pages_header_footer = True

    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = names["fangsong"]
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), names["fangsong"])

    def fmt(paragraph, *, align=None, exact=True, before=0.0, indent_first=0.0, left=0.0, right=0.0):
        pf = paragraph.paragraph_format
        if align is not None:
            pf.alignment = align
        pf.space_before, pf.space_after = Pt(before), Pt(0)
        if exact:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(LINE_PT)
        pf.first_line_indent = Pt(indent_first) if indent_first else None
        pf.left_indent = Pt(left) if left else None
        pf.right_indent = Pt(right) if right else None
        return paragraph

    def run(paragraph, text, *, role="fangsong", size=BODY_PT, color=None, scale=None):
        r = paragraph.add_run(text)
        r.font.size = Pt(size)
        r.font.name = names[role]
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), names[role])
        if color:
            r.font.color.rgb = RGBColor.from_string(color.lstrip("#"))
        if scale is not None and scale < 1:
            w = OxmlElement("w:w")
            w.set(qn("w:val"), str(max(1, int(scale * 100))))
            r._element.get_or_add_rPr().append(w)
        return r

    def border(paragraph, side, *, size_eighths, color="000000"):
        p_pr = paragraph._p.get_or_add_pPr()
        borders = p_pr.find(qn("w:pBdr"))
        if borders is None:
            borders = OxmlElement("w:pBdr")
            p_pr.append(borders)
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size_eighths))
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), color)
        borders.append(edge)

    body_em = Pt(BODY_PT)

    if layout.revoked_note:
        run(
            fmt(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT),
            layout.revoked_note,
            color="#666666",
            size=12,
        )
    if layout.is_draft:
        run(
            fmt(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT),
            _("草稿（签发时编号）"),
            color="#666666",
            size=12,
        )

    # Version head: marking 35 mm below the top of the type area, number two lines below, red line 4 mm below.
    marking_pt = layout.marking_font_mm / 25.4 * 72
    p = fmt(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, exact=False, before=Mm(34).pt)
    run(p, layout.marking, role="xiaobiaosong", size=marking_pt, color=RED, scale=layout.marking_scale)
    p = fmt(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=2 * LINE_PT)
    run(p, layout.number or " ")
    border(p, "bottom", size_eighths=12, color=RED.lstrip("#"))
    p.paragraph_format.space_after = Mm(4)

    p = fmt(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, exact=False, before=2 * LINE_PT)
    p.paragraph_format.line_spacing = 1.25
    run(p, layout.title, role="xiaobiaosong", size=TITLE_PT)

    if layout.addressees:
        run(fmt(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, before=LINE_PT), layout.addressees)
        first_before = 0.0
    else:
        first_before = LINE_PT
    for i, para in enumerate(layout.paragraphs):
        p = fmt(
            document.add_paragraph(),
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            before=first_before if i == 0 else 0.0,
            indent_first=2 * body_em.pt,
        )
        if para.kind == "h1":
            run(p, para.text, role="heiti")
        elif para.kind == "h2":
            run(p, para.lead, role="kaiti")
            if para.text:
                run(p, para.text)
        else:
            run(p, para.text)

    for i, item in enumerate(layout.attachments):
        if i == 0:
            p = fmt(document.add_paragraph(), before=LINE_PT, left=5 * BODY_PT, indent_first=-3 * BODY_PT)
            run(p, _("附件：") + item)
        else:
            run(fmt(document.add_paragraph(), left=5 * BODY_PT), item)

    p = fmt(
        document.add_paragraph(),
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        before=LINE_PT,
        right=layout.office_right_em * BODY_PT,
    )
    run(p, layout.issuing_office)
    if layout.signed_on:
        p = fmt(
            document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.RIGHT, right=layout.date_right_em * BODY_PT
        )
        run(p, layout.signed_on)

    # Record block (版记): thick line, cc, thin line, printing office and date, thick line.
    if layout.cc or layout.printing_office or layout.printed_on:
        fmt(document.add_paragraph(), before=LINE_PT)
        if layout.cc:
            p = fmt(
                document.add_paragraph(), left=RECORD_PT * 4, right=RECORD_PT, indent_first=-3 * RECORD_PT
            )
            run(p, layout.cc, size=RECORD_PT)
            border(p, "top", size_eighths=8)
        p = fmt(document.add_paragraph(), left=RECORD_PT, right=RECORD_PT)
        p.paragraph_format.tab_stops.add_tab_stop(
            Mm(TYPE_AREA_MM[0]) - Pt(2 * RECORD_PT), WD_TAB_ALIGNMENT.RIGHT
        )
        run(p, f"{layout.printing_office}\t{layout.printed_on}", size=RECORD_PT)
        border(p, "top", size_eighths=6 if layout.cc else 8)
        border(p, "bottom", size_eighths=8)

    # Page numbers: 4号 Arabic numerals with em dashes, odd pages right, even pages left (one char in).
    for footer, align, pad in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        p = footer.paragraphs[0]
        fmt(p, align=align, exact=False, **{pad: RECORD_PT})
        run(p, "— ", size=RECORD_PT)
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        inner = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        inner.append(text)
        fld.append(inner)
        p._p.append(fld)
        run(p, " —", size=RECORD_PT)

    document.core_properties.title = layout.title
    document.core_properties.subject = layout.number
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def download_name(notice: Notice, extension: str) -> str:
    """A Chinese file name: 泉师院委组工〔2010〕22号-标题.pdf (title shortened, no path characters)."""
    title = re.sub(r'[\\/:*?"<>|\s]+', "", notice.title)[:40]
    stem = f"{notice.document_number}-{title}" if notice.number else f"{_('草稿')}-{title}"
    return f"{stem}.{extension}"
