"""The office's units × tasks matrix of a phase, and a unit's own progress.

Query count is bounded whatever the number of units: tasks (1), unit tasks with unit and
responsible (1), reopenings (1), latest reminders (1), plus one bulk call per evidence provider.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max

from chuangxian.assignments.models import Task, TaskStatus
from chuangxian.assignments.selectors import (
    UnitTaskRow,
    unit_task_list_for_unit,
    unit_task_rows,
    unit_tasks_for_phase,
)
from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.orgs.models import Unit
from chuangxian.supervision.models import Reminder


@dataclass
class Cell:
    row: UnitTaskRow
    reminded_at: datetime | None = None

    @property
    def can_remind(self) -> bool:
        return self.row.status.base not in (TaskStatus.DONE, TaskStatus.SUBMITTED) and (
            self.row.unit_task.responsible_id is not None
        )


@dataclass
class Tally:
    total: int = 0
    done: int = 0
    submitted: int = 0
    overdue: int = 0

    def add(self, row: UnitTaskRow) -> None:
        self.total += 1
        self.done += row.status.base == TaskStatus.DONE
        self.submitted += row.status.base == TaskStatus.SUBMITTED
        self.overdue += row.status.overdue


@dataclass
class MatrixRow:
    unit: Unit
    cells: list[Cell | None]
    tally: Tally = field(default_factory=Tally)


@dataclass
class MatrixColumn:
    task: Task
    tally: Tally = field(default_factory=Tally)


@dataclass
class Matrix:
    phase: Phase
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    tally: Tally


def supervision_matrix(campaign: Campaign, phase: Phase, *, category: str = "") -> Matrix:
    tasks = list(
        Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign, phase=phase).order_by(
            "order", "id"
        )
    )
    columns = [MatrixColumn(task=t) for t in tasks]
    index = {t.pk: i for i, t in enumerate(tasks)}
    unit_tasks = unit_tasks_for_phase(campaign, phase, category=category)
    reminded = (
        dict(
            Reminder.objects.filter(tenant_id=campaign.tenant_id, unit_task__in=[ut.pk for ut in unit_tasks])
            .values("unit_task_id")
            .annotate(last=Max("created_at"))
            .values_list("unit_task_id", "last")
        )
        if unit_tasks
        else {}
    )
    rows: dict[int, MatrixRow] = {}
    total = Tally()
    for row in unit_task_rows(unit_tasks, campaign):
        matrix_row = rows.get(row.unit_task.unit_id)
        if matrix_row is None:
            matrix_row = rows[row.unit_task.unit_id] = MatrixRow(unit=row.unit, cells=[None] * len(tasks))
        position = index[row.unit_task.task_id]
        matrix_row.cells[position] = Cell(row=row, reminded_at=reminded.get(row.unit_task.pk))
        matrix_row.tally.add(row)
        columns[position].tally.add(row)
        total.add(row)
    return Matrix(phase=phase, columns=columns, rows=list(rows.values()), tally=total)


def unit_progress(unit: Unit, campaign: Campaign) -> tuple[list[UnitTaskRow], Tally]:
    rows = unit_task_list_for_unit(unit, campaign)
    tally = Tally()
    for row in rows:
        tally.add(row)
    return rows, tally


def phase_ids_with_tasks(campaign: Campaign) -> set[int]:
    """The phases of ``campaign`` that have at least one task (one query)."""
    return set(
        Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).values_list(
            "phase_id", flat=True
        )
    )
