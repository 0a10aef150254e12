"""The supervision matrix as an Excel export (issue 13): units × tasks with statuses, for the office
only, the page's link, a query count that does not grow with units."""

import pytest
import time_machine
from django.urls import reverse

from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.assignments.services import tasks_create_defaults
from chuangxian.assignments.tests.factories import PHASE1_DAY
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
    run_url,
)
from chuangxian.supervision.tests.test_supervision import _grow

pytestmark = pytest.mark.usefixtures("providers")


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def tasks(campaign, personas):
    return {t.code: t for t in tasks_create_defaults(campaign=campaign, actor=personas.office)}


def _params(campaign, **extra):
    return {"campaign": campaign.pk, "phase": campaign.phases.get(order=1).pk, **extra}


def test_matrix_export_has_a_column_per_task_and_the_statuses(tree, personas, campaign, tasks):
    UnitTask.objects.filter(task=tasks["mobilisation_meeting"], unit=tree.college).update(
        status=TaskStatus.DONE
    )
    with time_machine.travel("2011-01-02 10:00 +0800"):
        result = export_file(personas.office, "supervision.matrix", _params(campaign))
    titles = header(result.content)
    assert titles[:2] == ("单位", "类别") and titles[-1] == "逾期任务数"
    assert len(titles) == 2 + 3 + 1 and titles[2].startswith(tasks["mobilisation_meeting"].title)
    college = {r[0]: r for r in rows(result.content)}["文学与传播学院"]
    assert college[2] == "已完成" and college[3].startswith("逾期") and college[-1] == 2


def test_matrix_export_keeps_the_category_filter(tree, personas, campaign, tasks):
    params = _params(campaign, category="support")
    assert [r[0] for r in rows(export_file(personas.office, "supervision.matrix", params).content)] == [
        "图书馆"
    ]


@pytest.mark.parametrize("persona", ["chair", "sibling_chair", "leader", "member", "other_office"])
def test_matrix_export_is_refused_to_all_but_the_schools_office(tree, personas, campaign, tasks, persona):
    assert_refused(getattr(personas, persona), "supervision.matrix", _params(campaign))


def test_matrix_export_refuses_another_schools_campaign(tree, personas, campaign, tasks):
    other = make_campaign(tree.other_tenant)
    assert_refused(personas.office, "supervision.matrix", _params(other))


def test_matrix_export_url_and_link(client, tree, personas, campaign, tasks):
    phase = campaign.phases.get(order=1)
    client.force_login(personas.office)
    with time_machine.travel(PHASE1_DAY):
        page = client.get(reverse("supervision:index"), {"campaign": campaign.pk}).content.decode()
    link = f"{run_url('supervision.matrix')}?campaign={campaign.pk}&amp;phase={phase.pk}&amp;category="
    assert_link_gives_the_file(client, page, link)
    assert_refused(personas.chair, "supervision.matrix", _params(campaign), client=client, status=(403,))


@pytest.mark.parametrize("extra_units", [2, 60])
def test_matrix_export_query_count_does_not_grow(
    tree, personas, campaign, tasks, extra_units, django_assert_max_num_queries
):
    _grow(tree, campaign, personas, extra_units)
    result = export_in_queries(
        django_assert_max_num_queries, 8, personas.office, "supervision.matrix", _params(campaign)
    )
    assert len(rows(result.content)) == 3 + extra_units
