import io

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.services import PhaseClosedError, phase_window_reopen
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.notifications.models import Notification
from chuangxian.plans.evidence import PlanEvidence
from chuangxian.plans.models import PlanStatus, PlanVersion
from chuangxian.plans.services import (
    PlanContent,
    PlanError,
    PlanUpload,
    plan_approve,
    plan_return,
    plan_save_and_submit,
    plan_save_draft,
    plan_submit,
)
from chuangxian.plans.tests.conftest import AFTER_PHASE_1, CONTENT, docx_bytes
from chuangxian.review.models import Decision

pytestmark = pytest.mark.usefixtures("phase1")


def test_draft_creates_version_one(draft):
    assert draft.status == PlanStatus.DRAFT
    version = draft.versions.get()
    assert (version.number, version.goals, version.submitted_at) == (1, "建设模范职工之家", None)


def test_saving_a_draft_again_updates_the_same_version(tree, personas, campaign, draft):
    plan_save_draft(
        unit=tree.college,
        campaign=campaign,
        content=PlanContent(goals="新目标", measures="新措施"),
        actor=personas.chair,
    )
    assert list(draft.versions.values_list("number", "goals")) == [(1, "新目标")]


def test_submit_in_phase_window(draft, personas):
    plan = plan_submit(plan=draft, actor=personas.chair)
    assert plan.status == PlanStatus.SUBMITTED
    version = plan.versions.get()
    assert version.submitted_at is not None and version.submitted_by == personas.chair
    assert AuditEntry.objects.filter(action="plans.plan.submitted", target_id=str(plan.pk)).exists()
    assert Notification.objects.filter(kind="plans.submitted", recipient__user=personas.office).exists()


def test_submit_outside_phase_window_is_refused_with_the_closing_date(draft, personas):
    with time_machine.travel(AFTER_PHASE_1, tick=False), pytest.raises(PhaseClosedError) as error:
        plan_submit(plan=draft, actor=personas.chair)
    assert error.value.code == "phase_closed"
    assert "2010-12-31" in error.value.message
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_submit_after_reopening_for_the_unit(tree, draft, personas, campaign):
    with time_machine.travel(AFTER_PHASE_1, tick=False):
        phase_window_reopen(
            phase=campaign.phases.get(order=1),
            unit=tree.college,
            until=__import__("datetime").date(2011, 1, 10),
            reason="补交",
            actor=personas.office,
        )
        assert plan_submit(plan=draft, actor=personas.chair).status == PlanStatus.SUBMITTED


def test_save_and_submit_outside_window_saves_nothing(tree, personas, campaign):
    with time_machine.travel(AFTER_PHASE_1, tick=False), pytest.raises(PhaseClosedError):
        plan_save_and_submit(unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.chair)
    assert not PlanVersion.objects.exists()


def test_empty_plan_cannot_be_submitted(tree, personas, campaign):
    plan = plan_save_draft(
        unit=tree.college, campaign=campaign, content=PlanContent(goals="只有目标"), actor=personas.chair
    )
    with pytest.raises(PlanError) as error:
        plan_submit(plan=plan, actor=personas.chair)
    assert error.value.code == "empty"


def test_return_requires_a_comment(draft, personas):
    plan_submit(plan=draft, actor=personas.chair)
    with pytest.raises(PlanError) as error:
        plan_return(plan=draft, comment="  ", actor=personas.office)
    assert error.value.code == "comment_required"
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_full_cycle_return_revise_resubmit_approve(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    plan_return(plan=draft, comment="措施不够具体", actor=personas.office)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.RETURNED
    # The returned text is kept: version 1 stays, the unit's text is untouched.
    assert draft.versions.get(number=1).measures == "每月一次学习会"
    titles = set(Notification.objects.filter(kind="plans.returned").values_list("recipient__name", "body"))
    assert titles == {("学院主席", "措施不够具体"), ("学院联络员", "措施不够具体")}

    plan = plan_save_and_submit(
        unit=tree.college,
        campaign=campaign,
        content=PlanContent(goals="建设模范职工之家", measures="每月第一周周三学习会"),
        actor=personas.chair,
    )
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.current_number == 2
    assert list(plan.versions.values_list("number", "measures")) == [
        (1, "每月一次学习会"),
        (2, "每月第一周周三学习会"),
    ]
    assert plan.versions.get(number=1).submitted_at is not None

    review = plan_approve(plan=plan, actor=personas.office)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert review.number == 2
    assert Notification.objects.filter(kind="plans.approved").count() == 2


def test_returned_plan_must_be_revised_before_resubmitting(draft, personas):
    plan_submit(plan=draft, actor=personas.chair)
    plan_return(plan=draft, comment="请补充时间安排", actor=personas.office)
    with pytest.raises(PlanError) as error:
        plan_submit(plan=draft, actor=personas.chair)
    assert error.value.code == "not_draft"


def test_approving_a_draft_is_refused(draft, personas):
    with pytest.raises(PlanError) as error:
        plan_approve(plan=draft, actor=personas.office)
    assert error.value.code == "not_submitted"


def test_a_unit_cannot_approve_its_own_plan(draft, personas):
    plan_submit(plan=draft, actor=personas.chair)
    with pytest.raises(Refused) as error:
        plan_approve(plan=draft, actor=personas.chair)
    assert error.value.code == "not_reviewer"


def test_other_tenant_office_cannot_review(draft, personas):
    plan_submit(plan=draft, actor=personas.chair)
    with pytest.raises(Refused) as error:
        plan_approve(plan=draft, actor=personas.other_office)
    assert error.value.code == "not_reviewer"


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "leader", "other_office"])
def test_only_the_units_managers_write_and_submit_its_plan(tree, draft, personas, campaign, persona):
    """The service refuses, whatever the view checked: no plan row for another unit, no new text,
    no submission, no audit entry."""
    actor = getattr(personas, persona)
    before = (AuditEntry.objects.count(), PlanVersion.objects.count())
    for act in (
        lambda: plan_save_draft(unit=tree.college, campaign=campaign, content=CONTENT, actor=actor),
        lambda: plan_save_draft(unit=tree.library, campaign=campaign, content=CONTENT, actor=actor),
        lambda: plan_save_and_submit(unit=tree.college, campaign=campaign, content=CONTENT, actor=actor),
        lambda: plan_submit(plan=draft, actor=actor),
    ):
        with pytest.raises(Refused) as error:
            act()
        assert error.value.code == "not_manager"
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert (AuditEntry.objects.count(), PlanVersion.objects.count()) == before
    assert not draft.__class__.objects.filter(unit=tree.library).exists()


def test_the_system_writes_a_plan_but_does_not_review_one(tree, personas, campaign):
    """A review names its reviewer (a login): the system may submit for a unit, never judge."""
    plan = plan_save_and_submit(unit=tree.college, campaign=campaign, content=CONTENT, actor=SYSTEM)
    assert plan.status == PlanStatus.SUBMITTED and plan.versions.get().submitted_by is None
    for review in (plan_approve, plan_return):
        with pytest.raises(Refused) as error:
            review(plan=plan, comment="改", actor=SYSTEM)
        assert error.value.code == "not_reviewer"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and not Decision.objects.exists()


def test_approved_plan_cannot_be_edited_or_resubmitted(tree, draft, personas, campaign):
    plan_submit(plan=draft, actor=personas.chair)
    plan_approve(plan=draft, actor=personas.office)
    with pytest.raises(PlanError) as error:
        plan_save_draft(unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.chair)
    assert error.value.code == "already_approved"
    with pytest.raises(PlanError):
        plan_submit(plan=draft, actor=personas.chair)


def test_submitted_plan_cannot_be_edited(tree, draft, personas, campaign):
    plan_submit(plan=draft, actor=personas.chair)
    with pytest.raises(PlanError) as error:
        plan_save_draft(unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.chair)
    assert error.value.code == "under_review"


def test_upload_docx_instead_of_text_and_file_carries_into_next_version(tree, personas, campaign):
    upload = PlanUpload(name="方案.docx", content=io.BytesIO(docx_bytes()))
    plan = plan_save_and_submit(
        unit=tree.college, campaign=campaign, content=PlanContent(), upload=upload, actor=personas.chair
    )
    assert plan.status == PlanStatus.SUBMITTED
    plan_return(plan=plan, comment="请补充", actor=personas.office)
    plan_save_draft(
        unit=tree.college, campaign=campaign, content=PlanContent(goals="补充"), actor=personas.chair
    )
    v1, v2 = plan.versions.order_by("number")
    assert v2.file.name == v1.file.name and v2.file_name == "方案.docx"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("方案.xlsx", b"PK\x03\x04not really a zip", "forbidden_type"),
        ("方案.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "forbidden_type"),
        ("方案.docx", b"%PDF-1.4 fake", "type_mismatch"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(tree, personas, campaign, name, content, code):
    with pytest.raises(PlanError) as error:
        plan_save_draft(
            unit=tree.college,
            campaign=campaign,
            content=CONTENT,
            upload=PlanUpload(name=name, content=io.BytesIO(content)),
            actor=personas.chair,
        )
    assert error.value.code == code
    assert error.value.field == "file"
    assert not PlanVersion.objects.exists()


def test_responsible_members_must_belong_to_the_unit(tree, personas, campaign):
    outsider = personas.sibling_chair.memberships.get()
    with pytest.raises(PlanError) as error:
        plan_save_draft(
            unit=tree.college,
            campaign=campaign,
            content=PlanContent(goals="g", responsible_members=(outsider,)),
            actor=personas.chair,
        )
    assert error.value.code == "bad_responsible"


def test_evidence_provider_mirrors_the_plan_status(tree, personas, campaign):
    evidence = PlanEvidence()
    assert evidence.mirrored_status(unit=tree.college, campaign=campaign) == "not_started"
    assert evidence.options(unit=tree.college, campaign=campaign) == []
    plan = plan_save_draft(unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.chair)
    assert evidence.mirrored_status(unit=tree.college, campaign=campaign) == "in_progress"
    plan_submit(plan=plan, actor=personas.chair)
    assert evidence.mirrored_status(unit=tree.college, campaign=campaign) == "submitted"
    plan_return(plan=plan, comment="改", actor=personas.office)
    assert evidence.mirrored_status(unit=tree.college, campaign=campaign) == "returned"
    plan_save_and_submit(unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.chair)
    plan_approve(plan=plan, actor=personas.office)
    assert evidence.mirrored_status(unit=tree.college, campaign=campaign) == "done"
    [option] = evidence.options(unit=tree.college, campaign=campaign)
    assert option.key == f"plans.unitplan:{plan.pk}"


def test_provider_is_registered():
    from chuangxian.assignments.evidence import EvidenceKind, provider_for

    assert isinstance(provider_for(EvidenceKind.PLAN), PlanEvidence)


def test_removing_the_uploaded_file(tree, personas, campaign):
    upload = PlanUpload(name="方案.pdf", content=io.BytesIO(b"%PDF-1.4\n" + b"0" * 50))
    plan = plan_save_draft(
        unit=tree.college, campaign=campaign, content=CONTENT, upload=upload, actor=personas.chair
    )
    assert plan.versions.get().file_name == "方案.pdf"
    plan_save_draft(
        unit=tree.college, campaign=campaign, content=CONTENT, remove_file=True, actor=personas.chair
    )
    version = plan.versions.get()
    assert (version.file.name, version.file_name) == ("", "")
