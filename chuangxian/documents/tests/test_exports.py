"""A notice's Word and PDF files on the registry (``documents.notice``, issue 13): the renderings'
bytes for whoever may read the notice, drafts only for the office; the notice's URLs and the generic
one; a query count that does not grow with attachments."""

import io

import pytest
from django.urls import reverse
from docx import Document

from chuangxian.core.actors import SYSTEM
from chuangxian.documents.services import notice_attachment_add, notice_issue
from chuangxian.documents.tests.factories import make_notice
from chuangxian.exports.tests.helpers import assert_refused, export_file, export_in_queries, run_url

NAME = "documents.notice"


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_an_issued_notice_exports_as_word_and_pdf_for_a_member(tree, personas):
    notice = make_notice(tree.tenant, issue=True)
    word = export_file(personas.member, NAME, {"notice": notice.pk}, fmt="docx")
    assert word.content_type.endswith("wordprocessingml.document")
    assert word.filename.startswith(f"{notice.document_number}-") and word.filename.endswith(".docx")
    assert "各二级工会" in _docx_text(word.content)
    assert export_file(personas.member, NAME, {"notice": notice.pk}, fmt="pdf").content.startswith(b"%PDF")


def test_a_draft_only_for_the_office(tree, personas):
    draft = make_notice(tree.tenant)
    assert export_file(personas.office, NAME, {"notice": draft.pk}, fmt="docx").filename.startswith("草稿-")
    for persona in ("member", "chair", "leader"):
        assert_refused(getattr(personas, persona), NAME, {"notice": draft.pk}, fmt="docx")


def test_another_schools_notice_is_refused(tree, personas):
    issued = make_notice(tree.tenant, issue=True)
    assert_refused(personas.other_office, NAME, {"notice": issued.pk}, fmt="docx")


def test_the_notice_urls_and_the_generic_one(client, tree, personas):
    draft = make_notice(tree.tenant, title="内部草稿")
    issued = make_notice(tree.tenant, issue=True)
    client.force_login(personas.member)
    page = client.get(reverse("documents:notice_detail", args=[issued.pk])).content.decode()
    assert reverse("documents:notice_docx", args=[issued.pk]) in page
    response = client.get(reverse("documents:notice_docx", args=[issued.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert client.get(run_url(NAME, "docx"), {"notice": issued.pk}).status_code == 200
    assert client.get(reverse("documents:notice_docx", args=[draft.pk])).status_code == 404
    assert_refused(personas.member, NAME, {"notice": draft.pk}, client=client, status=(403,), fmt="docx")
    assert client.get(run_url(NAME), {"notice": issued.pk}).status_code == 400


@pytest.mark.parametrize("n", [1, 8])
def test_query_count_does_not_grow_with_attachments(tree, personas, django_assert_max_num_queries, n):
    notice = make_notice(tree.tenant)
    for i in range(n):
        notice_attachment_add(notice=notice, title=f"附件{i}", actor=SYSTEM)
    notice = notice_issue(notice=notice, actor=SYSTEM)
    params = {"notice": notice.pk}
    result = export_in_queries(django_assert_max_num_queries, 4, personas.member, NAME, params, fmt="docx")
    assert f"附件{n - 1}" in _docx_text(result.content)
