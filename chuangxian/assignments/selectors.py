"""Reads of tasks and unit tasks shared by the task pages, supervision and the home page.

The status a page shows is computed here, never stored: the evidence provider's mirrored status
when it has one (the unit plan follows its own review), else the unit task's stored status, shown
as 逾期 when the unit still owes work after its due date (extended by a reopening of the phase for
the unit or one of its ancestors). A task waiting for the office's review is not overdue: the unit
has done its part.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.assignments.evidence import EvidenceOption, mirrored_statuses_for, provider_for
from chuangxian.assignments.models import Task, TaskStatus, UnitTask
from chuangxian.campaigns.models import Campaign, Phase, PhaseWindowReopen
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.scope import lineage
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Unit

OVERDUE = "overdue"
OWED = frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED})
BADGE = {
    TaskStatus.NOT_STARTED: "text-bg-light border",
    TaskStatus.IN_PROGRESS: "text-bg-info",
    TaskStatus.SUBMITTED: "text-bg-primary",
    TaskStatus.RETURNED: "text-bg-warning",
    TaskStatus.DONE: "text-bg-success",
    OVERDUE: "text-bg-danger",
}


@dataclass(frozen=True)
class StatusView:
    code: str  # a TaskStatus value, or "overdue"
    base: str  # the TaskStatus value behind it (mirrored or stored)
    label: str
    base_label: str
    css: str
    overdue: bool
    mirrored: bool
    due: date

    @property
    def title(self) -> str:
        return f"{self.label} · {self.base_label}" if self.overdue else self.label


def status_for(*, stored: str, mirrored: str | None, due: date, today: date | None = None) -> StatusView:
    base = mirrored if mirrored in TaskStatus.values else stored
    labels = dict(TaskStatus.choices)
    overdue = base in OWED and (today or clock.today()) > due
    code = OVERDUE if overdue else base
    return StatusView(
        code=code,
        base=base,
        label=str(_("逾期")) if overdue else str(labels[base]),
        base_label=str(labels[base]),
        css=BADGE[code],
        overdue=overdue,
        mirrored=mirrored is not None,
        due=due,
    )


@dataclass
class UnitTaskRow:
    unit_task: UnitTask
    status: StatusView

    @property
    def task(self) -> Task:
        return self.unit_task.task

    @property
    def unit(self) -> Unit:
        return self.unit_task.unit


def reopened_until(*, tenant_id: int, phase_ids: Iterable[int]) -> dict[int, list[tuple[str, date]]]:
    """``{phase_id: [(unit_path, until), ...]}`` for the phases' active reopenings; one query."""
    found: dict[int, list[tuple[str, date]]] = {}
    rows = PhaseWindowReopen.objects.filter(
        tenant_id=tenant_id, phase_id__in=list(phase_ids), revoked_at__isnull=True
    ).values_list("phase_id", "unit__path", "until")
    for phase_id, path, until in rows:
        found.setdefault(phase_id, []).append((path, until))
    return found


def effective_due(task: Task, unit: Unit, reopenings: dict[int, list[tuple[str, date]]]) -> date:
    """The task's due date, or later when the office reopened its phase for the unit (or above it)."""
    due = task.due_on
    ancestors = set(lineage(unit.path, unit.steplen))
    for path, until in reopenings.get(task.phase_id, []):
        if path in ancestors and until > due:
            due = until
    return due


def window_refusal(unit_task: UnitTask, *, today: date | None = None) -> tuple[str, str] | None:
    """Why the unit cannot submit now, as ``(code, message)``, or None when it can.

    Submissions are open from the phase's start to the task's due date, or later until the date the
    office reopened the phase for this unit (or above it). One query (the reopenings).
    """
    task = unit_task.task
    day = today or clock.today()
    if day < task.phase.starts_on:
        return (
            "not_started",
            _("「%(task)s」要到%(phase)s阶段（%(start)s 起）才能提交。")
            % {"task": task.title, "phase": task.phase.name, "start": task.phase.starts_on.isoformat()},
        )
    reopenings = reopened_until(tenant_id=task.tenant_id, phase_ids=[task.phase_id])
    due = effective_due(task, unit_task.unit, reopenings)
    if day > due:
        return (
            "window_closed",
            _(
                "「%(task)s」的提交截止日期 %(due)s 已过。如需补交，请联系学校工会为本单位重新开放%(phase)s阶段。"
            )
            % {"task": task.title, "due": due.isoformat(), "phase": task.phase.name},
        )
    return None


def unit_task_rows(unit_tasks: list[UnitTask], campaign: Campaign) -> list[UnitTaskRow]:
    """Statuses for unit tasks (loaded with task and unit): one query for reopenings, plus the
    providers' bulk lookups of mirrored statuses (one call per evidence kind)."""
    if not unit_tasks:
        return []
    units_by_kind: dict[str, dict[int, Unit]] = {}
    for ut in unit_tasks:
        if provider_for(ut.task.evidence_kind) is not None:
            units_by_kind.setdefault(ut.task.evidence_kind, {})[ut.unit_id] = ut.unit
    mirrored = {
        kind: mirrored_statuses_for(kind, units=list(units.values()), campaign=campaign)
        for kind, units in units_by_kind.items()
    }
    reopenings = reopened_until(
        tenant_id=campaign.tenant_id, phase_ids={ut.task.phase_id for ut in unit_tasks}
    )
    today = clock.today()
    rows = []
    for ut in unit_tasks:
        status = status_for(
            stored=ut.status,
            mirrored=mirrored.get(ut.task.evidence_kind, {}).get(ut.unit_id),
            due=effective_due(ut.task, ut.unit, reopenings),
            today=today,
        )
        rows.append(UnitTaskRow(unit_task=ut, status=status))
    return rows


def _unit_tasks() -> QuerySet[UnitTask]:
    return UnitTask.objects.select_related("task", "task__phase", "unit", "responsible")


def unit_task_get(unit_task_id: int, *, actor: Actor) -> UnitTask | None:
    """The unit task of this id in the actor's tenant (any tenant's for the platform)."""
    return actor_rows(_unit_tasks(), actor).select_related("task__campaign").filter(pk=unit_task_id).first()


def unit_task_row(unit_task: UnitTask) -> UnitTaskRow:
    return unit_task_rows([unit_task], unit_task.task.campaign)[0]


def unit_task_list_for_unit(unit: Unit, campaign: Campaign) -> list[UnitTaskRow]:
    """The unit's own tasks in the campaign, by phase and order."""
    unit_tasks = list(
        _unit_tasks()
        .filter(tenant_id=unit.tenant_id, unit=unit, task__campaign=campaign)
        .order_by("task__phase__order", "task__order", "task_id")
    )
    return unit_task_rows(unit_tasks, campaign)


# What a row of many unit tasks shows (the supervision matrix, the home page's to-dos): the unit
# task's status and responsible person's name, its task's title and due date, its unit (whole: the
# evidence providers read it). Not the evidence, the review or the whole roster row of the
# responsible person, which a page of one unit task shows. ``unit_task_rows`` computes from these.
_ROW_COLUMNS = (
    "tenant_id",
    "task_id",
    "unit_id",
    "responsible_id",
    "status",
    "task__tenant_id",
    "task__phase_id",
    "task__title",
    "task__order",
    "task__due_on",
    "task__evidence_kind",
    "responsible__tenant_id",
    "responsible__name",
)


def _unit_task_rows() -> QuerySet[UnitTask]:
    return UnitTask.objects.select_related("task", "unit", "responsible").only(*_ROW_COLUMNS)


def unit_tasks_for_phase(campaign: Campaign, phase: Phase, *, category: str = "") -> list[UnitTask]:
    """Every active unit's tasks of one phase with the columns of a row (``_ROW_COLUMNS``), one
    query (supervision matrix)."""
    qs = _unit_task_rows().filter(
        tenant_id=campaign.tenant_id, task__campaign=campaign, task__phase=phase, unit__is_active=True
    )
    if category:
        qs = qs.filter(unit__category=category)
    return list(qs.order_by("unit__path", "task__order", "task_id"))


def unit_tasks_open_for(
    *, tenant_id: int, campaign: Campaign, member_id: int, unit_ids: Iterable[int]
) -> list[UnitTask]:
    """Unit tasks not yet done or submitted where the member is responsible or an officer of the unit,
    of the phases already begun (a phase-4 summary is not a to-do in phase 2), with the columns of a
    row (``_ROW_COLUMNS``)."""
    return list(
        _unit_task_rows()
        .filter(tenant_id=tenant_id, task__campaign=campaign, unit__is_active=True)
        .filter(task__phase__starts_on__lte=clock.today())
        .filter(Q(responsible_id=member_id) | Q(unit_id__in=list(unit_ids)))
        .filter(status__in=list(OWED))
        .order_by("task__due_on", "task__order")
    )


def unit_tasks_awaiting_review(*, tenant_id: int, campaign: Campaign) -> int:
    return UnitTask.objects.filter(
        tenant_id=tenant_id, task__campaign=campaign, status=TaskStatus.SUBMITTED
    ).count()


@dataclass
class TaskRow:
    task: Task
    unit_count: int = 0
    done_count: int = 0
    submitted_count: int = 0


@dataclass
class PhaseTasks:
    phase: Phase
    tasks: list[TaskRow]


def task_list_for_campaign(campaign: Campaign) -> list[PhaseTasks]:
    """The campaign's phases with their tasks and, per task, how many units have it, have done it
    and wait for review, by the status the unit pages show (a plan task follows the plan's review,
    not the unit task's stored status). Constant query count: tasks, phases, and those of
    ``unit_task_rows`` over every unit task of the campaign."""
    tasks = list(Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).order_by("order", "id"))
    rows = {task.pk: TaskRow(task=task) for task in tasks}
    unit_tasks = list(
        UnitTask.objects.filter(tenant_id=campaign.tenant_id, task__campaign=campaign).select_related(
            "task", "unit"
        )
    )
    for unit_task_row in unit_task_rows(unit_tasks, campaign):
        row = rows[unit_task_row.unit_task.task_id]
        row.unit_count += 1
        row.done_count += unit_task_row.status.base == TaskStatus.DONE
        row.submitted_count += unit_task_row.status.base == TaskStatus.SUBMITTED
    by_phase: dict[int, list[TaskRow]] = {}
    for task in tasks:
        by_phase.setdefault(task.phase_id, []).append(rows[task.pk])
    phases = Phase.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).order_by("order")
    return [PhaseTasks(phase=p, tasks=by_phase.get(p.pk, [])) for p in phases]


def task_get(tenant_id: int, task_id: int) -> Task | None:
    return Task.objects.select_related("campaign", "phase").filter(tenant_id=tenant_id, pk=task_id).first()


def evidence_options(unit_task: UnitTask) -> list[EvidenceOption]:
    provider = provider_for(unit_task.task.evidence_kind)
    if provider is None:
        return []
    return provider.options(unit=unit_task.unit, campaign=unit_task.task.campaign, task=unit_task.task)


def units_for_task(task: Task) -> QuerySet[Unit]:
    """Active units of the task's kinds and categories."""
    units = Unit.objects.filter(tenant_id=task.tenant_id, is_active=True, kind__in=list(task.unit_kinds))
    if task.categories:
        units = units.filter(category__in=list(task.categories))
    return units
