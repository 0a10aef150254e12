import io
import threading
from datetime import date

import pytest
from django.db import connection

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.files import FileCheckError
from chuangxian.documents.models import DocumentNumberSequence, Notice, NoticeStatus, format_document_number
from chuangxian.documents.services import (
    NoticeError,
    notice_attachment_add,
    notice_attachment_remove,
    notice_delete,
    notice_issue,
    notice_revoke,
    notice_series_set_start,
    notice_update,
)
from chuangxian.documents.tests.factories import FIELDS, PREFIX, make_notice

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_document_number_format():
    assert format_document_number("泉师院委组工", 2010, 22) == "泉师院委组工〔2010〕22号"
    assert format_document_number("泉师院委组工", 2010, None) == ""


def test_draft_has_no_number_until_issued(tree, personas):
    notice = make_notice(tree.tenant, actor=personas.office)
    assert notice.number is None and notice.status == NoticeStatus.DRAFT
    notice = notice_issue(notice=notice, actor=personas.office)
    assert notice.number == 1
    assert notice.document_number == "泉师院委组工〔2010〕1号"
    assert notice.issued_by == personas.office
    assert AuditEntry.objects.filter(action="documents.notice.issued", target_id=str(notice.pk)).exists()


def test_numbers_are_consecutive_per_prefix_and_year(tree):
    a1 = make_notice(tree.tenant, issue=True)
    a2 = make_notice(tree.tenant, issue=True)
    b1 = make_notice(tree.tenant, issue=True, year=2011)
    c1 = make_notice(tree.tenant, issue=True, prefix="泉师院工")
    a3 = make_notice(tree.tenant, issue=True)
    other = make_notice(tree.other_tenant, issue=True)
    assert [a1.number, a2.number, a3.number] == [1, 2, 3]
    assert b1.number == 1 and c1.number == 1 and other.number == 1


def test_revoked_number_is_never_reused(tree, personas):
    first = make_notice(tree.tenant, issue=True)
    notice_revoke(notice=first, reason="内容有误", actor=personas.office)
    second = make_notice(tree.tenant, issue=True)
    assert second.number == 2
    first.refresh_from_db()
    assert first.status == NoticeStatus.REVOKED and first.number == 1 and first.revoke_reason == "内容有误"


def test_issued_notice_cannot_be_deleted_or_changed(tree, personas):
    notice = make_notice(tree.tenant, issue=True)
    with pytest.raises(NoticeError) as error:
        notice_delete(notice=notice, actor=personas.office)
    assert error.value.code == "not_draft"
    with pytest.raises(NoticeError) as error:
        notice_update(notice=notice, fields=FIELDS, actor=personas.office)
    assert error.value.code == "not_draft"
    with pytest.raises(NoticeError) as error:
        notice_issue(notice=notice, actor=personas.office)
    assert error.value.code == "not_draft"
    assert Notice.objects.filter(pk=notice.pk, number=1).exists()


def test_draft_can_be_deleted_and_the_number_is_not_spent(tree, personas):
    draft = make_notice(tree.tenant)
    notice_delete(notice=draft, actor=personas.office)
    assert make_notice(tree.tenant, issue=True).number == 1


def test_series_start_number(tree, personas):
    notice_series_set_start(
        tenant=tree.tenant, prefix=PREFIX, year=2010, first_number=22, actor=personas.office
    )
    notice = make_notice(tree.tenant, issue=True)
    assert notice.document_number == "泉师院委组工〔2010〕22号"
    assert make_notice(tree.tenant, issue=True).number == 23
    with pytest.raises(NoticeError) as error:
        notice_series_set_start(
            tenant=tree.tenant, prefix=PREFIX, year=2010, first_number=5, actor=personas.office
        )
    assert error.value.code == "series_started"
    assert "23" in error.value.message


def test_series_start_rejects_bad_input(tree, personas):
    for prefix, year, first, code in (
        ("泉师院〔2010〕", 2010, 1, "prefix_invalid"),
        ("泉师院", 1800, 1, "year_invalid"),
        ("泉师院", 2010, 0, "first_number_invalid"),
    ):
        with pytest.raises(NoticeError) as error:
            notice_series_set_start(
                tenant=tree.tenant, prefix=prefix, year=year, first_number=first, actor=SYSTEM
            )
        assert error.value.code == code


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"prefix": ""}, "prefix_required"),
        ({"prefix": "泉师院委组工〔2010〕"}, "prefix_invalid"),
        ({"title": "  "}, "title_required"),
        ({"body": ""}, "body_required"),
        ({"issuing_office": ""}, "issuing_office_required"),
        ({"year": 3000}, "year_invalid"),
        ({"printed_on": date(2010, 12, 1)}, "printed_before_signed"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_saved(tree, overrides, code):
    with pytest.raises(NoticeError) as error:
        make_notice(tree.tenant, **overrides)
    assert error.value.code == code
    assert error.value.message
    assert not Notice.objects.exists()


def test_issue_needs_a_signing_date(tree):
    notice = make_notice(tree.tenant, signed_on=None, printed_on=None)
    with pytest.raises(NoticeError) as error:
        notice_issue(notice=notice, actor=SYSTEM)
    assert error.value.code == "incomplete"
    assert not DocumentNumberSequence.objects.filter(last_number__gt=0).exists()


def test_revoke_needs_reason_and_an_issued_notice(tree):
    draft = make_notice(tree.tenant)
    with pytest.raises(NoticeError) as error:
        notice_revoke(notice=draft, reason="x", actor=SYSTEM)
    assert error.value.code == "not_issued"
    issued = make_notice(tree.tenant, issue=True)
    with pytest.raises(NoticeError) as error:
        notice_revoke(notice=issued, reason="  ", actor=SYSTEM)
    assert error.value.code == "reason_required"


def test_update_records_changes(tree, personas):
    from dataclasses import replace

    notice = make_notice(tree.tenant)
    notice_update(notice=notice, fields=replace(FIELDS, title="新标题"), actor=personas.office)
    notice.refresh_from_db()
    assert notice.title == "新标题"
    entry = AuditEntry.objects.get(action="documents.notice.updated")
    assert entry.changes["title"][1] == "新标题"


def test_attachments_are_checked_numbered_and_frozen_after_issue(tree, personas):
    notice = make_notice(tree.tenant)
    first = notice_attachment_add(notice=notice, title="创先发〔2010〕16号", actor=personas.office)
    second = notice_attachment_add(
        notice=notice, title="实施意见", upload=io.BytesIO(PDF), filename="意见.pdf", actor=personas.office
    )
    assert (first.order, second.order) == (1, 2)
    assert second.file.name.endswith(".pdf")
    with pytest.raises(FileCheckError) as error:
        notice_attachment_add(
            notice=notice, title="伪装", upload=io.BytesIO(PDF), filename="伪装.docx", actor=personas.office
        )
    assert error.value.code == "type_mismatch"
    with pytest.raises(FileCheckError):
        notice_attachment_add(
            notice=notice,
            title="脚本",
            upload=io.BytesIO(b"#!/bin/sh\n"),
            filename="a.sh",
            actor=personas.office,
        )
    notice_attachment_remove(attachment=first, actor=personas.office)
    second.refresh_from_db()
    assert second.order == 1
    notice_issue(notice=notice, actor=personas.office)
    with pytest.raises(NoticeError) as error2:
        notice_attachment_add(notice=notice, title="晚了", actor=personas.office)
    assert error2.value.code == "not_draft"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_no_gaps_and_no_duplicates(tree):
    drafts = [make_notice(tree.tenant) for _ in range(20)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(5)

    def work(chunk: list[Notice]) -> None:
        try:
            barrier.wait()
            for notice in chunk:
                notice_issue(notice=notice, actor=SYSTEM)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(drafts[i::5],)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Notice.objects.filter(tenant=tree.tenant).values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    assert DocumentNumberSequence.objects.get(tenant=tree.tenant, prefix=PREFIX, year=2010).last_number == 20
