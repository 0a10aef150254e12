from datetime import date

import pytest

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.todos import todos_for
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import MemberStatus
from chuangxian.study.models import StudyAttachment, StudyConfirmation, StudyDocument
from chuangxian.study.selectors import study_documents_for_member, study_rates_by_unit, study_status_for_unit
from chuangxian.study.services import StudyError, study_confirm, study_document_publish


def test_publish_to_all_units_with_attachment(document):
    assert document.all_units
    attachment = StudyAttachment.objects.get()
    assert (attachment.name, attachment.kind) == ("方案.pdf", "pdf")
    assert AuditEntry.objects.filter(action="study.document.published").exists()


def test_publish_refuses_a_lying_attachment_and_saves_nothing(tree, personas, campaign):
    with pytest.raises(StudyError) as error:
        study_document_publish(
            tenant=tree.tenant,
            campaign=campaign,
            title="t",
            body="b",
            attachments=[("ok.pdf", b"%PDF-1.4 x"), ("photo.png", b"%PDF-1.4 not a png")],
            actor=personas.office,
        )
    assert error.value.code == "type_mismatch"
    assert not StudyDocument.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"title": " "}, "title_required"),
        ({"body": ""}, "body_required"),
        ({"due_on": date(2010, 12, 1)}, "due_before_published"),
        ({"units": []}, "no_units"),
    ],
)
def test_publish_validation(tree, personas, campaign, kwargs, code):
    args = {"title": "t", "body": "b", **kwargs}
    with pytest.raises(StudyError) as error:
        study_document_publish(tenant=tree.tenant, campaign=campaign, actor=personas.office, **args)
    assert error.value.code == code


def test_publish_refuses_units_of_another_tenant(tree, personas, campaign):
    with pytest.raises(StudyError) as error:
        study_document_publish(
            tenant=tree.tenant,
            campaign=campaign,
            title="t",
            body="b",
            units=[tree.other_unit],
            actor=personas.office,
        )
    assert error.value.code == "wrong_tenant"


def test_confirming_twice_counts_once(document, personas):
    member = personas.member_row
    _c, created = study_confirm(document=document, member=member, actor=personas.member)
    _c2, created_again = study_confirm(document=document, member=member, actor=personas.member)
    assert (created, created_again) == (True, False)
    assert StudyConfirmation.objects.count() == 1
    assert AuditEntry.objects.filter(action="study.document.confirmed").count() == 1


def test_member_outside_the_target_is_refused(college_document, personas):
    sibling = personas.sibling_chair.memberships.get()
    with pytest.raises(StudyError) as error:
        study_confirm(document=college_document, member=sibling, actor=personas.sibling_chair)
    assert error.value.code == "not_targeted"
    # The target covers the subtree: a member of 中文系工会小组 under the college may confirm.
    _c, created = study_confirm(document=college_document, member=personas.member_row, actor=personas.member)
    assert created


def test_other_tenant_member_is_refused(document, personas):
    other = personas.other_office.memberships.get()
    with pytest.raises(StudyError) as error:
        study_confirm(document=document, member=other, actor=personas.other_office)
    assert error.value.code == "not_targeted"


def test_departed_member_is_refused(document, personas):
    member = personas.member_row
    member.status = MemberStatus.LEFT
    with pytest.raises(StudyError) as error:
        study_confirm(document=document, member=member, actor=personas.member)
    assert error.value.code == "member_inactive"


def test_documents_for_member_and_todos(document, college_document, personas, campaign):
    sibling = personas.sibling_chair.memberships.get()
    assert [d.title for d in study_documents_for_member(sibling)] == ["创先争优活动实施方案"]
    titles = {d.title for d in study_documents_for_member(personas.member_row)}
    assert titles == {"创先争优活动实施方案", "学院学习材料"}
    todos = todos_for(personas.member, campaign)
    assert {t.title for t in todos} >= {"学习文件：创先争优活动实施方案", "学习文件：学院学习材料"}
    study_confirm(document=document, member=personas.member_row, actor=personas.member)
    todos = [t.title for t in todos_for(personas.member, campaign) if t.title.startswith("学习文件")]
    assert todos == ["学习文件：学院学习材料"]


def test_future_documents_are_not_shown_yet(tree, personas, campaign):
    study_document_publish(
        tenant=tree.tenant,
        campaign=campaign,
        title="明年的文件",
        body="b",
        published_on=date(2011, 3, 1),
        actor=personas.office,
    )
    assert not study_documents_for_member(personas.member_row).exists()


def test_unit_status_lists_who_is_missing(tree, document, personas):
    study_confirm(document=document, member=personas.member_row, actor=personas.member)
    status, missing, confirmed = study_status_for_unit(document, tree.college)
    assert (status.total, status.confirmed, status.missing) == (3, 1, 2)
    assert {m.name for m in missing} == {"学院主席", "学院联络员"}
    assert [m.name for m in confirmed] == ["普通会员"]


def test_rates_per_top_level_unit(tree, document, college_document, personas):
    study_confirm(document=document, member=personas.member_row, actor=personas.member)
    rows = {r.unit.name: (r.confirmed, r.total) for r in study_rates_by_unit(document)}
    assert rows["文学与传播学院"] == (1, 3)
    assert rows["数学与计算机科学学院"] == (0, 1)
    assert rows["校工会"] == (0, 2)
    college_rows = {r.unit.name: (r.confirmed, r.total) for r in study_rates_by_unit(college_document)}
    assert college_rows == {"文学与传播学院": (0, 3)}


def test_a_member_confirms_only_for_themselves_and_the_office_may_record_it(document, personas):
    with pytest.raises(Refused) as error:
        study_confirm(document=document, member=personas.member_row, actor=personas.chair)
    assert error.value.code == "not_own"
    assert not StudyConfirmation.objects.exists()
    _c, created = study_confirm(document=document, member=personas.member_row, actor=personas.office)
    assert created
