"""The notice's Word file as WPS and Word show it: converted with LibreOffice headless and measured
with PyMuPDF (GB/T 9704-2012: 版记 at the foot of the last page, rules 156 mm, 4号 page numbers, the red
line 4 mm below the 发文字号), and its XML (zh-CN, the standard fonts named first)."""

import io
import itertools
import re
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from docx import Document

with warnings.catch_warnings():  # PyMuPDF's SWIG types warn on import; pytest turns warnings into errors
    warnings.simplefilter("ignore", DeprecationWarning)
    import pymupdf

from chuangxian.documents.models import Notice, NoticeAttachment, NoticeStatus
from chuangxian.documents.rendering import MARGINS_MM, PAGE_MM, TYPE_AREA_MM, notice_docx
from chuangxian.documents.rendering.word import notice_template_path
from chuangxian.documents.templates_docx.build_notice_template import TEMPLATE_PATH, build
from chuangxian.documents.templates_docx.ooxml import FONT_CHAINS
from chuangxian.documents.tests.word_pdf import converted_pdfs

MM = 72 / 25.4
TYPE_TOP = MARGINS_MM["top"]
TYPE_BOTTOM = PAGE_MM[1] - MARGINS_MM["bottom"]  # 262 mm
TYPE_LEFT, TYPE_RIGHT = MARGINS_MM["left"], PAGE_MM[0] - MARGINS_MM["right"]  # 28, 184 mm
RECORD_EM_MM = 14 / MM  # one 4号 character
NUMBER = "泉师院委组工〔2010〕22号"
BODY = "\n".join(
    [
        "一、充分认识开展创先争优活动的重要意义",
        "工会是党领导下的工人阶级群众组织，是党联系职工群众的桥梁和纽带。" * 3,
        "（一）落实领导责任。各工会组织要切实加强领导，把创先争优活动作为全年工作的重点。" * 3,
        "二、活动的主要内容",
        "全体教职工要立足本职岗位，争当优秀教职工，争创先进集体，推动学校各项事业发展。" * 3,
    ]
)


def _notice(**overrides) -> Notice:
    """An issued notice, unsaved: the Word file needs no database."""
    fields = {
        "prefix": "泉师院委组工",
        "year": 2010,
        "number": 22,
        "title": "关于在工会组织和广大教职工中深入开展创先争优活动的实施方案",
        "addressees": "各二级工会、直属工会小组",
        "body": BODY,
        "issuing_office": "泉州示范师范学院创先争优活动领导小组办公室",
        "signed_on": date(2010, 12, 15),
        "cc": "福建省总工会创先争优活动领导小组办公室，校领导存档（二）",
        "printing_office": "泉州示范师范学院创先办",
        "printed_on": date(2010, 12, 23),
        "status": NoticeStatus.ISSUED,
    }
    return Notice(**(fields | overrides))


ATTACHMENTS = [
    NoticeAttachment(
        title="中央创先争优活动领导小组、中华全国总工会关于在工会组织和广大职工中深入开展创先争优活动的意见"
    ),
    NoticeAttachment(title="闽委办〔2010〕24号"),
]


@dataclass
class Converted:
    docx: bytes
    pdf: pymupdf.Document


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Converted:
    """The notice's .docx and the PDF LibreOffice makes of it (converted once: it takes seconds)."""
    content = notice_docx(_notice(), ATTACHMENTS)
    pdfs = converted_pdfs(tmp_path_factory.mktemp("word"), {"notice": content})
    return Converted(docx=content, pdf=pdfs["notice"])


def _spans(page) -> list[tuple[str, float, pymupdf.Rect]]:
    """(text, size, box in mm) of each span on the page."""
    result = []
    for span in page.get_texttrace():
        text = "".join(chr(c[0]) for c in span["chars"])
        box = pymupdf.Rect(span["bbox"]) / MM
        result.append((text, span["size"], box))
    return result


def _rules(page, *, red: bool) -> list[tuple[pymupdf.Rect, float]]:
    """Horizontal lines drawn on the page (in mm) and their stroke widths (pt): red ones or black ones."""
    found = []
    for drawing in page.get_drawings():
        rect, color = drawing["rect"] / MM, drawing.get("color") or (0, 0, 0)
        is_red = color[0] > 0.8 and color[1] < 0.2
        seen = any(abs(rect.y0 - r.y0) < 0.05 and abs(rect.x0 - r.x0) < 0.05 for r, _ in found)
        if rect.height < 0.5 and rect.width > 10 and is_red == red and not seen:
            found.append((rect, drawing.get("width") or 0))
    return sorted(found, key=lambda f: f[0].y0)


def test_the_record_block_is_at_the_foot_of_the_last_page(converted):
    pages = list(converted.pdf)
    assert len(pages) >= 2  # the body runs onto a second page
    last = pages[-1]
    rules = _rules(last, red=False)
    assert len(rules) == 3  # thick, thin (between 抄送 and 印发), thick
    assert rules[-1][0].y0 == pytest.approx(TYPE_BOTTOM, abs=0.5)  # its last rule on the 版心's bottom edge
    spans = _spans(last)
    record = [box for text, _size, box in spans if "抄送" in text or "印发" in text]
    assert record and all(rules[0][0].y0 < box.y0 and box.y1 < rules[-1][0].y0 for box in record)
    body = [box for text, size, box in spans if size == pytest.approx(16) and box.y1 < rules[0][0].y0]
    assert body, "the 版记 shares the last page with text"
    assert not any(_rules(page, red=False) for page in pages[:-1])


SHORT_LINE = "各二级工会要按时报送活动计划。"


@pytest.fixture(scope="module")
def short_notices(tmp_path_factory) -> dict[int, pymupdf.Document]:
    """Notices of 23 to 29 one-line paragraphs (with 25 to 28 the 版记 used to fall alone on page 3)."""
    files = {
        str(n): notice_docx(_notice(title="关于报送活动计划的通知", body="\n".join([SHORT_LINE] * n)), [])
        for n in range(23, 30)
    }
    pdfs = converted_pdfs(tmp_path_factory.mktemp("short"), files)
    return {int(name): pdf for name, pdf in pdfs.items()}


def test_the_record_is_never_alone_on_the_last_page(short_notices):
    """GB/T 9704: the 版记 shares the last page with text: when it would fall alone on a new page, the
    body's last lines, the signature and the date move over with it."""
    for n, pdf in short_notices.items():
        last = list(pdf)[-1]
        rules = _rules(last, red=False)
        assert len(rules) == 3, n  # the 版记 is on the last page
        above = [
            text for text, size, box in _spans(last) if size == pytest.approx(16) and box.y1 < rules[0][0].y0
        ]
        assert SHORT_LINE in above, (n, above)  # a line of the body above it
        assert "泉州示范师范学院创先争优活动领导小组办公室" in above, n


def test_the_record_rules_are_as_wide_as_the_type_area(converted):
    rules = _rules(list(converted.pdf)[-1], red=False)
    for rect, _width in rules:
        assert rect.x0 == pytest.approx(TYPE_LEFT, abs=0.3)
        assert rect.width == pytest.approx(TYPE_AREA_MM[0], abs=0.5)  # 156 mm, not 146
    (_, thick), (_, thin), (_, last) = rules
    assert thick > thin and last > thin  # 0.35 mm at the ends, 0.25 mm between


def test_record_lines_keep_one_character_in(converted):
    spans = _spans(list(converted.pdf)[-1])
    cc = next(box for text, _size, box in spans if text.startswith("抄送"))
    printed = [box for text, _size, box in spans if "印发" in text][-1]
    assert cc.x0 == pytest.approx(TYPE_LEFT + RECORD_EM_MM, abs=0.5)
    assert printed.x1 == pytest.approx(TYPE_RIGHT - RECORD_EM_MM, abs=0.5)


def _footer_spans(page) -> list[tuple[str, float, pymupdf.Rect]]:
    return [s for s in _spans(page) if s[2].y0 > TYPE_BOTTOM + 1]


def test_page_numbers_are_4hao_with_dashes_odd_right_even_left(converted):
    pages = list(converted.pdf)
    for index, page in enumerate(pages, start=1):
        footer = _footer_spans(page)
        text = "".join(t for t, _s, _b in footer).replace(" ", "")
        assert text == f"—{index}—"
        digit = next(s for s in footer if s[0].strip().isdigit())
        dashes = [s for s in footer if "—" in s[0]]
        assert digit[1] == pytest.approx(14)  # 4号 like its dashes, not 16
        assert all(size == pytest.approx(14) for _t, size, _b in dashes)
        left = min(b.x0 for _t, _s, b in footer)
        right = max(b.x1 for _t, _s, b in footer)
        if index % 2:
            assert right == pytest.approx(TYPE_RIGHT - RECORD_EM_MM, abs=0.7)  # odd: right, one character in
        else:
            assert left == pytest.approx(TYPE_LEFT + RECORD_EM_MM, abs=0.7)  # even: left, one character in


def test_the_page_numbers_dash_is_7_mm_below_the_type_area(converted):
    page = converted.pdf[0]
    dash = next(b for t, _s, b in _footer_spans(page) if "—" in t)
    pix = page.get_pixmap(clip=dash * MM, dpi=600, colorspace=pymupdf.csGRAY)
    rows = [y for y in range(pix.height) if any(pix.pixel(x, y)[0] < 128 for x in range(pix.width))]
    stroke = dash.y0 + (rows[0] + rows[-1]) / 2 / 600 * 25.4
    assert stroke - TYPE_BOTTOM == pytest.approx(7, abs=1)


def _body_lines(page) -> list[tuple[str, float, float]]:
    """(text, left, right in mm) of each line of 3号 characters on the page."""
    lines: dict[int, list] = {}
    for span in page.get_texttrace():
        if span["size"] == pytest.approx(16):
            lines.setdefault(round(span["bbox"][1]), []).extend(span["chars"])
    return [
        (
            "".join(chr(c[0]) for c in chars),
            min(c[3][0] for c in chars) / MM,
            max(c[3][2] for c in chars) / MM,
        )
        for _y, chars in sorted(lines.items())
    ]


def test_a_full_line_holds_28_characters_flush_with_the_type_area(converted):
    lines = [line for page in converted.pdf for line in _body_lines(page)]
    lines = lines[: next(i for i, (text, _l, _r) in enumerate(lines) if text.startswith("附件"))]  # the body
    following = {text: after for (text, _l, _r), (after, _l2, _r2) in itertools.pairwise(lines)}
    full = [(text, left, right) for text, left, right in lines if right > TYPE_RIGHT - 5]
    assert len(full) >= 8
    for text, left, right in full:
        indent = round((left - TYPE_LEFT) / (TYPE_AREA_MM[0] / 28))  # 首行缩进二字
        if following.get(text, " ")[0] in "（《“〔":  # an opening mark never ends a line (禁则)
            assert 26 <= len(text) + indent <= 28, text
        else:
            assert len(text) + indent == 28, text  # 5.2.3: 28 characters to a line, not 27
        assert right == pytest.approx(TYPE_RIGHT, abs=0.6), text  # flush with the 版心's right edge
    assert all(right < TYPE_RIGHT + 0.6 for _text, _left, right in lines)


def test_a_wrapped_attachment_name_aligns_with_its_first_character(converted):
    lines = [line for page in converted.pdf for line in _body_lines(page)]
    start = next(i for i, (text, _l, _r) in enumerate(lines) if text.startswith("附件"))
    end = next(i for i, (text, _l, _r) in enumerate(lines) if text.startswith("2."))
    (first, first_left, _), *wrapped, (_second, second_left, _) = lines[start : end + 1]
    assert first.startswith("附件：1.中央") and wrapped and wrapped[0][0].startswith("于在工会组织")
    assert first_left == pytest.approx(TYPE_LEFT + 2 * TYPE_AREA_MM[0] / 28, abs=0.5)  # 附件 左空二字
    converted_page = next(p for p in converted.pdf if any(t == first for t, _l, _r in _body_lines(p)))
    name = next(c for s in converted_page.get_texttrace() for c in s["chars"] if chr(c[0]) == "中")
    for _text, left, _right in wrapped:  # 7.3.4: under the first character of the name, not under "1."
        assert left == pytest.approx(name[3][0] / MM, abs=0.3)
    assert second_left == pytest.approx(first_left + 3 * 16 / MM, abs=0.5)  # "2." under "1."


def test_headings_are_set_in_their_own_faces(converted):
    """7.3.3: level 1 黑体, level 2 楷体 (its first sentence), the body 仿宋: three faces, told apart."""
    fonts: dict[str, set[str]] = {}
    for page in converted.pdf:
        for span in page.get_texttrace():
            text = "".join(chr(c[0]) for c in span["chars"])
            for key, probe in (("h1", "充分认识"), ("h2", "落实领导责任"), ("body", "工人阶级")):
                if probe in text and key not in fonts:  # the first: the h2's sentence recurs in its body
                    fonts[key] = {span["font"]}
    assert fonts.keys() == {"h1", "h2", "body"}
    assert fonts["h1"].isdisjoint(fonts["body"]) and fonts["h2"].isdisjoint(fonts["body"])
    assert fonts["h1"].isdisjoint(fonts["h2"])


def test_the_marking_is_35_mm_below_the_top_of_the_type_area_and_as_wide(converted):
    page = converted.pdf[0]
    marking = next(box for text, _size, box in _spans(page) if text.endswith("办公室文件"))
    assert marking.y0 - TYPE_TOP == pytest.approx(35, abs=0.7)  # 7.2.2: its top edge
    assert marking.x0 >= TYPE_LEFT - 0.5 and marking.x1 <= TYPE_RIGHT + 0.5
    assert marking.width > TYPE_AREA_MM[0] - 6  # a long name condensed to the type area's width


def test_the_red_line_is_4_mm_below_the_document_number(converted):
    page = converted.pdf[0]
    number = [box for text, size, box in _spans(page) if size == pytest.approx(16) and box.y1 < 125]
    assert (
        "".join(t for t, s, b in _spans(page) if b.y1 < 125 and s == pytest.approx(16)).replace(" ", "")
        == NUMBER
    )
    bottom = max(box.y1 for box in number)  # the bottom of the characters' em box
    (line, _width), *_ = _rules(page, red=True)
    assert line.y0 - bottom == pytest.approx(4, abs=0.5)  # GB/T 9704 7.2.4: 4 mm, not 2
    assert line.x0 == pytest.approx(TYPE_LEFT, abs=0.3) and line.width == pytest.approx(
        TYPE_AREA_MM[0], abs=0.5
    )


# --- The XML ----------------------------------------------------------------------------------------------


def _parts(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")}


def test_east_asian_language_is_zh_cn_in_styles_and_runs():
    parts = _parts(notice_docx(_notice(), ATTACHMENTS))
    styles, document = parts["word/styles.xml"], parts["word/document.xml"]
    defaults = re.search(r"<w:docDefaults[ >].*</w:docDefaults>", styles, re.S)
    assert defaults and 'w:eastAsia="zh-CN"' in defaults.group(0)
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        langs = re.findall(r"<w:lang [^>]*>", parts[name])
        assert langs and all('w:eastAsia="zh-CN"' in lang for lang in langs), name
    runs = re.findall(r"<w:r>(.*?)</w:r>", document, re.S)
    texts = [r for r in runs if "<w:t" in r]
    assert texts and all('w:eastAsia="zh-CN"' in r for r in texts)  # every run says so itself
    assert 'w:eastAsia="zh-CN"' in re.search(r"<w:themeFontLang [^>]*>", parts["word/settings.xml"]).group(0)
    assert "ja-JP" not in "".join(parts.values())


def test_fonts_are_named_standard_first_with_the_fallbacks_after():
    parts = _parts(notice_docx(_notice(), ATTACHMENTS))
    used = set(re.findall(r'w:eastAsia="([^"]+)"', re.sub(r"<w:lang [^>]*>", "", parts["word/styles.xml"])))
    used |= set(
        re.findall(r'w:eastAsia="([^"]+)"', re.sub(r"<w:lang [^>]*>", "", parts["word/document.xml"]))
    )
    assert used == {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"}  # the standard names, no Noto
    assert FONT_CHAINS["fangsong"][:3] == ("仿宋_GB2312", "仿宋", "FangSong")
    assert FONT_CHAINS["kaiti"][:2] == ("楷体_GB2312", "楷体")
    table = parts["word/fontTable.xml"]
    for chain in FONT_CHAINS.values():
        for name, alternative in itertools.pairwise(chain):
            entry = re.search(rf'<w:font w:name="{re.escape(name)}">(.*?)</w:font>', table, re.S)
            assert entry, name
            assert f'<w:altName w:val="{alternative}"/>' in entry.group(1)
    styles = parts["word/styles.xml"]
    for style, font in (
        ("NoticeHeading1", "黑体"),
        ("NoticeKaiti", "楷体_GB2312"),
        ("NoticeTitle", "方正小标宋简体"),
    ):
        block = re.search(rf'w:styleId="{style}">(.*?)</w:style>', styles, re.S)
        assert block and f'w:eastAsia="{font}"' in block.group(1)


# Child order of the elements the template and the renderer write (ECMA-376): Word refuses a file that
# breaks it, LibreOffice does not, so the conversion above cannot tell.
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tblBorders": "top left start bottom right end insideH insideV",
    "pBdr": "top left start bottom right end between bar",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
}


def test_the_xml_keeps_the_schemas_element_order():
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parts = _parts(notice_docx(_notice(marking="某某学院工会文件"), ATTACHMENTS))  # a short marking: no w:w
    parts |= {f"long/{k}": v for k, v in _parts(notice_docx(_notice(), ATTACHMENTS)).items()}
    wrong = []
    for name, xml in parts.items():
        if not name.rsplit("/", 1)[-1].startswith(("document", "styles", "footer", "fontTable")):
            continue
        root = etree.fromstring(xml.encode())
        for tag, order in SCHEMA_ORDER.items():
            names = order.split()
            for element in root.iter(w + tag):
                children = [etree.QName(c).localname for c in element if isinstance(c.tag, str)]
                if any(c not in names for c in children) or children != sorted(children, key=names.index):
                    wrong.append((name, tag, children))
    assert wrong == []


# --- The template -----------------------------------------------------------------------------------------


def test_the_shipped_template_is_what_the_script_builds():
    shipped, rebuilt = _parts(TEMPLATE_PATH.read_bytes()), _parts(build())
    for name in ("word/document.xml", "word/styles.xml", "word/fontTable.xml", "word/settings.xml"):
        assert shipped[name] == rebuilt[name], f"{name}: run build_notice_template and commit notice.docx"


def test_text_is_escaped_and_kept_on_its_line():
    notice = _notice(title="关于A&B<C>的通知", cc="甲单位\t乙单位", addressees="各单位\f")
    document = Document(io.BytesIO(notice_docx(notice, [])))
    texts = [p.text for p in document.paragraphs]
    assert "关于A&B<C>的通知" in texts
    xml = document.element.xml
    assert "<w:tab/>" not in xml and 'w:type="page"' not in xml


def test_a_deployment_may_use_its_own_template(settings, tmp_path):
    own = Document(str(TEMPLATE_PATH))
    own.paragraphs[0].insert_paragraph_before("本校自定义模板：{{ number }}")
    path = tmp_path / "own.docx"
    own.save(str(path))
    settings.NOTICE_DOCX_TEMPLATE = str(path)
    assert notice_template_path() == path
    document = Document(io.BytesIO(notice_docx(_notice(), [])))
    assert document.paragraphs[0].text == f"本校自定义模板：{NUMBER}"

    settings.NOTICE_DOCX_TEMPLATE = str(tmp_path / "missing.docx")  # a wrong path: the bundled template
    assert notice_template_path() == TEMPLATE_PATH
    assert Path(TEMPLATE_PATH).is_file()
