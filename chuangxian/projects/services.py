"""Every write to projects: the project itself, its milestones, and its dated progress updates.

All writes happen inside the campaign's window for projects (``PhaseAction.PROJECT``), unless the
office reopened it for the unit, and only by the unit's managers (``permissions.can_manage_project``,
checked here: anyone else gets ``Refused``); the nomination quota only by the office.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign, PhaseAction, Theme
from chuangxian.campaigns.services import phase_require_open
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.files import IMAGES_AND_DOCUMENTS, FileKind, file_check, stored_name
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.projects.models import (
    MAX_NOMINATION_QUOTA,
    MIN_NOMINATION_QUOTA,
    Milestone,
    PersonRole,
    Project,
    ProjectPerson,
    ProjectSettings,
    ProjectStatus,
    ProjectUpdate,
    UpdateFile,
)
from chuangxian.projects.permissions import can_configure_projects, can_create_project, can_manage_project
from chuangxian.projects.selectors import nomination_counts, nomination_quota

PROJECT_FIELDS = ("theme", "title", "goals", "measures", "budget", "status")
MAX_FILES = 9


class ProjectError(DomainError):
    pass


@dataclass(frozen=True)
class ProjectData:
    theme: Theme
    title: str
    goals: str
    measures: str = ""
    budget: Decimal | None = None
    status: str = ProjectStatus.ACTIVE
    responsible: tuple[Member, ...] = field(default_factory=tuple)
    participants: tuple[Member, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Upload:
    name: str
    content: IO[bytes]


def _not_manager() -> Refused:
    return Refused(_("只有本单位的主席、联络员或学校工会可以编辑项目。"), code="forbidden")


def _require_creator(actor: Actor, unit: Unit) -> None:
    if not can_create_project(actor, unit):
        raise _not_manager()


def _require_manager(actor: Actor, project: Project) -> None:
    if not can_manage_project(actor, project):
        raise _not_manager()


def _require_open(campaign: Campaign, unit: Unit) -> None:
    phase_require_open(campaign=campaign, action=PhaseAction.PROJECT, unit=unit)


def _check(*, unit: Unit, campaign: Campaign, data: ProjectData) -> None:
    """Raises ProjectError 'wrong_tenant', 'bad_theme', 'title_required', 'goals_required',
    'bad_budget', 'bad_status', 'responsible_required', 'person_outside'."""
    if unit.tenant_id != campaign.tenant_id:
        raise ProjectError(code="wrong_tenant", message=_("该单位不属于本校。"))
    if data.theme.campaign_id != campaign.pk:
        raise ProjectError(code="bad_theme", message=_("所选主题实践活动不属于本次创先活动。"), field="theme")
    if not data.title.strip():
        raise ProjectError(code="title_required", message=_("请填写项目名称。"), field="title")
    if not data.goals.strip():
        raise ProjectError(code="goals_required", message=_("请填写项目目标。"), field="goals")
    if data.budget is not None and data.budget < 0:
        raise ProjectError(code="bad_budget", message=_("预算不能是负数；没有预算请留空。"), field="budget")
    if data.status not in ProjectStatus.values:
        raise ProjectError(code="bad_status", message=_("请选择项目状态。"), field="status")
    if not data.responsible:
        raise ProjectError(
            code="responsible_required", message=_("请至少选择一位责任人。"), field="responsible"
        )
    for name, people in (("responsible", data.responsible), ("participants", data.participants)):
        for member in people:
            if (
                member.tenant_id != unit.tenant_id
                or member.status != MemberStatus.ACTIVE
                or not member.unit.path.startswith(unit.path)
            ):
                raise ProjectError(
                    code="person_outside",
                    message=_("「%(name)s」不是本单位的在职会员，不能列入项目。") % {"name": member.name},
                    field=name,
                )


def _set_people(project: Project, data: ProjectData) -> None:
    ProjectPerson.objects.filter(tenant_id=project.tenant_id, project=project).delete()
    rows = [
        ProjectPerson(tenant_id=project.tenant_id, project=project, member=m, role=role)
        for role, people in (
            (PersonRole.RESPONSIBLE, data.responsible),
            (PersonRole.PARTICIPANT, data.participants),
        )
        for m in dict.fromkeys(people)
    ]
    ProjectPerson.objects.bulk_create(rows)


def _people_snapshot(data: ProjectData) -> dict[str, list[str]]:
    return {
        "responsible": [m.name for m in data.responsible],
        "participants": [m.name for m in data.participants],
    }


@transaction.atomic
def project_create(*, unit: Unit, campaign: Campaign, data: ProjectData, actor: Actor) -> Project:
    """Register a project of ``unit`` under one of the campaign's themes.

    Locks the unit row (so the unit's project list and the to-do item agree). Raises Refused
    'forbidden' (not a manager of the unit); ProjectError, the codes of ``_check``; PhaseClosedError
    when the project window is closed.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_creator(actor, unit)
    _require_open(campaign, unit)
    _check(unit=unit, campaign=campaign, data=data)
    project = Project.objects.create(
        tenant_id=unit.tenant_id,
        campaign=campaign,
        unit=unit,
        theme=data.theme,
        title=data.title.strip(),
        goals=data.goals.strip(),
        measures=data.measures.strip(),
        budget=data.budget,
        status=data.status,
        created_by=actor if isinstance(actor, User) else None,
    )
    _set_people(project, data)
    audit_record(
        actor=actor,
        action="projects.project.created",
        target=project,
        unit=unit,
        data={"title": project.title, "theme": data.theme.name, **_people_snapshot(data)},
    )
    return project


@transaction.atomic
def project_update(*, project: Project, data: ProjectData, actor: Actor) -> Project:
    """Change a project's fields and people. Locks the project row. Raises as ``project_create``."""
    project = (
        Project.objects.select_for_update().select_related("unit", "campaign", "theme").get(pk=project.pk)
    )
    _require_manager(actor, project)
    _require_open(project.campaign, project.unit)
    _check(unit=project.unit, campaign=project.campaign, data=data)
    before = snapshot(project, PROJECT_FIELDS)
    project.theme = data.theme
    project.title = data.title.strip()
    project.goals = data.goals.strip()
    project.measures = data.measures.strip()
    project.budget = data.budget
    project.status = data.status
    project.save()
    _set_people(project, data)
    audit_record(
        actor=actor,
        action="projects.project.updated",
        target=project,
        unit=project.unit,
        changes=diff(before, snapshot(project, PROJECT_FIELDS)),
        data=_people_snapshot(data),
    )
    return project


def _locked_project(project: Project, actor: Actor) -> Project:
    project = Project.objects.select_for_update().select_related("unit", "campaign").get(pk=project.pk)
    _require_manager(actor, project)
    _require_open(project.campaign, project.unit)
    return project


def _check_milestone(title: str, weight: int) -> None:
    if not title.strip():
        raise ProjectError(code="title_required", message=_("请填写节点名称。"), field="title")
    if weight < 1:
        raise ProjectError(code="bad_weight", message=_("权重必须是正整数（至少为 1）。"), field="weight")


@transaction.atomic
def milestone_add(*, project: Project, title: str, due_on: date, weight: int, actor: Actor) -> Milestone:
    """Add a milestone at the end. Locks the project row. Raises Refused 'forbidden'; ProjectError
    'title_required', 'bad_weight'; PhaseClosedError."""
    project = _locked_project(project, actor)
    _check_milestone(title, weight)
    last = Milestone.objects.filter(tenant_id=project.tenant_id, project=project).order_by("-order").first()
    milestone = Milestone.objects.create(
        tenant_id=project.tenant_id,
        project=project,
        title=title.strip(),
        due_on=due_on,
        weight=weight,
        order=(last.order + 1) if last else 1,
    )
    audit_record(
        actor=actor,
        action="projects.milestone.added",
        target=project,
        unit=project.unit,
        data={"milestone": milestone.title, "due_on": due_on, "weight": weight},
    )
    return milestone


def _locked_milestone(milestone: Milestone, actor: Actor) -> Milestone:
    project = _locked_project(milestone.project, actor)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk, project=project)
    milestone.project = project
    return milestone


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, title: str, due_on: date, weight: int, actor: Actor
) -> Milestone:
    """Change a milestone's title, date and weight. Raises as ``milestone_add``."""
    milestone = _locked_milestone(milestone, actor)
    _check_milestone(title, weight)
    before = snapshot(milestone, ("title", "due_on", "weight"))
    milestone.title, milestone.due_on, milestone.weight = title.strip(), due_on, weight
    milestone.save(update_fields=["title", "due_on", "weight"])
    audit_record(
        actor=actor,
        action="projects.milestone.updated",
        target=milestone.project,
        unit=milestone.project.unit,
        changes=diff(before, snapshot(milestone, ("title", "due_on", "weight"))),
        data={"milestone": milestone.title},
    )
    return milestone


@transaction.atomic
def milestone_complete(*, milestone: Milestone, actor: Actor, done_on: date | None = None) -> Milestone:
    """Mark a milestone done (today by default; not in the future). Completing twice is a no-op.

    Raises Refused 'forbidden'; ProjectError 'future_date'; PhaseClosedError.
    """
    milestone = _locked_milestone(milestone, actor)
    day = done_on or clock.today()
    if day > clock.today():
        raise ProjectError(code="future_date", message=_("完成日期不能晚于今天。"), field="done_on")
    if milestone.done_on is not None:
        return milestone
    milestone.done_on = day
    milestone.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="projects.milestone.completed",
        target=milestone.project,
        unit=milestone.project.unit,
        data={"milestone": milestone.title, "done_on": day},
    )
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone: Milestone, actor: Actor) -> Milestone:
    """Undo a completion. Raises Refused 'forbidden'; ProjectError 'not_done'; PhaseClosedError."""
    milestone = _locked_milestone(milestone, actor)
    if milestone.done_on is None:
        raise ProjectError(code="not_done", message=_("该节点尚未完成，无需撤销。"))
    milestone.done_on = None
    milestone.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="projects.milestone.reopened",
        target=milestone.project,
        unit=milestone.project.unit,
        data={"milestone": milestone.title},
    )
    return milestone


def _checked_uploads(uploads: Sequence[Upload]) -> list[tuple[Upload, FileKind, int]]:
    if len(uploads) > MAX_FILES:
        raise ProjectError(
            code="too_many_files",
            message=_("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES},
            field="attachments",
        )
    checked = []
    for upload in uploads:
        try:
            kind = file_check(upload.content, name=upload.name, allowed=IMAGES_AND_DOCUMENTS)
        except DomainError as error:
            raise ProjectError(code=error.code, message=error.message, field="attachments") from error
        upload.content.seek(0, 2)
        size = upload.content.tell()
        upload.content.seek(0)
        checked.append((upload, kind, size))
    return checked


def project_update_date_check(day: date) -> None:
    """A progress entry is dated today or earlier. Raises ProjectError 'future_date'; UpdateForm runs
    it too."""
    if day > clock.today():
        raise ProjectError(code="future_date", message=_("进展日期不能晚于今天。"), field="date")


@transaction.atomic
def project_update_add(
    *, project: Project, day: date, text: str, uploads: Sequence[Upload] = (), actor: Actor
) -> ProjectUpdate:
    """Add a dated progress entry with photos and files to the project's timeline.

    Every file is checked before anything is written, so a refused file leaves nothing saved.
    Locks the project row.
    Raises Refused 'forbidden'; ProjectError 'text_required', 'future_date', 'too_many_files', a file-check
    code ('empty', 'too_large', 'forbidden_type', 'bad_extension', 'type_mismatch');
    PhaseClosedError.
    """
    project = _locked_project(project, actor)
    if not text.strip():
        raise ProjectError(code="text_required", message=_("请填写进展情况。"), field="text")
    project_update_date_check(day)
    checked = _checked_uploads(uploads)
    author = actor if isinstance(actor, User) else None
    entry = ProjectUpdate.objects.create(
        tenant_id=project.tenant_id,
        project=project,
        date=day,
        text=text.strip(),
        author=author,
        author_name=(author.get_full_name() or author.get_username())[:150] if author else "",
    )
    for upload, kind, size in checked:
        item = UpdateFile(
            tenant_id=project.tenant_id,
            update=entry,
            original_name=upload.name[:200],
            kind=kind.code,
            size=size,
        )
        # Stored under a random name with the checked kind's extension: the user's name is a label.
        item.file.save(stored_name(kind, upload.name), File(upload.content), save=False)
        item.save()
    audit_record(
        actor=actor,
        action="projects.update.added",
        target=project,
        unit=project.unit,
        data={"date": day, "files": [u.name for u, _k, _s in checked]},
    )
    return entry


@transaction.atomic
def project_nominate(*, project: Project, actor: Actor) -> Project:
    """Nominate the project for the excellent-project selection (优秀项目评选).

    At most the campaign's nomination quota (``ProjectSettings``, default 2) per unit. Locks the project
    row, then the unit row, so that two nominations of the same unit cannot both pass the quota check,
    and reads the quota after that lock, so that a concurrent lowering (``project_settings_set``, which
    locks the same unit rows) is seen. Raises Refused 'forbidden'; ProjectError 'already_nominated',
    'draft', 'quota_full'; PhaseClosedError (the nomination window).
    """
    project = Project.objects.select_for_update().select_related("unit", "campaign").get(pk=project.pk)
    _require_manager(actor, project)
    Unit.objects.select_for_update().filter(pk=project.unit_id).first()
    phase_require_open(campaign=project.campaign, action=PhaseAction.NOMINATION, unit=project.unit)
    if project.nominated_at is not None:
        raise ProjectError(code="already_nominated", message=_("该项目已经推荐参评。"))
    if project.status == ProjectStatus.DRAFT:
        raise ProjectError(
            code="draft", message=_("筹备中的项目不能推荐参评，请先把状态改为“实施中”或“已完成”。")
        )
    nominated = list(
        Project.objects.filter(
            tenant_id=project.tenant_id,
            campaign_id=project.campaign_id,
            unit_id=project.unit_id,
            nominated_at__isnull=False,
        ).values_list("title", flat=True)
    )
    quota = nomination_quota(project.campaign)
    if len(nominated) >= quota:
        raise ProjectError(
            code="quota_full",
            message=_(
                "每个单位最多推荐 %(n)s 个项目参评，本单位已推荐：%(titles)s。如需更换，请先撤回其中一个。"
            )
            % {"n": quota, "titles": "、".join(nominated)},
        )
    project.nominated_at = clock.now()
    project.save(update_fields=["nominated_at", "updated_at"])
    audit_record(actor=actor, action="projects.project.nominated", target=project, unit=project.unit)
    return project


@transaction.atomic
def project_nomination_withdraw(*, project: Project, actor: Actor) -> Project:
    """Withdraw a nomination, inside the nomination window. Raises Refused 'forbidden'; ProjectError
    'not_nominated'; PhaseClosedError."""
    project = Project.objects.select_for_update().select_related("unit", "campaign").get(pk=project.pk)
    _require_manager(actor, project)
    phase_require_open(campaign=project.campaign, action=PhaseAction.NOMINATION, unit=project.unit)
    if project.nominated_at is None:
        raise ProjectError(code="not_nominated", message=_("该项目没有推荐参评，无需撤回。"))
    project.nominated_at = None
    project.save(update_fields=["nominated_at", "updated_at"])
    audit_record(
        actor=actor, action="projects.project.nomination_withdrawn", target=project, unit=project.unit
    )
    return project


@transaction.atomic
def project_settings_set(*, campaign: Campaign, nomination_quota: int, actor: Actor) -> ProjectSettings:
    """The office sets the campaign's nomination quota per unit (1–10).

    Lowering it below what a unit has already nominated is refused, naming those units: nominations
    are never withdrawn behind a unit's back; the unit (or the office, on the project page) withdraws
    first. Locks the settings row, then the rows of the units with nominations (the lock
    ``project_nominate`` takes), and counts under those locks. Raises Refused 'not_office';
    ProjectError 'bad_quota', 'quota_below_nominated'.
    """
    if not can_configure_projects(actor, campaign):
        raise Refused(_("只有学校工会（创先办）可以设置推荐名额。"), code="not_office")
    if not MIN_NOMINATION_QUOTA <= nomination_quota <= MAX_NOMINATION_QUOTA:
        raise ProjectError(
            code="bad_quota",
            message=_("每单位推荐名额应在 %(min)s 到 %(max)s 之间。")
            % {"min": MIN_NOMINATION_QUOTA, "max": MAX_NOMINATION_QUOTA},
            field="nomination_quota",
        )
    ProjectSettings.objects.get_or_create(tenant_id=campaign.tenant_id, campaign=campaign)
    settings = ProjectSettings.objects.select_for_update().get(
        tenant_id=campaign.tenant_id, campaign=campaign
    )
    before = settings.nomination_quota
    nominating = Project.objects.filter(
        tenant_id=campaign.tenant_id, campaign=campaign, nominated_at__isnull=False
    ).values("unit_id")
    list(
        Unit.objects.select_for_update().filter(pk__in=nominating).order_by("pk").values_list("pk", flat=True)
    )
    over = [row for row in nomination_counts(campaign) if row.count > nomination_quota]
    if over:
        raise ProjectError(
            code="quota_below_nominated",
            message=_("以下单位已推荐的项目多于 %(n)s 个：%(units)s。请先撤回多余的推荐，再调低名额。")
            % {
                "n": nomination_quota,
                "units": "、".join(
                    _("%(unit)s（%(count)s 个）") % {"unit": row.unit_name, "count": row.count}
                    for row in over
                ),
            },
            field="nomination_quota",
        )
    settings.nomination_quota = nomination_quota
    settings.save(update_fields=["nomination_quota", "updated_at"])
    audit_record(
        actor=actor,
        action="projects.settings.updated",
        target=settings,
        tenant_id=campaign.tenant_id,
        changes={"nomination_quota": [before, nomination_quota]},
    )
    return settings
