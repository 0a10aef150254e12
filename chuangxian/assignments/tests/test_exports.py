"""A unit's task list as an Excel export (issue 13): its rows, who may run it, a bounded query count."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import task_create, tasks_create_defaults
from chuangxian.assignments.tests.factories import PHASE1_DAY
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    rows,
    run_url,
)

pytestmark = pytest.mark.usefixtures("providers")


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def params(tree, campaign):
    return {"unit": tree.college.pk, "campaign": campaign.pk}


@time_machine.travel(PHASE1_DAY)
def test_unit_tasks_export_lists_the_units_tasks(tree, personas, campaign, params):
    tasks_create_defaults(campaign=campaign, actor=personas.office)
    listed = rows(export_file(personas.chair, "assignments.unit_tasks", params).content)
    expected = UnitTask.objects.filter(tenant_id=tree.tenant.pk, unit=tree.college, task__campaign=campaign)
    assert sorted(r[1] for r in listed) == sorted(expected.values_list("task__title", flat=True))
    first = next(r for r in listed if r[1] == "召开动员大会")
    assert first[2].date() == date(2010, 12, 31) and first[3] == "未开始"
    assert first[4] == "学院主席" and first[5] == personas.chair_row.staff_no


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_unit_tasks_export_is_refused_to_who_may_not_see_the_list(tree, personas, campaign, params, persona):
    assert_refused(getattr(personas, persona), "assignments.unit_tasks", params)


def test_unit_tasks_export_url_and_link(client, tree, personas, campaign, params):
    client.force_login(personas.chair)
    page = client.get(reverse("assignments:unit_tasks", args=[tree.college.pk])).content.decode()
    link = f"{run_url('assignments.unit_tasks')}?unit={tree.college.pk}&amp;campaign={campaign.pk}"
    assert_link_gives_the_file(client, page, link)
    assert_refused(personas.sibling_chair, "assignments.unit_tasks", params, client=client, status=(403,))


@pytest.mark.parametrize("n", [2, 30])
def test_unit_tasks_export_query_count_does_not_grow(
    tree, personas, campaign, params, django_assert_max_num_queries, n
):
    phase = campaign.phases.get(order=1)
    for i in range(n):
        task_create(campaign=campaign, phase=phase, title=f"任务{i}", actor=personas.office)
    result = export_in_queries(
        django_assert_max_num_queries, 12, personas.chair, "assignments.unit_tasks", params
    )
    assert result.rows == n
