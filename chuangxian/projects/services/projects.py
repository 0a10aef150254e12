"""A project itself: its checks, its people (responsible and participants), creating and editing it."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor, login_of
from chuangxian.orgs.models import MemberStatus, Unit
from chuangxian.projects.models import PersonRole, Project, ProjectPerson, ProjectStatus
from chuangxian.projects.services._common import (
    PROJECT_FIELDS,
    ProjectData,
    ProjectError,
    _require_creator,
    _require_manager,
    _require_open,
)


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
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
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
        created_by=login_of(actor),
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
        Project.objects.select_for_update()
        .select_related("unit", "campaign", "theme")
        .get(pk=project.pk, tenant_id=project.tenant_id)
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
