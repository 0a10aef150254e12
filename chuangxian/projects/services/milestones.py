"""A project's milestones: adding, editing, completing and reopening them."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.projects.models import Milestone, Project
from chuangxian.projects.services._common import ProjectError, _locked_project


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
