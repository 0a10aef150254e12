"""The demo issues the seed itself as official notice 泉师院委组工〔2010〕22号."""

import io
import itertools
from datetime import date

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from chuangxian.demo.services import demo_tenant
from chuangxian.documents.models import Notice, NoticeStatus
from chuangxian.documents.rendering import notice_pdf
from chuangxian.documents.tests.test_pdf_measure import LEFT, LINE, RIGHT, body_pages, pymupdf, text_lines


def test_demo_issues_the_seed_as_notice_22(db):
    call_command("demo", "--members", "120", "--as-of", "2030-03-01", stdout=io.StringIO())
    notice = Notice.objects.get(tenant=demo_tenant())
    assert notice.status == NoticeStatus.ISSUED
    assert notice.document_number == "泉师院委组工〔2010〕22号"
    assert notice.title == "关于在工会组织和广大教职工中深入开展创先争优活动的实施方案"
    assert notice.body.startswith("根据中央创先争优活动领导小组")
    assert notice.body.rstrip().endswith("并加以宣传和推广。")  # no header or footer lines
    assert notice.issuing_office == "泉州示范师范学院创先争优活动领导小组办公室"
    assert notice.marking_text == "泉州示范师范学院创先争优活动领导小组办公室文件"
    assert (notice.signed_on, notice.printed_on) == (date(2010, 12, 15), date(2010, 12, 23))
    assert notice.cc == "福建省总工会创先争优活动领导小组办公室，校领导存档（二）"
    assert notice.printing_office == "泉州示范师范学院创先办"
    assert notice.campaign is not None
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(notice_pdf(notice, []))).pages)
    flat = text.replace("\n", "").replace(" ", "")
    assert "泉师院委组工〔2010〕22号" in flat and "2010年12月15日" in flat and "2010年12月23日印发" in flat
    # The demo's own PDF, measured as test_pdf_measure measures its copy: every full line ends on the
    # type area's right edge, the marking is read first, the 版记 shares the last page with text.
    pdf = pymupdf.open(stream=notice_pdf(notice, []), filetype="pdf")
    assert pdf[0].get_text().lstrip().startswith("泉州示范师范学院")
    for page in body_pages(pdf):
        body = [ln for ln in page if round(ln.size) == 16]
        for line, following in itertools.pairwise(body):
            if following.x0 == pytest.approx(LEFT, abs=0.5) and following.middle - line.middle < LINE + 0.5:
                assert line.x1 == pytest.approx(RIGHT, abs=0.5), line.text
    assert "并加以宣传和推广。" in "".join(ln.text for ln in text_lines(pdf[-1]))
