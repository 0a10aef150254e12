"""A notice's Word and PDF files on the registry (``documents.notice``, issue 13): the renderings'
bytes for whoever may read the notice, drafts only for the office; the notice's URLs and the generic
one; a query count that does not grow with attachments."""

import io

import pytest
from django.urls import reverse
from docx import Document

from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.documents.services import notice_attachment_add, notice_issue
from chuangxian.documents.tests.factories import make_notice
from chuangxian.exports.services import ExportFile, export_run

NAME = "documents.notice"


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_an_issued_notice_exports_as_word_and_pdf_for_a_member(tree, personas):
    notice = make_notice(tree.tenant, issue=True)
    word = export_run(actor=personas.member, name=NAME, fmt="docx", params={"notice": notice.pk})
    assert isinstance(word, ExportFile) and word.content_type.endswith("wordprocessingml.document")
    assert word.filename.startswith(f"{notice.document_number}-") and word.filename.endswith(".docx")
    assert "各二级工会" in _docx_text(word.content)
    pdf = export_run(actor=personas.member, name=NAME, fmt="pdf", params={"notice": notice.pk})
    assert isinstance(pdf, ExportFile) and pdf.content.startswith(b"%PDF")


def test_a_draft_only_for_the_office(tree, personas):
    draft = make_notice(tree.tenant)
    result = export_run(actor=personas.office, name=NAME, fmt="docx", params={"notice": draft.pk})
    assert isinstance(result, ExportFile) and result.filename.startswith("草稿-")
    for persona in ("member", "chair", "leader"):
        with pytest.raises(Refused):
            export_run(actor=getattr(personas, persona), name=NAME, fmt="docx", params={"notice": draft.pk})


def test_another_schools_notice_is_refused(tree, personas):
    issued = make_notice(tree.tenant, issue=True)
    with pytest.raises(Refused):
        export_run(actor=personas.other_office, name=NAME, fmt="docx", params={"notice": issued.pk})


def test_the_notice_urls_and_the_generic_one(client, tree, personas):
    draft = make_notice(tree.tenant, title="内部草稿")
    issued = make_notice(tree.tenant, issue=True)
    client.force_login(personas.member)
    page = client.get(reverse("documents:notice_detail", args=[issued.pk])).content.decode()
    assert reverse("documents:notice_docx", args=[issued.pk]) in page
    response = client.get(reverse("documents:notice_docx", args=[issued.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    run = reverse("exports:run", args=[NAME, "docx"])
    assert client.get(run, {"notice": issued.pk}).status_code == 200
    assert client.get(reverse("documents:notice_docx", args=[draft.pk])).status_code == 404
    assert client.get(run, {"notice": draft.pk}).status_code == 403
    assert client.get(reverse("exports:run", args=[NAME, "xlsx"]), {"notice": issued.pk}).status_code == 400


@pytest.mark.parametrize("n", [1, 8])
def test_query_count_does_not_grow_with_attachments(tree, personas, django_assert_max_num_queries, n):
    notice = make_notice(tree.tenant)
    for i in range(n):
        notice_attachment_add(notice=notice, title=f"附件{i}", actor=SYSTEM)
    notice = notice_issue(notice=notice, actor=SYSTEM)
    with django_assert_max_num_queries(4):
        result = export_run(actor=personas.member, name=NAME, fmt="docx", params={"notice": notice.pk})
    assert isinstance(result, ExportFile) and f"附件{n - 1}" in _docx_text(result.content)
