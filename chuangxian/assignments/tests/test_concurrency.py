"""Two office staff approve the same submission at the same moment: it is reviewed once.

The unit task row is locked (SELECT … FOR UPDATE) and its status checked under the lock; SQLite
serialises writers anyway, so the race is only meaningful, and only run, on PostgreSQL.
"""

import io
import threading
import time
from functools import partial

import time_machine
from django.db import transaction

from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.assignments.services import (
    task_create,
    task_delete,
    unit_task_review,
    unit_task_start,
    unit_task_submit,
)
from chuangxian.assignments.tests.factories import PDF, PHASE1_DAY
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.tests.factories import make_campaign
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


@time_machine.travel(PHASE1_DAY)
def test_two_simultaneous_reviews_apply_once(tree, personas, providers):
    campaign = make_campaign(tree.tenant)
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    unit_task = UnitTask.objects.get(task=task, unit=tree.college)
    unit_task_submit(
        unit_task=unit_task, document=io.BytesIO(PDF), document_name="a.pdf", actor=personas.chair
    )
    outcomes: list[str] = []

    def review(approve: bool) -> None:
        unit_task_review(unit_task=unit_task, approve=approve, comment="请补充", actor=personas.office)

    approve = recording(outcomes, partial(review, True), ok="approved")
    return_ = recording(outcomes, partial(review, False), ok="returned")
    assert run_together(approve, return_) == []
    assert "not_submitted" in outcomes and len(outcomes) == 2
    final = UnitTask.objects.get(pk=unit_task.pk).status
    assert final == (TaskStatus.DONE if "approved" in outcomes else TaskStatus.RETURNED)
    assert (
        AuditEntry.objects.filter(
            action__in=["assignments.unit_task.approved", "assignments.unit_task.returned"]
        ).count()
        == 1
    )


@time_machine.travel(PHASE1_DAY)
def test_a_unit_starting_while_the_task_is_deleted_keeps_its_work(tree, personas, providers):
    """The deletion waits for the unit's open transaction and then refuses: never both."""
    campaign = make_campaign(tree.tenant)
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    unit_task = UnitTask.objects.get(task=task, unit=tree.college)
    locked = threading.Event()
    outcomes: list[str] = []

    def start() -> None:
        with transaction.atomic():
            unit_task_start(unit_task=unit_task, actor=personas.chair)
            locked.set()
            time.sleep(1)  # the deletion runs now, while this transaction holds its row
        outcomes.append("started")

    def delete() -> None:
        locked.wait(5)
        task_delete(task=task, actor=personas.office)

    assert run_together(start, recording(outcomes, delete, ok="deleted")) == []
    assert sorted(outcomes) == ["started", "task_in_use"]
    assert UnitTask.objects.get(pk=unit_task.pk).status == TaskStatus.IN_PROGRESS
