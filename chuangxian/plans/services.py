"""Every write to unit plans: draft, submit, approve, return. Submitted versions are immutable.

Each function decides itself who may act (``permissions``): the unit's managers (chair, liaison, an
officer above them, the office, the system) write and submit; a person of the office reviews. A
refusal is ``core.errors.Refused`` ('not_manager', 'not_reviewer'), raised before anything changes.
Whether the plan may move (draft → submitted → approved / returned → draft...) is the shared review
cycle's answer (``PLAN_CYCLE``), which also records the office's decisions (``review.Decision``).
"""

from dataclasses import dataclass, field
from typing import IO

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, PhaseAction, Theme
from chuangxian.campaigns.services import phase_require_open
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.attachments import discard, store
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.files import FileKind, file_check
from chuangxian.core.roles import OFFICER_ROLES, Role
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, RoleAssignment, Unit
from chuangxian.plans.models import PlanStatus, PlanVersion, UnitPlan
from chuangxian.plans.permissions import can_edit_plan, can_review_plans
from chuangxian.review.cycle import ReviewCycle
from chuangxian.review.models import Decision

TEXT_FIELDS = ("goals", "measures", "project", "schedule", "responsible")
PLAN_FILE_KINDS = ("docx", "pdf")


class PlanError(DomainError):
    pass


# The plan's review cycle (``review.cycle``): a draft is submitted, the office approves it or returns
# it; a returned plan is revised as the next version's draft (returned → draft) and submitted again.
PLAN_CYCLE = ReviewCycle(
    statuses=PlanStatus,
    noun=gettext_lazy("方案"),
    drafts=(PlanStatus.DRAFT,),
    submitted=PlanStatus.SUBMITTED,
    approved=PlanStatus.APPROVED,
    returned=PlanStatus.RETURNED,
    error=PlanError,
    more={PlanStatus.RETURNED: (PlanStatus.DRAFT,)},
    edit_refusals={
        PlanStatus.SUBMITTED: ("under_review", gettext_lazy("方案已提交，正在审核中，暂时不能修改。")),
        PlanStatus.APPROVED: ("already_approved", gettext_lazy("方案已审核通过，不能再修改。")),
    },
    submit_refusals={
        PlanStatus.SUBMITTED: ("not_draft", gettext_lazy("方案已经提交，正在审核中。")),
        PlanStatus.APPROVED: ("not_draft", gettext_lazy("方案已审核通过，无需再次提交。")),
        PlanStatus.RETURNED: ("not_draft", gettext_lazy("方案被退回后，请先按审核意见修改，再重新提交。")),
    },
    not_submitted=("not_submitted", gettext_lazy("只有已提交、待审核的方案才能审核。")),
    comment_required=gettext_lazy("退回方案时请写明修改意见。"),
)


@dataclass(frozen=True)
class PlanContent:
    """What a unit writes. ``responsible_members`` are roster rows of the unit's subtree."""

    goals: str = ""
    measures: str = ""
    theme: Theme | None = None
    project: str = ""
    schedule: str = ""
    responsible: str = ""
    responsible_members: tuple[Member, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PlanUpload:
    name: str
    content: IO[bytes]


def _check_content(*, plan: UnitPlan, content: PlanContent, upload: PlanUpload | None) -> FileKind | None:
    """Refuse a bad theme, responsible member or file; the checked file's kind, if one came."""
    if content.theme is not None and content.theme.campaign_id != plan.campaign_id:
        raise PlanError(code="bad_theme", message=_("所选主题实践活动不属于本次创先活动。"), field="theme")
    for member in content.responsible_members:
        if member.tenant_id != plan.tenant_id or not member.unit.path.startswith(plan.unit.path):
            raise PlanError(
                code="bad_responsible",
                message=_("责任人「%(name)s」不是本单位的会员。") % {"name": member.name},
                field="responsible_members",
            )
    if upload is None:
        return None
    try:
        return file_check(upload.content, name=upload.name, allowed=PLAN_FILE_KINDS)
    except DomainError as error:
        raise PlanError(code=error.code, message=error.message, field="file") from error


def _require_editor(actor: Actor, unit: Unit) -> None:
    """Raises Refused 'not_manager' unless ``actor`` may write and submit the unit's plan."""
    if not can_edit_plan(actor, unit):
        raise Refused(
            _("只有「%(unit)s」的主席、联络员或学校工会可以填写和提交本单位的工会活动方案。")
            % {"unit": unit.name},
            code="not_manager",
        )


def _plan_for_update(*, unit: Unit, campaign: Campaign) -> UnitPlan:
    """The unit's plan row, locked; created (with an empty version 1) when it does not exist yet."""
    plan = (
        UnitPlan.objects.select_for_update()
        .filter(tenant_id=unit.tenant_id, campaign=campaign, unit=unit)
        .first()
    )
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            plan = UnitPlan.objects.create(tenant_id=unit.tenant_id, campaign=campaign, unit=unit)
            PlanVersion.objects.create(tenant_id=unit.tenant_id, plan=plan, number=1)
    except IntegrityError:  # created concurrently: use theirs
        pass
    return UnitPlan.objects.select_for_update().get(tenant_id=unit.tenant_id, campaign=campaign, unit=unit)


def _current_version(plan: UnitPlan) -> PlanVersion:
    return PlanVersion.objects.get(tenant_id=plan.tenant_id, plan=plan, number=plan.current_number)


@transaction.atomic
def plan_save_draft(
    *,
    unit: Unit,
    campaign: Campaign,
    content: PlanContent,
    upload: PlanUpload | None = None,
    remove_file: bool = False,
    actor: Actor,
) -> UnitPlan:
    """Save the unit's working version of its plan.

    A new plan starts at version 1. After a return the submitted version stays as it was and a new
    draft version is written (it starts from the returned text, which the form shows prefilled).
    Locks the plan row. Raises Refused 'not_manager' (see ``permissions.can_edit_plan``), PlanError
    'wrong_tenant', 'under_review', 'already_approved', 'bad_theme', 'bad_responsible', or a
    file-check code ('too_large', 'forbidden_type', 'bad_extension', 'type_mismatch', 'empty').
    """
    _require_editor(actor, unit)  # before the plan row is created for the unit
    if unit.tenant_id != campaign.tenant_id:
        raise PlanError(code="wrong_tenant", message=_("该单位不属于本校。"))
    plan = _plan_for_update(unit=unit, campaign=campaign)
    PLAN_CYCLE.require_editable(plan)
    kind = _check_content(plan=plan, content=content, upload=upload)
    version = _current_version(plan)
    if version.submitted_at is not None:  # returned: keep it, write the next version
        previous = version
        version = PlanVersion(
            tenant_id=plan.tenant_id,
            plan=plan,
            number=previous.number + 1,
            file=previous.file.name,
            file_name=previous.file_name,
        )
        plan.current_number = version.number
        PLAN_CYCLE.move(plan, PlanStatus.DRAFT)
    for name in TEXT_FIELDS:
        setattr(version, name, getattr(content, name).strip())
    version.theme = content.theme
    version.responsible_members = [[m.pk, m.name] for m in content.responsible_members]
    if (remove_file or upload is not None) and version.file:
        # A returned plan's next version starts with the same stored file: it goes (after commit)
        # only when no other version still shows it.
        shared = PlanVersion.objects.filter(tenant_id=plan.tenant_id, file=version.file.name).exclude(
            pk=version.pk
        )
        if not shared.exists():
            discard(version.file)
    if remove_file or upload is not None:
        version.file = None
        version.file_name = ""
    if upload is not None and kind is not None:
        store(version.file, upload.content, name=upload.name, allowed=PLAN_FILE_KINDS)
        version.file_name = upload.name[:200]
    version.save()
    plan.save(update_fields=["current_number", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.plan.draft_saved",
        target=plan,
        unit=unit,
        data={"version": version.number, "file": version.file_name},
    )
    return plan


@transaction.atomic
def plan_submit(*, plan: UnitPlan, actor: Actor) -> UnitPlan:
    """Submit the working version for review, inside the phase window for unit plans.

    Locks the plan row. Raises Refused 'not_manager', PhaseClosedError ('phase_closed',
    'phase_not_started', ...) with the date the window closed, or PlanError 'not_draft', 'empty'.
    Tells the office after commit.
    """
    plan = (
        UnitPlan.objects.select_for_update()
        .select_related("unit", "campaign")
        .get(pk=plan.pk, tenant_id=plan.tenant_id)
    )
    _require_editor(actor, plan.unit)
    PLAN_CYCLE.submit(plan)  # refuses 'not_draft' before the phase and the content are checked
    phase_require_open(campaign=plan.campaign, action=PhaseAction.UNIT_PLAN, unit=plan.unit)
    version = _current_version(plan)
    if not version.file and not (version.goals and version.measures):
        raise PlanError(
            code="empty", message=_("请填写「目标」和「措施」，或上传方案文件（Word 或 PDF）后再提交。")
        )
    version.submitted_at = clock.now()
    version.submitted_by = login_of(actor)  # None: the system submitted
    version.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.plan.submitted",
        target=plan,
        unit=plan.unit,
        data={"version": version.number},
    )
    office = Member.objects.filter(
        tenant_id=plan.tenant_id,
        pk__in=RoleAssignment.objects.filter(tenant_id=plan.tenant_id, role=Role.OFFICE).values("member_id"),
    )
    notify(
        tenant_id=plan.tenant_id,
        recipients=office,
        kind="plans.submitted",
        title=_("「%(unit)s」提交了工会活动方案（第%(n)s版），请审核")
        % {"unit": plan.unit.name, "n": version.number},
        url=reverse("plans:detail", args=[plan.pk]),
        key=f"plan-submitted:{version.pk}",
        email=False,
    )
    return plan


@transaction.atomic
def plan_save_and_submit(
    *,
    unit: Unit,
    campaign: Campaign,
    content: PlanContent,
    upload: PlanUpload | None = None,
    remove_file: bool = False,
    actor: Actor,
) -> UnitPlan:
    """Save and submit in one transaction: when the submission is refused, nothing is saved."""
    plan = plan_save_draft(
        unit=unit, campaign=campaign, content=content, upload=upload, remove_file=remove_file, actor=actor
    )
    return plan_submit(plan=plan, actor=actor)


def _review(*, plan: UnitPlan, approve: bool, comment: str, actor: Actor) -> Decision:
    plan = (
        UnitPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk, tenant_id=plan.tenant_id)
    )
    # A review names its reviewer (a login): the system is refused with the others.
    if not isinstance(actor, User) or not can_review_plans(actor, plan.tenant_id):
        raise Refused(_("只有学校工会（创先办）可以审核方案。"), code="not_reviewer")
    version = _current_version(plan)
    decision = PLAN_CYCLE.decide(plan, approve=approve, comment=comment, actor=actor, number=version.number)
    comment = decision.comment
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=f"plans.plan.{plan.status}",
        target=plan,
        unit=plan.unit,
        data={"version": version.number, "comment": comment},
    )
    officers = Member.objects.filter(
        tenant_id=plan.tenant_id,
        pk__in=RoleAssignment.objects.filter(
            tenant_id=plan.tenant_id, unit=plan.unit, role__in=OFFICER_ROLES
        ).values("member_id"),
    )
    if approve:
        title = _("「%(unit)s」的工会活动方案已审核通过") % {"unit": plan.unit.name}
    else:
        title = _("「%(unit)s」的工会活动方案被退回，请修改后重新提交") % {"unit": plan.unit.name}
    notify(
        tenant_id=plan.tenant_id,
        recipients=officers,
        kind=f"plans.{plan.status}",
        title=title,
        body=comment,
        url=reverse("plans:detail", args=[plan.pk]),
        key=f"plan-decision:{decision.pk}",
    )
    return decision


@transaction.atomic
def plan_approve(*, plan: UnitPlan, comment: str = "", actor: Actor) -> Decision:
    """The office approves the submitted version. Locks the plan row; notifies chair and liaison.

    Raises Refused 'not_reviewer', PlanError 'not_submitted'.
    """
    return _review(plan=plan, approve=True, comment=comment, actor=actor)


@transaction.atomic
def plan_return(*, plan: UnitPlan, comment: str, actor: Actor) -> Decision:
    """The office returns the submitted version with a comment; the unit's text stays as it was.

    Raises Refused 'not_reviewer', PlanError 'not_submitted', 'comment_required'.
    """
    return _review(plan=plan, approve=False, comment=comment, actor=actor)
