"""The notice as a Word document (python-docx), same layout as the PDF."""

import io

from django.utils.translation import gettext as _

from chuangxian.documents.models import Notice, NoticeAttachment
from chuangxian.documents.rendering.fonts import (
    DOCX_FALLBACK,
    DOCX_STANDARD,
    FONT_ROLES,
    licensed_fonts,
)
from chuangxian.documents.rendering.layout import (
    BODY_PT,
    LINE_PT,
    MARGINS_MM,
    PAGE_MM,
    RECORD_PT,
    RED,
    TITLE_PT,
    TYPE_AREA_MM,
    notice_layout,
)


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
