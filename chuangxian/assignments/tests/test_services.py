import io
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from chuangxian.assignments.evidence import EvidenceKind
from chuangxian.assignments.models import ReviewBy, Task, TaskStatus, UnitTask
from chuangxian.assignments.selectors import unit_task_list_for_unit, unit_task_row
from chuangxian.assignments.services import (
    AssignmentError,
    campaign_tasks_sync,
    task_create,
    task_delete,
    task_update,
    tasks_create_defaults,
    unit_task_mark_done,
    unit_task_review,
    unit_task_set_responsible,
    unit_task_start,
    unit_task_submit,
    unit_tasks_sync,
)
from chuangxian.assignments.tests.factories import PDF, PHASE1_DAY
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import PhaseAction
from chuangxian.campaigns.services import PhaseSpec, phase_window_reopen
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.core.files import FileCheckError
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import UnitCategory
from chuangxian.orgs.permissions import member_for
from chuangxian.orgs.tests.factories import MemberFactory, make_unit


@pytest.fixture
def campaign(tree, personas):
    return make_campaign(tree.tenant)


@pytest.fixture
def defaults(campaign, personas, providers):
    return {t.code: t for t in tasks_create_defaults(campaign=campaign, actor=personas.office)}


def unit_task(task, unit):
    return UnitTask.objects.get(task=task, unit=unit)


def test_defaults_create_the_seed_tasks_in_phase_one_and_the_summary_phase(campaign, defaults):
    phases = list(campaign.phases.order_by("order"))
    assert [t.title for t in defaults.values()] == [
        "召开动员大会",
        "组织学习文件",
        "制定工会活动方案",
        "提交总结",
    ]
    assert defaults["mobilisation_meeting"].phase == phases[0]
    assert defaults["mobilisation_meeting"].evidence_kind == EvidenceKind.MEETING
    assert defaults["mobilisation_meeting"].review_by == ReviewBy.OFFICE
    assert defaults["study_documents"].review_by == ReviewBy.NONE
    assert defaults["unit_plan"].evidence_kind == EvidenceKind.PLAN
    assert defaults["summary"].phase == phases[3]
    assert defaults["summary"].evidence_kind == EvidenceKind.DOCUMENT
    assert defaults["mobilisation_meeting"].due_on == date(2010, 12, 31)  # the phase's end


def test_defaults_are_idempotent(campaign, defaults, personas):
    assert tasks_create_defaults(campaign=campaign, actor=personas.office) == []
    assert Task.objects.filter(campaign=campaign).count() == 4


def test_unit_tasks_go_to_sub_unions_with_the_chair_responsible(tree, personas, defaults):
    rows = UnitTask.objects.filter(task=defaults["mobilisation_meeting"])
    assert {r.unit for r in rows} == {tree.college, tree.sibling, tree.library}  # not the root, not groups
    assert unit_task(defaults["mobilisation_meeting"], tree.college).responsible == personas.chair_row
    assert unit_task(defaults["mobilisation_meeting"], tree.library).responsible is None


def test_sync_adds_new_units_once_and_drops_unstarted_rows_that_no_longer_apply(tree, personas, defaults):
    task = defaults["summary"]
    new = make_unit(tree.tenant, "体育学院", tree.root, category=UnitCategory.COLLEGE)
    assert unit_tasks_sync(task=task, actor=personas.office) == 1
    assert unit_tasks_sync(task=task, actor=personas.office) == 0
    assert UnitTask.objects.filter(task=task, unit=new).exists()
    task_update(task=task, categories=[UnitCategory.SUPPORT], actor=personas.office)
    assert {r.unit for r in UnitTask.objects.filter(task=task)} == {tree.library}


def test_campaign_sync_syncs_every_task_of_the_campaign(tree, personas, defaults):
    campaign = defaults["summary"].campaign
    new = make_unit(tree.tenant, "体育学院", tree.root, category=UnitCategory.COLLEGE)
    added = campaign_tasks_sync(campaign=campaign, actor=personas.office)
    assert added == len(defaults) == UnitTask.objects.filter(unit=new).count()
    assert campaign_tasks_sync(campaign=campaign, actor=personas.office) == 0


def test_task_create_validates_phase_and_due_date(tree, campaign, personas, providers):
    other = make_campaign(tree.tenant)
    phase1 = campaign.phases.get(order=1)
    with pytest.raises(AssignmentError) as error:
        task_create(campaign=campaign, phase=other.phases.get(order=1), title="错位", actor=personas.office)
    assert error.value.code == "wrong_phase"
    with pytest.raises(AssignmentError) as error:
        task_create(
            campaign=campaign, phase=phase1, title="太早", due_on=date(2010, 12, 1), actor=personas.office
        )
    assert error.value.code == "due_before_phase" and "2010-12-15" in error.value.message
    with pytest.raises(AssignmentError) as error:
        task_create(campaign=campaign, phase=phase1, title="  ", actor=personas.office)
    assert error.value.code == "title_required"
    late = task_create(
        campaign=campaign, phase=phase1, title="补充材料", due_on=date(2011, 1, 10), actor=personas.office
    )
    assert late.due_on == date(2011, 1, 10)  # after the phase is allowed
    with pytest.raises(AssignmentError) as error:
        task_create(campaign=campaign, phase=phase1, title="重复", code=late.code, actor=personas.office)
    assert error.value.code == "duplicate_code"
    assert Task.objects.filter(campaign=campaign).count() == 1


def test_categories_limit_the_units(tree, campaign, personas, providers):
    task = task_create(
        campaign=campaign,
        phase=campaign.phases.get(order=1),
        title="图书馆专项",
        categories=[UnitCategory.SUPPORT],
        actor=personas.office,
    )
    assert [r.unit for r in UnitTask.objects.filter(task=task)] == [tree.library]


def test_responsible_must_belong_to_the_unit_subtree(tree, personas, defaults):
    ut = unit_task(defaults["mobilisation_meeting"], tree.college)
    unit_task_set_responsible(
        unit_task=ut, member=personas.member_row, actor=personas.office
    )  # in a group below
    assert unit_task(defaults["mobilisation_meeting"], tree.college).responsible == personas.member_row
    stranger = MemberFactory(unit=tree.sibling)
    with pytest.raises(AssignmentError) as error:
        unit_task_set_responsible(unit_task=ut, member=stranger, actor=personas.office)
    assert error.value.code == "member_outside_unit"
    assert unit_task(defaults["mobilisation_meeting"], tree.college).responsible == personas.member_row


@time_machine.travel(PHASE1_DAY)
def test_document_submission_then_approval(tree, personas, campaign, providers):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="材料.pdf", actor=personas.chair)
    ut.refresh_from_db()
    assert ut.status == TaskStatus.SUBMITTED and ut.document_name == "材料.pdf" and ut.document
    assert ut.submitted_by == personas.chair
    unit_task_review(unit_task=ut, approve=True, actor=personas.office)
    ut.refresh_from_db()
    assert ut.status == TaskStatus.DONE and ut.reviewed_by == personas.office
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"assignments.unit_task.submitted", "assignments.unit_task.approved"} <= actions


@time_machine.travel(PHASE1_DAY)
def test_a_lying_file_is_refused_and_nothing_is_saved(tree, personas, campaign, providers):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    with pytest.raises(FileCheckError) as error:
        unit_task_submit(
            unit_task=ut,
            document=io.BytesIO(b"not a pdf at all"),
            document_name="x.pdf",
            actor=personas.chair,
        )
    assert error.value.code == "forbidden_type"
    ut.refresh_from_db()
    assert ut.status == TaskStatus.NOT_STARTED and not ut.document


@time_machine.travel(PHASE1_DAY)
def test_return_requires_a_comment_notifies_and_allows_resubmission(tree, personas, campaign, providers):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="a.pdf", actor=personas.chair)
    with pytest.raises(AssignmentError) as error:
        unit_task_review(unit_task=ut, approve=False, comment=" ", actor=personas.office)
    assert error.value.code == "comment_required"
    unit_task_review(unit_task=ut, approve=False, comment="缺少签字页", actor=personas.office)
    ut.refresh_from_db()
    assert ut.status == TaskStatus.RETURNED and ut.review_comment == "缺少签字页"
    assert Notification.objects.filter(recipient=personas.chair_row, body="缺少签字页").count() == 1
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="b.pdf", actor=personas.chair)
    ut.refresh_from_db()
    assert ut.status == TaskStatus.SUBMITTED and ut.document_name == "b.pdf"
    with pytest.raises(AssignmentError) as error:
        unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="c.pdf", actor=personas.chair)
    assert error.value.code == "already_submitted"


@time_machine.travel(PHASE1_DAY)
def test_meeting_evidence_must_be_the_units_own_record(tree, personas, defaults, providers):
    own = providers.meetings.add(tree.college, 1)
    providers.meetings.add(tree.sibling, 2)
    ut = unit_task(defaults["mobilisation_meeting"], tree.college)
    with pytest.raises(AssignmentError) as error:
        unit_task_submit(unit_task=ut, evidence_key="meetings.meeting:2", actor=personas.chair)
    assert error.value.code == "evidence_unknown"
    with pytest.raises(AssignmentError) as error:
        unit_task_submit(unit_task=ut, actor=personas.chair)
    assert error.value.code == "evidence_required"
    unit_task_submit(unit_task=ut, evidence_key=own.key, actor=personas.chair)
    ut.refresh_from_db()
    assert ut.status == TaskStatus.SUBMITTED and ut.evidence_label == own.label and ut.evidence_url == own.url


@time_machine.travel(PHASE1_DAY)
def test_study_task_without_review_is_done_on_submission(tree, personas, defaults, providers):
    option = providers.meetings.add(tree.college, 3, "2010-12-19 学习会")
    ut = unit_task(defaults["study_documents"], tree.college)
    unit_task_submit(unit_task=ut, evidence_key=option.key, actor=personas.chair)
    ut.refresh_from_db()
    assert ut.status == TaskStatus.DONE


@time_machine.travel(PHASE1_DAY)
def test_meeting_task_without_a_meetings_provider_says_so(tree, personas, campaign, no_providers):
    task = task_create(
        campaign=campaign,
        phase=campaign.phases.get(order=1),
        title="会议",
        evidence_kind=EvidenceKind.MEETING,
        actor=personas.office,
    )
    with pytest.raises(AssignmentError) as error:
        unit_task_submit(unit_task=unit_task(task, tree.college), evidence_key="x", actor=personas.chair)
    assert error.value.code == "provider_missing"


@time_machine.travel(PHASE1_DAY)
def test_mark_done_only_for_tasks_without_evidence_or_review(tree, personas, campaign, providers):
    phase = campaign.phases.get(order=1)
    free = task_create(
        campaign=campaign,
        phase=phase,
        title="自查",
        evidence_kind=EvidenceKind.NONE,
        review_by=ReviewBy.NONE,
        actor=personas.office,
    )
    unit_task_mark_done(unit_task=unit_task(free, tree.college), actor=personas.chair)
    assert unit_task(free, tree.college).status == TaskStatus.DONE
    document = task_create(campaign=campaign, phase=phase, title="材料", actor=personas.office)
    with pytest.raises(AssignmentError) as error:
        unit_task_mark_done(unit_task=unit_task(document, tree.college), actor=personas.chair)
    assert error.value.code == "needs_evidence"


def test_submission_after_the_due_date_is_refused_saying_when_unless_reopened(
    tree, personas, campaign, providers
):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    with time_machine.travel("2011-01-05 10:00 +0800"):
        with pytest.raises(AssignmentError) as error:
            unit_task_submit(
                unit_task=ut, document=io.BytesIO(PDF), document_name="a.pdf", actor=personas.chair
            )
        assert error.value.code == "window_closed"
        assert "2010-12-31" in error.value.message and "重新开放" in error.value.message
        phase_window_reopen(
            phase=task.phase, unit=tree.college, until=date(2011, 1, 10), reason="补交", actor=personas.office
        )
        unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="a.pdf", actor=personas.chair)
        sibling = unit_task(task, tree.sibling)
        with pytest.raises(AssignmentError):  # the reopening is for the college only
            unit_task_submit(
                unit_task=sibling,
                document=io.BytesIO(PDF),
                document_name="a.pdf",
                actor=personas.sibling_chair,
            )
    assert unit_task(task, tree.college).status == TaskStatus.SUBMITTED


def test_submission_before_the_phase_is_refused(tree, personas, campaign, providers):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    with time_machine.travel("2010-12-10 10:00 +0800"), pytest.raises(AssignmentError) as error:
        unit_task_submit(
            unit_task=unit_task(task, tree.college),
            document=io.BytesIO(PDF),
            document_name="a.pdf",
            actor=personas.chair,
        )
    assert error.value.code == "not_started" and "2010-12-15" in error.value.message


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2010-12-31 23:59 +0800", "not_started"),  # the due date itself is still in time
        ("2011-01-01 00:01 +0800", "overdue"),
    ],
)
def test_overdue_starts_the_day_after_the_due_date(tree, personas, defaults, moment, expected):
    ut = unit_task(defaults["mobilisation_meeting"], tree.college)
    with time_machine.travel(moment):
        status = unit_task_row(ut).status
    assert status.code == expected
    assert status.base == "not_started"


def test_done_and_submitted_tasks_are_never_overdue(tree, personas, defaults):
    ut = unit_task(defaults["mobilisation_meeting"], tree.college)
    with time_machine.travel("2011-03-01 10:00 +0800"):
        for stored in (TaskStatus.DONE, TaskStatus.SUBMITTED):
            UnitTask.objects.filter(pk=ut.pk).update(status=stored)
            assert unit_task_row(UnitTask.objects.get(pk=ut.pk)).status.code == stored
        UnitTask.objects.filter(pk=ut.pk).update(status=TaskStatus.RETURNED)
        returned = unit_task_row(UnitTask.objects.get(pk=ut.pk)).status
        assert returned.code == "overdue" and returned.base_label == "已退回"


def test_a_reopening_moves_the_overdue_edge(tree, personas, defaults):
    ut = unit_task(defaults["mobilisation_meeting"], tree.college)
    with time_machine.travel("2011-01-05 10:00 +0800"):
        phase_window_reopen(
            phase=ut.task.phase,
            unit=tree.root,
            until=date(2011, 1, 8),
            reason="统一补交",
            actor=personas.office,
        )
        assert unit_task_row(ut).status.code == "not_started"
        assert unit_task_row(ut).status.due == date(2011, 1, 8)
    with time_machine.travel("2011-01-09 10:00 +0800"):
        assert unit_task_row(ut).status.code == "overdue"


@time_machine.travel(PHASE1_DAY)
def test_plan_task_mirrors_the_plan_review_and_refuses_its_own_submission(
    tree, personas, defaults, providers
):
    ut = unit_task(defaults["unit_plan"], tree.college)
    providers.plans.statuses[tree.college.pk] = "submitted"
    rows = {r.task.code: r for r in unit_task_list_for_unit(tree.college, defaults["unit_plan"].campaign)}
    assert rows["unit_plan"].status.code == "submitted" and rows["unit_plan"].status.label == "待审核"
    assert rows["unit_plan"].status.mirrored
    assert providers.plans.bulk_calls == 1 and providers.plans.single_calls == 0
    with pytest.raises(AssignmentError) as error:
        unit_task_submit(unit_task=ut, evidence_key="plans.plan:1", actor=personas.chair)
    assert error.value.code == "mirrored"
    providers.plans.statuses[tree.college.pk] = "done"
    assert unit_task_row(ut).status.label == "已完成"


@time_machine.travel(PHASE1_DAY)
def test_start_marks_in_progress(tree, personas, defaults):
    ut = unit_task(defaults["summary"], tree.college)
    unit_task_start(unit_task=ut, actor=personas.chair)
    assert unit_task(defaults["summary"], tree.college).status == TaskStatus.IN_PROGRESS


@time_machine.travel(PHASE1_DAY)
def test_delete_only_while_no_unit_has_started(tree, personas, defaults):
    summary = defaults["summary"]
    unit_task_start(unit_task=unit_task(summary, tree.college), actor=personas.chair)
    with pytest.raises(AssignmentError) as error:
        task_delete(task=summary, actor=personas.office)
    assert error.value.code == "task_in_use"
    task_delete(task=defaults["mobilisation_meeting"], actor=personas.office)
    assert not Task.objects.filter(code="mobilisation_meeting").exists()


def test_a_blank_code_gets_a_free_one_also_after_a_deletion(campaign, personas, defaults):
    phase = campaign.phases.get(order=2)
    first = task_create(campaign=campaign, phase=phase, title="报送联系人", actor=personas.office)
    assert first.code == "task-5"  # after the four defaults
    task_delete(task=defaults["summary"], actor=personas.office)
    second = task_create(campaign=campaign, phase=phase, title="报送宣传稿", actor=personas.office)
    assert second.code == "task-6"


# --- Who may act: the services decide it themselves, whatever the view checked -------------------


def _colleague(tree):
    """A plain member of the college itself: may read its tasks, may not act for it."""
    from chuangxian.orgs.tests.factories import make_user

    return make_user(MemberFactory(unit=tree.college, name="学院会员"))


def _actor(tree, personas, persona):
    return _colleague(tree) if persona == "colleague" else getattr(personas, persona)


OUTSIDERS = ["member", "colleague", "leader", "sibling_chair", "other_office"]


@time_machine.travel(PHASE1_DAY)
@pytest.mark.parametrize("persona", OUTSIDERS)
def test_only_the_units_officers_may_submit_start_or_mark_done(tree, personas, campaign, providers, persona):
    phase = campaign.phases.get(order=1)
    document = task_create(campaign=campaign, phase=phase, title="上传材料", actor=personas.office)
    free = task_create(
        campaign=campaign,
        phase=phase,
        title="自查",
        evidence_kind=EvidenceKind.NONE,
        review_by=ReviewBy.NONE,
        actor=personas.office,
    )
    actor = _actor(tree, personas, persona)
    before = AuditEntry.objects.count()
    for act in (
        lambda: unit_task_submit(
            unit_task=unit_task(document, tree.college),
            document=io.BytesIO(PDF),
            document_name="材料.pdf",
            actor=actor,
        ),
        lambda: unit_task_start(unit_task=unit_task(document, tree.college), actor=actor),
        lambda: unit_task_mark_done(unit_task=unit_task(free, tree.college), actor=actor),
    ):
        with pytest.raises(Refused) as error:
            act()
        assert error.value.code == "forbidden"
    submitted = unit_task(document, tree.college)
    assert submitted.status == TaskStatus.NOT_STARTED and not submitted.document
    assert submitted.submitted_by is None
    assert unit_task(free, tree.college).status == TaskStatus.NOT_STARTED
    assert AuditEntry.objects.count() == before


@time_machine.travel(PHASE1_DAY)
@pytest.mark.parametrize("persona", ["chair", "liaison", "office", "responsible"])
def test_the_units_officers_the_office_and_the_responsible_person_may_submit(
    tree, personas, campaign, providers, persona
):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    if persona == "responsible":
        colleague = _colleague(tree)
        unit_task_set_responsible(unit_task=ut, member=member_for(colleague), actor=personas.office)
        actor = colleague
    else:
        actor = getattr(personas, persona)
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="材料.pdf", actor=actor)
    assert unit_task(task, tree.college).status == TaskStatus.SUBMITTED


@time_machine.travel(PHASE1_DAY)
@pytest.mark.parametrize("persona", ["chair", "liaison", "leader", "member", "other_office"])
def test_only_the_office_reviews_names_the_responsible_and_defines_tasks(
    tree, personas, campaign, providers, persona
):
    phase = campaign.phases.get(order=1)
    task = task_create(campaign=campaign, phase=phase, title="上传材料", actor=personas.office)
    ut = unit_task(task, tree.college)
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="材料.pdf", actor=personas.chair)
    actor = getattr(personas, persona)
    before = AuditEntry.objects.count()
    for act in (
        lambda: unit_task_review(unit_task=ut, approve=True, actor=actor),
        lambda: unit_task_set_responsible(unit_task=ut, member=None, actor=actor),
        lambda: task_create(campaign=campaign, phase=phase, title="另一项", actor=actor),
        lambda: task_update(task=task, title="改名", actor=actor),
        lambda: task_delete(task=task, actor=actor),
        lambda: tasks_create_defaults(campaign=campaign, actor=actor),
        lambda: unit_tasks_sync(task=task, actor=actor),
    ):
        with pytest.raises(Refused) as error:
            act()
        assert error.value.code == "forbidden"
    ut.refresh_from_db()
    assert ut.status == TaskStatus.SUBMITTED and ut.responsible == personas.chair_row
    assert list(Task.objects.filter(campaign=campaign).values_list("title", flat=True)) == ["上传材料"]
    assert AuditEntry.objects.count() == before


@time_machine.travel(PHASE1_DAY)
def test_the_system_sets_up_and_submits_tasks_but_does_not_review(tree, campaign, providers):
    """The system (demo loader, jobs) may define tasks and act for a unit, recorded as nobody's
    submission; a review is a person's judgement, so the system's is refused and changes nothing."""
    task = task_create(campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=SYSTEM)
    ut = unit_task_submit(
        unit_task=unit_task(task, tree.college),
        document=io.BytesIO(PDF),
        document_name="材料.pdf",
        actor=SYSTEM,
    )
    assert ut.status == TaskStatus.SUBMITTED and ut.submitted_by is None
    with pytest.raises(Refused) as error:
        unit_task_review(unit_task=ut, approve=True, actor=SYSTEM)
    assert error.value.code == "forbidden"
    ut.refresh_from_db()
    assert ut.status == TaskStatus.SUBMITTED and ut.reviewed_by is None


# --- Found by the mutation pass (docs/testing.md, 变异测试): rules and audit fields no test pinned ---


def test_updating_one_field_keeps_the_due_date_refuses_unknown_fields_and_audits_the_change(
    campaign, personas, providers
):
    task = task_create(
        campaign=campaign,
        phase=campaign.phases.get(order=1),
        title="补充材料",
        due_on=date(2011, 1, 10),  # after the phase's end, which is the default
        actor=personas.office,
    )
    task_update(task=task, title="补充材料（第二批）", actor=personas.office)
    task.refresh_from_db()
    assert task.due_on == date(2011, 1, 10)
    entry = AuditEntry.objects.get(action="assignments.task.updated")
    assert entry.changes == {"title": ["补充材料", "补充材料（第二批）"]}
    with pytest.raises(ValueError, match="tenant_id"):
        task_update(task=task, tenant_id=task.tenant_id + 1, actor=personas.office)


def test_naming_the_responsible_person_is_audited_with_who_was_named_before(tree, personas, defaults):
    ut = unit_task(defaults["mobilisation_meeting"], tree.college)
    unit_task_set_responsible(unit_task=ut, member=personas.member_row, actor=personas.office)
    unit_task_set_responsible(unit_task=ut, member=None, actor=personas.office)
    entries = list(AuditEntry.objects.filter(action="assignments.unit_task.responsible_set").order_by("id"))
    assert [e.changes for e in entries] == [
        {"responsible": [personas.chair_row.pk, personas.member_row.pk]},
        {"responsible": [personas.member_row.pk, None]},
    ]
    assert {(e.actor_id, e.target_id, e.unit_id) for e in entries} == {
        (personas.office.pk, str(ut.pk), tree.college.pk)
    }
    with pytest.raises(AssignmentError) as error:
        unit_task_set_responsible(
            unit_task=ut, member=MemberFactory(unit=tree.sibling), actor=personas.office
        )
    assert error.value.field == "responsible"  # the form shows it at the field


@time_machine.travel(PHASE1_DAY)
@pytest.mark.parametrize(
    ("evidence_kind", "review_by"),
    [(EvidenceKind.DOCUMENT, ReviewBy.NONE), (EvidenceKind.NONE, ReviewBy.OFFICE)],
)
def test_mark_done_is_refused_when_the_task_needs_evidence_or_review_alone(
    tree, personas, campaign, providers, evidence_kind, review_by
):
    task = task_create(
        campaign=campaign,
        phase=campaign.phases.get(order=1),
        title="自查",
        evidence_kind=evidence_kind,
        review_by=review_by,
        actor=personas.office,
    )
    with pytest.raises(AssignmentError) as error:
        unit_task_mark_done(unit_task=unit_task(task, tree.college), actor=personas.chair)
    assert error.value.code == "needs_evidence"
    assert unit_task(task, tree.college).status == TaskStatus.NOT_STARTED


@time_machine.travel(PHASE1_DAY, tick=False)
def test_mark_done_records_who_and_when(tree, personas, campaign, providers):
    free = task_create(
        campaign=campaign,
        phase=campaign.phases.get(order=1),
        title="自查",
        evidence_kind=EvidenceKind.NONE,
        review_by=ReviewBy.NONE,
        actor=personas.office,
    )
    unit_task_mark_done(unit_task=unit_task(free, tree.college), actor=personas.chair)
    done = unit_task(free, tree.college)
    assert done.submitted_by == personas.chair
    assert done.submitted_at == datetime.fromisoformat("2010-12-20 10:00+08:00")


def test_default_tasks_go_to_the_phases_that_allow_them_in_this_campaign(tree, campaign, personas, defaults):
    """A second campaign of the tenant (the first has its defaults) with phases laid out otherwise."""
    spec = [
        PhaseSpec("启动", date(2013, 1, 1), date(2013, 1, 31), [PhaseAction.PROJECT]),
        PhaseSpec("制定方案", date(2013, 2, 1), date(2013, 2, 28), [PhaseAction.UNIT_PLAN]),
        PhaseSpec("总结", date(2013, 3, 1), date(2013, 3, 31), [PhaseAction.SUMMARY]),
        PhaseSpec("成果", date(2013, 4, 1), date(2013, 4, 30), [PhaseAction.OUTCOME]),
    ]
    laid_out = make_campaign(tree.tenant, phases=spec)
    tasks = {t.code: t for t in tasks_create_defaults(campaign=laid_out, actor=personas.office)}
    assert tasks["mobilisation_meeting"].phase.name == "制定方案"  # plans allowed, meetings not
    assert tasks["summary"].phase.name == "总结"  # the summary phase, not the fourth
    assert tasks["summary"].description.startswith("全面总结")
    task_create(campaign=campaign, phase=defaults["summary"].phase, title="其他", actor=personas.office)
    extra = task_create(campaign=laid_out, phase=tasks["summary"].phase, title="补充", actor=personas.office)
    assert extra.code == "task-5"  # counting this campaign's codes, not the other's task-5


def test_default_tasks_recreate_only_what_is_missing(campaign, personas, defaults):
    task_delete(task=defaults["summary"], actor=personas.office)
    again = tasks_create_defaults(campaign=campaign, actor=personas.office)
    assert [t.code for t in again] == ["summary"]  # after three that exist


@time_machine.travel(PHASE1_DAY, tick=False)
def test_a_review_records_who_when_and_the_comment(tree, personas, campaign, providers):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="材料.pdf", actor=personas.chair)
    unit_task_review(unit_task=ut, approve=True, actor=personas.office)
    ut.refresh_from_db()
    assert ut.reviewed_at == datetime.fromisoformat("2010-12-20 10:00+08:00")
    assert ut.review_comment == ""
    entry = AuditEntry.objects.get(action="assignments.unit_task.approved")
    assert (entry.actor_id, entry.target_id, entry.unit_id) == (
        personas.office.pk,
        str(ut.pk),
        tree.college.pk,
    )
    assert entry.data == {"comment": ""}
    assert not Notification.objects.exists()  # only a return tells the responsible person


@time_machine.travel(PHASE1_DAY)
def test_a_return_notifies_the_responsible_person_with_a_link_to_the_task(
    tree, personas, campaign, providers
):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="材料.pdf", actor=personas.chair)
    unit_task_review(unit_task=ut, approve=False, comment="缺少签字页", actor=personas.office)
    note = Notification.objects.get(recipient=personas.chair_row)
    assert note.kind == "assignments.returned"
    assert note.url == reverse("assignments:unit_task", args=[ut.pk])
    assert AuditEntry.objects.get(action="assignments.unit_task.returned").data == {"comment": "缺少签字页"}


def test_default_tasks_without_a_meeting_or_summary_phase(tree, personas, providers):
    spec = [
        PhaseSpec("推进", date(2013, 1, 1), date(2013, 1, 31), [PhaseAction.PROJECT]),
        PhaseSpec("评选", date(2013, 2, 1), date(2013, 2, 28), [PhaseAction.NOMINATION]),
    ]
    short = make_campaign(tree.tenant, phases=spec)
    tasks = {t.code: t for t in tasks_create_defaults(campaign=short, actor=personas.office)}
    assert sorted(tasks) == ["mobilisation_meeting", "study_documents", "unit_plan"]  # no summary phase
    assert {t.phase.name for t in tasks.values()} == {"推进"}  # the first phase


@time_machine.travel(PHASE1_DAY, tick=False)
def test_a_submission_records_when_and_is_audited_with_what_changed(tree, personas, campaign, providers):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=personas.office
    )
    ut = unit_task(task, tree.college)
    unit_task_submit(unit_task=ut, document=io.BytesIO(PDF), document_name="材料.pdf", actor=personas.chair)
    ut.refresh_from_db()
    assert ut.submitted_at == datetime.fromisoformat("2010-12-20 10:00+08:00")
    assert (ut.evidence_key, ut.evidence_url) == ("", "")
    entry = AuditEntry.objects.get(action="assignments.unit_task.submitted")
    assert (entry.actor_id, entry.target_id, entry.unit_id) == (
        personas.chair.pk,
        str(ut.pk),
        tree.college.pk,
    )
    assert entry.changes == {"document_name": ["", "材料.pdf"], "status": ["not_started", "submitted"]}


@time_machine.travel(PHASE1_DAY)
def test_a_missing_or_foreign_meeting_is_reported_at_the_evidence_field(tree, personas, defaults, providers):
    providers.meetings.add(tree.sibling, 2)
    ut = unit_task(defaults["mobilisation_meeting"], tree.college)
    for key in ("", "meetings.meeting:2"):
        with pytest.raises(AssignmentError) as error:
            unit_task_submit(unit_task=ut, evidence_key=key, actor=personas.chair)
        assert error.value.field == "evidence_key"


def test_without_a_summary_phase_the_summary_task_goes_to_the_fourth(tree, personas, providers):
    spec = [
        PhaseSpec("推进", date(2013, 1, 1), date(2013, 1, 31), [PhaseAction.PROJECT]),
        PhaseSpec("方案", date(2013, 2, 1), date(2013, 2, 28), [PhaseAction.UNIT_PLAN]),
        PhaseSpec("评选", date(2013, 3, 1), date(2013, 3, 31), [PhaseAction.NOMINATION]),
        PhaseSpec("成果", date(2013, 4, 1), date(2013, 4, 30), [PhaseAction.OUTCOME]),
    ]
    four = make_campaign(tree.tenant, phases=spec)
    tasks = {t.code: t for t in tasks_create_defaults(campaign=four, actor=personas.office)}
    assert tasks["summary"].phase.name == "成果"
