"""Two office staff approve the same submission at the same moment: it is reviewed once.

The unit task row is locked (SELECT … FOR UPDATE) and its status checked under the lock; SQLite
serialises writers anyway, so the race is only meaningful, and only run, on PostgreSQL.
"""

import io
import threading
import time

import pytest
import time_machine
from django.db import connection, connections, transaction

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
from chuangxian.core.errors import DomainError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@time_machine.travel(PHASE1_DAY)
def test_two_simultaneous_reviews_apply_once(tree, personas, providers):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    campaign = make_campaign(tree.tenant)
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    unit_task = UnitTask.objects.get(task=task, unit=tree.college)
    unit_task_submit(
        unit_task=unit_task, document=io.BytesIO(PDF), document_name="a.pdf", actor=personas.chair
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def review(approve: bool) -> None:
        try:
            barrier.wait()
            unit_task_review(unit_task=unit_task, approve=approve, comment="请补充", actor=personas.office)
            outcomes.append("approved" if approve else "returned")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=review, args=(flag,)) for flag in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    campaign = make_campaign(tree.tenant)
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    unit_task = UnitTask.objects.get(task=task, unit=tree.college)
    locked = threading.Event()
    outcomes: list[str] = []

    def start() -> None:
        try:
            with transaction.atomic():
                unit_task_start(unit_task=unit_task, actor=personas.chair)
                locked.set()
                time.sleep(1)  # the deletion runs now, while this transaction holds its row
            outcomes.append("started")
        finally:
            connections.close_all()

    def delete() -> None:
        try:
            locked.wait(5)
            task_delete(task=task, actor=personas.office)
            outcomes.append("deleted")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start), threading.Thread(target=delete)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["started", "task_in_use"]
    assert UnitTask.objects.get(pk=unit_task.pk).status == TaskStatus.IN_PROGRESS
