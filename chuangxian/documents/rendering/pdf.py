"""The notice as a PDF with embedded CJK fonts (WeasyPrint).

The lines of the addressees, the body, the attachment list and the signature are set here (``lines``)
on the 28-character grid, so that every full line ends on the type area's right edge; the template
only draws them. ``tests/test_pdf_measure.py`` measures the result against GB/T 9704-2012.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from chuangxian.core.pdf import render_pdf
from chuangxian.documents.models import Notice, NoticeAttachment
from chuangxian.documents.rendering.fonts import FONT_ROLES, _family, font_stack, licensed_fonts
from chuangxian.documents.rendering.layout import BODY_PT, RECORD_PT, RED, Layout, notice_layout
from chuangxian.documents.rendering.lines import (
    LINE_WIDTH_PT,
    MM,
    PITCH_PT,
    TRACKING_PT,
    Line,
    Measure,
    Run,
    set_lines,
    text_width,
)
from chuangxian.documents.rendering.metrics import role_font, widths

# Lines of the body kept with the signature, so that the 版记 never stands alone on a last page.
TAIL_LINES = 2
_NUMBERED = re.compile(r"^(\d+\.) (.*)$")


@dataclass(frozen=True)
class AttachmentLines:
    label: str  # "附件：" on the first item, else ""
    number: str  # "1." or ""
    lead_left_pt: float  # where the label (or the number) starts
    lead_width_pt: float  # from there to the name
    lines: list[Line]  # the name, its first character and its wrapped lines at one left edge


def _font_faces(licensed: dict[str, Path]) -> list[dict[str, str]]:
    return [{"family": _family(role), "url": path.resolve().as_uri()} for role, path in licensed.items()]


def _measure(licensed: dict[str, Path]) -> Measure:
    tables = {role: widths(role_font(role, licensed)) for role in FONT_ROLES}

    def measure(role: str, ch: str) -> float:
        return tables[role].em(ch) * BODY_PT

    return measure


def _body_lines(layout: Layout, measure: Measure) -> list[Line]:
    result: list[Line] = []
    for p in layout.paragraphs:
        if p.kind == "h1":
            runs = [Run("heiti", p.text)]
        elif p.kind == "h2":
            runs = [Run("kaiti", p.lead)] + ([Run("fangsong", p.text)] if p.text else [])
        else:
            runs = [Run("fangsong", p.text)]
        result += set_lines(runs, measure, first_indent_pt=2 * PITCH_PT)
    return result


def _attachment_lines(layout: Layout, measure: Measure) -> list[AttachmentLines]:
    """7.3.4: 附件 at 左空二字; with several, 1. 2. after the colon; a wrapped name lines up with the
    first character of the name above it."""
    label = "附件："
    label_left = 2 * PITCH_PT
    number_left = label_left + text_width(label, "fangsong", measure) + TRACKING_PT
    items = [
        (m.group(1), m.group(2)) if (m := _NUMBERED.match(item)) else ("", item)
        for item in layout.attachments
    ]
    name_left = number_left
    if any(number for number, _name in items):
        name_left += max(text_width(number, "fangsong", measure) for number, _name in items) + BODY_PT / 2
    result = []
    for i, (number, name) in enumerate(items):
        lines = set_lines([Run("fangsong", name)], measure, first_indent_pt=name_left, indent_pt=name_left)
        result.append(
            AttachmentLines(
                label=label if i == 0 else "",
                number=number,
                lead_left_pt=round(label_left if i == 0 else number_left, 3),
                lead_width_pt=round(name_left - (label_left if i == 0 else number_left), 3),
                lines=lines,
            )
        )
    return result


def _signature_lines(layout: Layout, measure: Measure) -> list[Line]:
    """7.3.5.2 (no seal): the office 右空二字, the date on the next line with its first character two
    characters right of the office's first; a date that would then come nearer the edge than two
    characters keeps 右空二字 and pushes the office left (the same rule as ``layout``'s ``*_right_em``,
    with the fonts' real widths)."""
    edge = LINE_WIDTH_PT - 2 * PITCH_PT
    office_left = edge - text_width(layout.issuing_office, "fangsong", measure)
    lines = []
    if layout.signed_on:
        date_width = text_width(layout.signed_on, "fangsong", measure)
        date_left = min(office_left + 2 * PITCH_PT, edge - date_width)
        office_left = date_left - 2 * PITCH_PT
        lines.append(Line((Run("fangsong", layout.signed_on),), round(date_left, 3), TRACKING_PT, False))
    office = Line((Run("fangsong", layout.issuing_office),), round(office_left, 3), TRACKING_PT, False)
    return [office, *lines]


def notice_pdf(notice: Notice, attachments: list[NoticeAttachment]) -> bytes:
    """The notice as a PDF with embedded CJK fonts (WeasyPrint)."""
    layout = notice_layout(notice, attachments)
    licensed = licensed_fonts()
    measure = _measure(licensed)
    fonts = {role: font_stack(role, licensed=licensed) for role in FONT_ROLES}
    body = _body_lines(layout, measure)
    body_font = widths(role_font("fangsong", licensed))
    context = {
        "layout": layout,
        "fonts": fonts,
        "font_faces": _font_faces(licensed),
        "red": RED,
        "addressee_lines": set_lines([Run("fangsong", layout.addressees)], measure)
        if layout.addressees
        else [],
        "body_lines": body[:-TAIL_LINES],
        "tail_lines": body[-TAIL_LINES:],
        "attachment_items": _attachment_lines(layout, measure),
        "signature_lines": _signature_lines(layout, measure),
        "pitch_pt": PITCH_PT,
        "tracking_pt": TRACKING_PT,
        "number_drop_pt": body_font.below_box(1.0) * BODY_PT,
        # 7.5: the dashes of the page number 7 mm below the type area (a 4号 line box of 1 em).
        "folio_top_pt": 7 * MM - body_font.dash_from_top(1.0) * RECORD_PT,
    }
    return render_pdf(
        html_template="documents/print/notice.html",
        css_template="documents/print/notice.css",
        context=context,
    )
