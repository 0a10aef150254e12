import io
from datetime import date

from docx import Document
from pypdf import PdfReader

from chuangxian.core.actors import SYSTEM
from chuangxian.documents.rendering import (
    download_stem,
    font_stack,
    gb_date,
    licensed_fonts,
    notice_docx,
    notice_layout,
    notice_pdf,
)
from chuangxian.documents.services import notice_attachment_add
from chuangxian.documents.tests.factories import CC, TITLE, make_notice

NUMBER = "泉师院委组工〔2010〕1号"


def test_dates_use_the_standards_arabic_numerals():
    assert gb_date(date(2010, 12, 15)) == "2010年12月15日"
    assert gb_date(date(2011, 1, 5)) == "2011年1月5日"


def test_layout_elements(tree):
    notice = make_notice(tree.tenant, issue=True)
    layout = notice_layout(notice, [])
    assert layout.marking == "泉州示范师范学院创先争优活动领导小组办公室文件"
    assert layout.marking_scale < 1  # a long marking is condensed to the type area's width
    assert layout.number == NUMBER
    assert layout.addressees == "各二级工会、直属工会小组："
    assert layout.cc == f"抄送：{CC}。"
    assert layout.printed_on == "2010年12月23日印发"
    kinds = [p.kind for p in layout.paragraphs]
    assert kinds == ["h1", "body", "h2"]
    assert layout.paragraphs[2].lead == "（一）落实领导责任。"


def test_attachment_list_is_numbered_when_there_are_several(tree):
    notice = make_notice(tree.tenant)
    a = notice_attachment_add(notice=notice, title="创先发〔2010〕16号", actor=SYSTEM)
    assert notice_layout(notice, [a]).attachments == ["创先发〔2010〕16号"]
    b = notice_attachment_add(notice=notice, title="闽委办〔2010〕24号", actor=SYSTEM)
    assert notice_layout(notice, [a, b]).attachments == ["1. 创先发〔2010〕16号", "2. 闽委办〔2010〕24号"]


def test_docx_opens_and_has_number_title_and_cc(tree):
    notice = make_notice(tree.tenant, issue=True)
    notice_bytes = notice_docx(notice, [])
    document = Document(io.BytesIO(notice_bytes))
    cells = [p.text for table in document.tables for cell in table._cells for p in cell.paragraphs]
    text = "\n".join([p.text.replace("\n", "") for p in document.paragraphs] + cells)  # title breaks
    assert NUMBER in text
    assert TITLE in text
    assert f"抄送：{CC}。" in text
    assert "2010年12月15日" in text
    marking = next(p for p in document.paragraphs if p.text.endswith("办公室文件"))
    assert str(marking.runs[0].font.color.rgb) == "E60012"  # red issuer marking
    red_line = document.paragraphs[1].style.element.xml  # 公文发文字号: the red line below the number
    assert 'w:val="single"' in red_line and "E60012" in red_line
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_pdf_text_layer_has_number_title_and_cc(tree):
    notice = make_notice(tree.tenant, issue=True)
    content = notice_pdf(notice, [])
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    assert NUMBER in text
    assert TITLE in text
    assert "抄送：福建省总工会创先争优活动领导小组办公室" in text
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210 and round(float(box.height) / 72 * 25.4) == 297
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("CJK" in name for name in fonts)  # embedded Noto CJK


def test_draft_renders_without_a_number(tree):
    notice = make_notice(tree.tenant)
    layout = notice_layout(notice, [])
    assert layout.number == "" and layout.is_draft
    assert download_stem(notice).startswith("草稿-")


def test_licensed_fonts_take_precedence(tmp_path, settings):
    (tmp_path / "FangSong_GB2312.ttf").write_bytes(b"\0")
    (tmp_path / "方正小标宋简体.otf").write_bytes(b"\0")
    (tmp_path / "readme.txt").write_text("x")
    settings.NOTICE_FONT_DIR = str(tmp_path)
    found = licensed_fonts()
    assert set(found) == {"fangsong", "xiaobiaosong"}
    assert font_stack("fangsong", licensed=found).startswith('"CX fangsong"')
    assert font_stack("heiti", licensed=found).startswith('"SimHei"')
    settings.NOTICE_FONT_DIR = ""
    assert licensed_fonts() == {}
    assert "Noto Serif CJK SC" in font_stack("fangsong", licensed={})
