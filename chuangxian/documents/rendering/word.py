"""The notice as a Word document, rendered from a Word template (docxtpl).

The template is an ordinary .docx an office can edit in Word or WPS: the bundled default
(``chuangxian/documents/templates_docx/notice.docx``, built by ``build_notice_template.py`` there) or
the file ``settings.NOTICE_DOCX_TEMPLATE`` names. The page, styles, fonts, page numbers and the 版记
at the foot of the last page come from the template; the text from ``notice_layout``. Only what
depends on the notice is set here: the marking's size and horizontal condensing (a long issuer name
is condensed to the type area's width) and the right indents of the signature and the date.
"""

import io
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from chuangxian.documents.models import Notice, NoticeAttachment
from chuangxian.documents.rendering.layout import BODY_PT, Layout, notice_layout, text_em
from chuangxian.documents.templates_docx.build_notice_template import (
    ATTACHMENT_STYLES,
    BODY_STYLES,
    DATE_STYLE,
    MARKING_STYLE,
    SIGNATURE_STYLE,
    TEMPLATE_PATH,
)

logger = logging.getLogger(__name__)

MARKING_TOP_MM = 35  # GB/T 9704-2012 7.2.2
# LibreOffice sets the characters of an exact-height line this far (in ems) below the line's top
# (measured with Noto CJK); the space above the marking is that much less than 35 mm.
MARKING_LEAD_EM = 0.23

# What may follow w:w in a run's properties (ECMA-376 CT_RPr): Word refuses a file out of this order.
_AFTER_W = (
    "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip


def notice_template_path() -> Path:
    """The Word template in use: ``NOTICE_DOCX_TEMPLATE`` when it names a file, else the bundled one."""
    configured = str(getattr(settings, "NOTICE_DOCX_TEMPLATE", "") or "")
    if configured:
        path = Path(configured)
        if path.is_file():
            return path
        logger.error("NOTICE_DOCX_TEMPLATE %s is not a file; using the bundled template", configured)
    return TEMPLATE_PATH


# docxtpl turns these into breaks, tabs, paragraphs and pages: user text keeps none of them.
_CONTROL = str.maketrans(dict.fromkeys("\a\b\f\n\r\t\v", " "))


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_CONTROL)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def notice_context(layout: Layout) -> dict[str, Any]:
    """What the template's tags see (documented in docs/official-notices.md). ``title`` carries line
    breaks where the title breaks (词意完整, 排列对称)."""
    lines = [line for line in layout.title_lines if line] or [layout.title]
    context = _plain(
        {
            "revoked_note": layout.revoked_note,
            "is_draft": layout.is_draft,
            "draft_note": _("草稿（签发时编号）") if layout.is_draft else "",
            "marking": layout.marking,
            "number": layout.number or " ",
            "title": layout.title,
            "addressees": layout.addressees,
            "paragraphs": [{"kind": p.kind, "text": p.text, "lead": p.lead} for p in layout.paragraphs],
            "attachments": [{"lead": "", "name": item} for item in layout.attachments],
            "issuing_office": layout.issuing_office,
            "signed_on": layout.signed_on,
            "has_record": bool(layout.cc or layout.printing_office or layout.printed_on),
            "cc": layout.cc,
            "printing_office": layout.printing_office,
            "printed_on": layout.printed_on,
        }
    )
    context["title"] = "\n".join(_plain(line) for line in lines)
    if len(layout.attachments) > 1:
        # "1. 名称": the number, then a tab to where a wrapped line of the name starts (7.3.4)
        for entry in context["attachments"]:
            number, _space, name = entry["name"].partition(" ")
            entry["lead"], entry["name"] = f"{number}\t", name
    return context


def _attachment_number_em(layout: Layout) -> float:
    """Room for "1." before an attachment's name (0 with one attachment): the widest number and a space."""
    if len(layout.attachments) < 2:
        return 0.0
    return max(text_em(item.partition(" ")[0]) for item in layout.attachments) + 0.5


def _paragraphs_in(document: Any, *style_ids: str) -> list[Any]:
    """The body's paragraphs of these styles, in document order."""
    from docx.oxml.ns import qn

    return [
        p
        for p in document.element.body.iter(qn("w:p"))
        if (p.pPr is not None and p.pPr.pStyle is not None and p.pPr.pStyle.val in style_ids)
    ]


def _fit(document: Any, layout: Layout) -> None:
    """Per-notice geometry: the marking's size and condensing, the signature's and date's indents."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt
    from docx.text.paragraph import Paragraph

    marking_pt = layout.marking_font_mm / 25.4 * 72
    for p in _paragraphs_in(document, MARKING_STYLE):
        # 7.2.2: the marking's top edge 35 mm below the type area's top (a line exactly its size)
        fmt = Paragraph(p, document.part).paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(marking_pt)
        fmt.space_before = Mm(MARKING_TOP_MM - MARKING_LEAD_EM * layout.marking_font_mm)
        for r in p.iter(qn("w:r")):
            r_pr = r.get_or_add_rPr()
            r_pr.sz_val = Pt(marking_pt)
            for old in r_pr.findall(qn("w:w")):
                r_pr.remove(old)
            if layout.marking_scale < 1:
                w = OxmlElement("w:w")
                w.set(qn("w:val"), str(max(1, int(layout.marking_scale * 100))))
                # in the schema's order (Word refuses a file whose run properties are out of order)
                r_pr.insert_element_before(w, *_AFTER_W)
    number = _attachment_number_em(layout)
    if number:
        # a wrapped line of a numbered attachment starts under the first character of its name
        for style_id, hanging in zip(ATTACHMENT_STYLES, (3 + number, number), strict=True):
            for p in _paragraphs_in(document, style_id):
                fmt = Paragraph(p, document.part).paragraph_format
                fmt.left_indent = Pt((5 + number) * BODY_PT)
                fmt.first_line_indent = Pt(-hanging * BODY_PT)
    for style_id, em in ((SIGNATURE_STYLE, layout.office_right_em), (DATE_STYLE, layout.date_right_em)):
        for p in _paragraphs_in(document, style_id):
            Paragraph(p, document.part).paragraph_format.right_indent = Pt(em * BODY_PT)
    # The 版记 is never alone on the last page: the body's last paragraph keeps with what follows (the
    # attachments, signature and date keep with the next paragraph in their styles, down to the
    # paragraph the floating 版记 is anchored to), so its last lines move over with them.
    body = _paragraphs_in(document, *BODY_STYLES)
    if body:
        Paragraph(body[-1], document.part).paragraph_format.keep_with_next = True


def notice_docx(notice: Notice, attachments: list[NoticeAttachment]) -> bytes:
    """The notice as a Word document, from the template (GB/T 9704-2012 as far as Word can lay it out)."""
    from docxtpl import DocxTemplate

    layout = notice_layout(notice, attachments)
    template = DocxTemplate(str(notice_template_path()))
    template.render(notice_context(layout), autoescape=True)
    document = template.docx
    _fit(document, layout)
    document.core_properties.title = layout.title
    document.core_properties.subject = layout.number
    document.core_properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
