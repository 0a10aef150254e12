"""Unit tasks on the shared review cycle: each submission a version, each review a decision, and the
修改记录/对比 page for whoever may see the unit task."""

import io

import pytest
import time_machine
from django.urls import reverse

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import (
    AssignmentError,
    task_create,
    unit_task_review,
    unit_task_submit,
)
from chuangxian.assignments.services.submissions import TASK_CYCLE
from chuangxian.assignments.tests.factories import PDF, PHASE1_DAY
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import Actor
from chuangxian.review.models import Decision, Outcome
from chuangxian.review.selectors import decisions_of, revisions_of

pytestmark = pytest.mark.usefixtures("providers", "phase1_day")


@pytest.fixture
def phase1_day():
    with time_machine.travel(PHASE1_DAY, tick=False):
        yield


@pytest.fixture
def unit_task(tree, personas, phase1_day):
    campaign = make_campaign(tree.tenant)
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=personas.office
    )
    return UnitTask.objects.get(task=task, unit=tree.college)


def _submit(unit_task: UnitTask, name: str, actor: Actor) -> UnitTask:
    return unit_task_submit(unit_task=unit_task, document=io.BytesIO(PDF), document_name=name, actor=actor)


def _returned_and_resubmitted(unit_task, personas):
    _submit(unit_task, "动员大会记录.pdf", personas.chair)
    unit_task_review(unit_task=unit_task, approve=False, comment="缺少签到表", actor=personas.office)
    return _submit(unit_task, "动员大会记录（含签到表）.pdf", personas.chair)


def test_each_submission_is_a_version_and_each_review_a_decision(personas, unit_task):
    unit_task = _returned_and_resubmitted(unit_task, personas)
    unit_task_review(unit_task=unit_task, approve=True, actor=personas.office)
    first, second = revisions_of(unit_task)
    assert dict(first.fields) == {"所需材料": "文件材料", "提交的材料": "动员大会记录.pdf"}
    assert dict(second.fields)["提交的材料"] == "动员大会记录（含签到表）.pdf"
    assert second.submitted_by == personas.chair
    approved, returned = decisions_of(unit_task)
    assert (returned.decision, returned.comment, returned.number) == (Outcome.RETURNED, "缺少签到表", 1)
    assert (approved.decision, approved.reviewer, approved.number) == (Outcome.APPROVED, personas.office, 2)


def test_a_refused_review_records_nothing(personas, unit_task):
    _submit(unit_task, "a.pdf", personas.chair)
    with pytest.raises(AssignmentError) as error:
        unit_task_review(unit_task=unit_task, approve=False, comment="", actor=personas.office)
    assert error.value.code == "comment_required" and not Decision.objects.exists()
    unit_task_review(unit_task=unit_task, approve=True, actor=personas.office)
    with pytest.raises(AssignmentError) as error:
        unit_task_review(unit_task=unit_task, approve=True, actor=personas.office)
    assert error.value.code == "not_submitted" and Decision.objects.count() == 1


def test_the_cycle_is_the_tasks_table():
    assert TASK_CYCLE.can_move("not_started", "in_progress")
    assert TASK_CYCLE.can_move("returned", "submitted")
    assert TASK_CYCLE.can_move("submitted", "done")
    assert not TASK_CYCLE.can_move("done", "submitted")
    assert not TASK_CYCLE.can_move("submitted", "in_progress")


def test_history_page_compares_the_submissions(client, tree, personas, unit_task):
    unit_task = _returned_and_resubmitted(unit_task, personas)
    url = reverse("assignments:unit_task_history", args=[unit_task.pk])
    for user in (personas.chair, personas.office, personas.leader):
        client.force_login(user)
        detail = client.get(reverse("assignments:unit_task", args=[unit_task.pk])).content.decode()
        assert url in detail and "修改记录/对比" in detail
        page = client.get(url).content.decode()
        assert "第1版" in page and "第2版" in page and "缺少签到表" in page
        assert '<ins class="bg-success-subtle">（含签到表）</ins>' in page
    for user in (personas.sibling_chair, personas.other_office):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_history_page_query_count_does_not_grow_with_versions(
    client, personas, unit_task, django_assert_max_num_queries
):
    for round_ in range(4):
        _submit(unit_task, f"第{round_}稿.pdf", personas.chair)
        unit_task_review(unit_task=unit_task, approve=False, comment="再改", actor=personas.office)
    client.force_login(personas.chair)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assignments:unit_task_history", args=[unit_task.pk]))
    assert response.status_code == 200
