"""Build the default Word template of an official notice, ``notice.docx`` next to this file.

Run it again after changing it (and commit the .docx it writes)::

    uv run --frozen python -m chuangxian.documents.templates_docx.build_notice_template

The template is an ordinary .docx an office may open and edit in Word or WPS: the page, the styles
(公文标志, 公文正文, 公文版记 …), the page-number footers and the 版记 at the foot of the last page
are in the file; the notice's text goes in through docxtpl's Jinja tags (``{{ title }}``,
``{%p for para in paragraphs %}`` …). ``chuangxian.documents.rendering.word`` renders it; a
deployment may point ``NOTICE_DOCX_TEMPLATE`` at an edited copy. See docs/official-notices.md.
"""

import io
import math
import os
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from chuangxian.documents.templates_docx.ooxml import (
    font_table,
    page_number_footer,
    paragraph,
    run,
    run_props,
    tag,
    twips,
)

TEMPLATE_PATH = Path(__file__).with_name("notice.docx")

# Style ids the renderer looks for (it sets the marking's size and the signature's indents per notice).
MARKING_STYLE = "NoticeMarking"
SIGNATURE_STYLE = "NoticeSignature"
ATTACHMENT_STYLES = ("NoticeAttachmentFirst", "NoticeAttachment")
BODY_STYLES = ("NoticeBody", "NoticeHeading1")  # the body's last paragraph keeps with what follows
DATE_STYLE = "NoticeDate"


def _styles(geo: dict[str, Any]) -> str:
    """The notice's styles (paragraph and character), GB/T 9704-2012 §5 and §7."""
    line = round(geo["LINE_PT"] * 20)
    body, record = geo["BODY_PT"], geo["RECORD_PT"]
    em, rem = round(body * 20), round(record * 20)

    def pstyle(sid: str, name: str, ppr: str, rpr: str, *, based: str = "Normal", nxt: str = "") -> str:
        return (
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/>{f"<w:next w:val={quoteattr(nxt)}/>" if nxt else ""}<w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
        )

    def cstyle(sid: str, name: str, rpr: str) -> str:
        return (
            f'<w:style w:type="character" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f"<w:qFormat/>{rpr}</w:style>"
        )

    exact = f'w:line="{line}" w:lineRule="exact"'
    red = geo["RED"]
    return "".join(
        [
            pstyle(
                "NoticeRemark",
                "公文备注",
                f'<w:spacing w:before="0" w:after="0" {exact}/>',
                run_props(pt=12, color="666666"),
            ),
            pstyle(
                MARKING_STYLE,
                "公文发文机关标志",
                # 35 mm below the top of the type area (less the leading of the line).
                f'<w:spacing w:before="{twips(34)}" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
                run_props("xiaobiaosong", pt=42, color=red, tracking=0),
            ),
            pstyle(
                "NoticeNumber",
                "公文发文字号",
                # Two lines below the marking; the red separator line 4 mm below the number (bottom border).
                # (pPr children in the schema's order: Word refuses a file whose order is wrong)
                f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="{geo["RED_LINE_SPACE_PT"]}" w:color="{red.lstrip("#")}"/></w:pBdr>'
                f'<w:spacing w:before="{2 * line}" w:after="0" {exact}/><w:jc w:val="center"/>',
                run_props("fangsong"),
            ),
            pstyle(
                "NoticeTitle",
                "公文标题",
                f'<w:spacing w:before="{2 * line}" w:after="{line}" w:line="300" w:lineRule="auto"/><w:jc w:val="center"/>',
                run_props("xiaobiaosong", pt=geo["TITLE_PT"], tracking=0),
            ),
            pstyle(
                "NoticeAddressees",
                "公文主送机关",
                f'<w:spacing w:before="0" w:after="0" {exact}/><w:jc w:val="left"/>',
                run_props("fangsong"),
            ),
            pstyle("NoticeBody", "公文正文", f'<w:ind w:firstLine="{2 * em}"/>', run_props("fangsong")),
            pstyle(
                "NoticeHeading1",
                "公文一级标题",
                f'<w:ind w:firstLine="{2 * em}"/>',
                run_props("heiti"),
                based="NoticeBody",
            ),
            pstyle(
                "NoticeAttachmentFirst",
                "公文附件说明",
                f'<w:keepNext/><w:spacing w:before="{line}" w:after="0" {exact}/><w:ind w:left="{5 * em}" w:hanging="{3 * em}"/><w:jc w:val="left"/>',
                run_props("fangsong"),
            ),
            pstyle(
                "NoticeAttachment",
                "公文附件说明续",
                f'<w:keepNext/><w:ind w:left="{5 * em}"/><w:jc w:val="left"/>',
                run_props("fangsong"),
            ),
            pstyle(
                SIGNATURE_STYLE,
                "公文发文机关署名",
                f'<w:keepNext/><w:spacing w:before="{line}" w:after="0" {exact}/><w:ind w:right="{2 * em}"/><w:jc w:val="right"/>',
                run_props("fangsong"),
            ),
            pstyle(
                DATE_STYLE,
                "公文成文日期",
                f'<w:keepNext/><w:ind w:right="{4 * em}"/><w:jc w:val="right"/>',
                run_props("fangsong"),
            ),
            pstyle(
                "NoticeRecord",
                "公文版记",
                f'<w:spacing w:before="0" w:after="0" {exact}/><w:ind w:left="{rem}" w:right="{rem}"/><w:jc w:val="left"/>',
                run_props("fangsong", pt=record, tracking=0),
            ),
            pstyle(
                "NoticeRecordCc",
                "公文版记抄送",
                f'<w:ind w:left="{4 * rem}" w:right="{rem}" w:hanging="{3 * rem}"/>',
                run_props("fangsong", pt=record, tracking=0),
                based="NoticeRecord",
            ),
            pstyle(
                "NoticeRecordDate",
                "公文版记印发日期",
                '<w:jc w:val="right"/>',
                run_props("fangsong", pt=record, tracking=0),
                based="NoticeRecord",
            ),
            pstyle(
                "NoticePageNumber",
                "公文页码",
                '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
                run_props("fangsong", pt=record, tracking=0),
            ),
            pstyle(
                "NoticeTag",
                "模板标记（生成时删除）",
                '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
                run_props(pt=8, color="808080", tracking=0),
            ),
            pstyle(
                "NoticeEnd",
                "公文结束（版记定位）",
                '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
                run_props(pt=1, tracking=0),
            ),
            cstyle("NoticeHeiti", "公文黑体", run_props("heiti")),
            cstyle("NoticeKaiti", "公文楷体", run_props("kaiti")),
        ]
    )


def _record_table(geo: dict[str, Any]) -> str:
    """The 版记: a table as wide as the type area (its rules 156 mm), floating at the foot of the page
    (its last rule on the type area's bottom edge); the cc row only when there is a cc line."""
    width = twips(geo["TYPE_AREA_MM"][0])
    half = width // 2
    thick, thin = 8, 6  # eighths of a point: 0.35 mm and 0.25 mm
    left = twips(geo["MARGINS_MM"]["left"])

    def cell(w: int, content: str, span: int = 1) -> str:
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{grid}</w:tcPr>{content}</w:tc>'

    def row(*cells: str) -> str:
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"

    rpr = run_props(pt=geo["RECORD_PT"])
    return (
        "<w:tbl><w:tblPr>"
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0"'
        f' w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{left}" w:tblpYSpec="bottom"/>'
        '<w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders><w:top w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
        '<w:left w:val="nil"/>'
        f'<w:bottom w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/><w:right w:val="nil"/>'
        f'<w:insideH w:val="single" w:sz="{thin}" w:space="0" w:color="000000"/><w:insideV w:val="nil"/>'
        "</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{width - half}"/></w:tblGrid>'
        + row(cell(width, paragraph("NoticeTag", run("{%tr if cc %}")), 2))
        + row(cell(width, paragraph("NoticeRecordCc", run("{{ cc }}", rpr)), 2))
        + row(cell(width, paragraph("NoticeTag", run("{%tr endif %}")), 2))
        + row(
            cell(half, paragraph("NoticeRecord", run("{{ printing_office }}", rpr))),
            cell(width - half, paragraph("NoticeRecordDate", run("{{ printed_on }}", rpr))),
        )
        + "</w:tbl>"
    )


def _body(geo: dict[str, Any]) -> str:
    kaiti = run_props(style="NoticeKaiti")
    heiti = run_props(style="NoticeHeiti")
    return "".join(
        [
            tag("{%p if revoked_note %}"),
            paragraph("NoticeRemark", run("{{ revoked_note }}", run_props(pt=12, color="666666"))),
            tag("{%p endif %}"),
            tag("{%p if is_draft %}"),
            paragraph("NoticeRemark", run("草稿（签发时编号）", run_props(pt=12, color="666666"))),
            tag("{%p endif %}"),
            paragraph(MARKING_STYLE, run("{{ marking }}", run_props("xiaobiaosong", color=geo["RED"]))),
            paragraph("NoticeNumber", run("{{ number }}")),
            paragraph("NoticeTitle", run("{{ title }}", run_props("xiaobiaosong"))),
            tag("{%p if addressees %}"),
            paragraph("NoticeAddressees", run("{{ addressees }}")),
            tag("{%p endif %}"),
            tag("{%p for para in paragraphs %}"),
            tag('{%p if para.kind == "h1" %}'),
            paragraph("NoticeHeading1", run("{{ para.text }}", heiti)),
            tag('{%p elif para.kind == "h2" %}'),
            paragraph("NoticeBody", run("{{ para.lead }}", kaiti), run("{{ para.text }}")),
            tag("{%p else %}"),
            paragraph("NoticeBody", run("{{ para.text }}")),
            tag("{%p endif %}"),
            tag("{%p endfor %}"),
            tag("{%p for item in attachments %}"),
            tag("{%p if loop.first %}"),
            paragraph("NoticeAttachmentFirst", run("附件："), run("{{ item.lead }}{{ item.name }}")),
            tag("{%p else %}"),
            paragraph("NoticeAttachment", run("{{ item.lead }}{{ item.name }}")),
            tag("{%p endif %}"),
            tag("{%p endfor %}"),
            paragraph(SIGNATURE_STYLE, run("{{ issuing_office }}")),
            tag("{%p if signed_on %}"),
            paragraph(DATE_STYLE, run("{{ signed_on }}")),
            tag("{%p endif %}"),
            tag("{%p if has_record %}"),
            _record_table(geo),
            tag("{%p endif %}"),
            # The paragraph the floating 版记 is anchored to: 1 pt high, so it never takes a line.
            paragraph("NoticeEnd"),
        ]
    )


def _geometry() -> dict[str, Any]:
    from chuangxian.documents.rendering import layout

    return {
        "PAGE_MM": layout.PAGE_MM,
        "MARGINS_MM": layout.MARGINS_MM,
        "TYPE_AREA_MM": layout.TYPE_AREA_MM,
        "BODY_PT": layout.BODY_PT,
        "TITLE_PT": layout.TITLE_PT,
        "RECORD_PT": layout.RECORD_PT,
        "LINE_PT": layout.LINE_PT,
        "RED": layout.RED,
        # Border distance (pt) that puts the red line 4 mm below the number's characters (measured in
        # LibreOffice: the number sits at the foot of its exact-height line).
        # 5.2.3: 28 characters of 3号 to a full line of 156 mm. At 16 pt they would take 158 mm, so the
        # body's characters are set a little closer (twentieths of a point, rounded down: -5 = -0.25 pt).
        "BODY_TRACKING": math.floor(
            (layout.TYPE_AREA_MM[0] / 25.4 * 72 / layout.CHARS_PER_LINE - layout.BODY_PT) * 20
        ),
        "RED_LINE_SPACE_PT": 7,
        # Footer distance (mm from the page's bottom edge) that puts the page number's 一字线 7 mm below
        # the type area (7.5), measured in LibreOffice.
        "FOOTER_MM": 25.5,
    }


def build() -> bytes:
    """The template as .docx bytes (python-docx for the package, the parts written as XML)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm

    geo = _geometry()
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(geo["PAGE_MM"][0]), Mm(geo["PAGE_MM"][1])
    margins = geo["MARGINS_MM"]
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(geo["FOOTER_MM"])
    document.settings.odd_and_even_pages_header_footer = True

    # Defaults and styles: zh-CN East Asian text, the standard fonts named first.
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    line = round(geo["LINE_PT"] * 20)
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault>{run_props('fangsong', pt=geo['BODY_PT'])}</w:rPrDefault>"
            f'<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
            '<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
        ),
    )
    normal = styles.xpath('w:style[@w:styleId="Normal"]')[0]
    for child in normal.findall(qn("w:rPr")) + normal.findall(qn("w:pPr")):
        normal.remove(child)
    normal.append(
        parse_xml(
            run_props("fangsong", pt=geo["BODY_PT"], tracking=geo["BODY_TRACKING"]).replace(
                "<w:rPr>", f"<w:rPr {nsdecls('w')}>", 1
            )
        )
    )
    for style in parse_xml(f"<w:styles {nsdecls('w')}>{_styles(geo)}</w:styles>"):
        styles.append(style)

    settings = document.settings.element
    for lang in settings.findall(qn("w:themeFontLang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    for compat in settings.iter(qn("w:compatSetting")):
        if compat.get(qn("w:name")) == "compatibilityMode":
            compat.set(qn("w:val"), "15")

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for element in reversed(list(parse_xml(f"<w:body {nsdecls('w')}>{_body(geo)}</w:body>"))):
        body.insert(0, element)

    for footer, align, side in (
        (section.footer, "right", "right"),
        (section.even_page_footer, "left", "left"),
    ):
        footer.is_linked_to_previous = False
        footer_element = footer._element
        for child in list(footer_element):
            footer_element.remove(child)
        footer_element.append(
            parse_xml(
                page_number_footer(align, side, geo["RECORD_PT"]).replace("<w:p>", f"<w:p {nsdecls('w')}>", 1)
            )
        )

    package = document.part.package
    for part in package.iter_parts():
        name = str(part.partname)
        if name == "/word/fontTable.xml":
            part._blob = font_table()
        elif name == "/word/stylesWithEffects.xml":
            part._blob = re.sub(rb'w:eastAsia="[A-Za-z-]+"', b'w:eastAsia="zh-CN"', part.blob)
    document.core_properties.title = "公文模板"
    document.core_properties.author = "创先"
    document.core_properties.comments = "chuangxian/documents/templates_docx/build_notice_template.py"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    TEMPLATE_PATH.write_bytes(build())
    print(f"wrote {TEMPLATE_PATH}")


if __name__ == "__main__":
    main()
