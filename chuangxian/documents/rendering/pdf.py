"""The notice as a PDF with embedded CJK fonts (WeasyPrint)."""

from pathlib import Path

from chuangxian.core.pdf import render_pdf
from chuangxian.documents.models import Notice, NoticeAttachment
from chuangxian.documents.rendering.fonts import FONT_ROLES, _family, font_stack, licensed_fonts
from chuangxian.documents.rendering.layout import RED, notice_layout


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
