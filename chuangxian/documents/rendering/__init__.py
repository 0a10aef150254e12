"""Official notices as .docx (docxtpl, from a template an office can edit) and .pdf (WeasyPrint), laid out after GB/T 9704-2012
(党政机关公文格式).

Page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a 156 × 225 mm type area),
22 lines of 28 characters in 3号 (16 pt) type. Version head: the issuer marking in red, centred, the
document number two lines below it, the red separator line 4 mm below the number. Then the title in
2号 小标宋, addressees, body in 3号 仿宋 (first-level headings 黑体, second-level 楷体), the attachment
list, the issuing office and the signing date, and at the foot of the last page the record block:
cc line and printing line between separator lines. Dates use the standard's Arabic numerals
(2010年12月15日), not the traditional 二○一○年十二月十五日.

Fonts: the standard fonts (仿宋_GB2312, 方正小标宋, 黑体, 楷体_GB2312) are proprietary. The PDF uses
Debian's fonts-noto-cjk (Noto Serif CJK SC for 仿宋 and 小标宋, Noto Sans CJK SC for 黑体) and
fonts-arphic-ukai (AR PL UKai CN for 楷体) unless a deployment drops licensed font files into
``settings.NOTICE_FONT_DIR``; those take precedence through @font-face.

One module per concern: the page geometry and the layout shared by the renditions (``layout``), the
fonts (``fonts``), the fonts' widths read from their files (``metrics``), the PDF's lines set on the
28-character grid (``lines``), the PDF (``pdf``) and the Word document (``word``).
"""

from chuangxian.documents.rendering.fonts import (
    FONT_ROLES,
    FONT_SUFFIXES,
    font_dir,
    font_stack,
    licensed_fonts,
)
from chuangxian.documents.rendering.layout import (
    BODY_PT,
    CHARS_PER_LINE,
    LINE_PT,
    MARGINS_MM,
    MARKING_MAX_MM,
    MARKING_MIN_MM,
    PAGE_MM,
    RECORD_PT,
    RED,
    TITLE_PT,
    TYPE_AREA_MM,
    Layout,
    Paragraph,
    download_stem,
    gb_date,
    notice_layout,
    text_em,
)
from chuangxian.documents.rendering.pdf import notice_pdf
from chuangxian.documents.rendering.word import notice_docx

__all__ = [
    "BODY_PT",
    "CHARS_PER_LINE",
    "FONT_ROLES",
    "FONT_SUFFIXES",
    "LINE_PT",
    "MARGINS_MM",
    "MARKING_MAX_MM",
    "MARKING_MIN_MM",
    "PAGE_MM",
    "RECORD_PT",
    "RED",
    "TITLE_PT",
    "TYPE_AREA_MM",
    "Layout",
    "Paragraph",
    "download_stem",
    "font_dir",
    "font_stack",
    "gb_date",
    "licensed_fonts",
    "notice_docx",
    "notice_layout",
    "notice_pdf",
    "text_em",
]
