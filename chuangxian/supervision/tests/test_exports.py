"""The supervision matrix as an Excel export (issue 13): units × tasks with statuses, for the office
only, the page's link, a query count that does not grow with units."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.assignments.services import tasks_create_defaults
from chuangxian.assignments.tests.factories import PHASE1_DAY
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
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


def _sheet(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True))


def test_matrix_export_has_a_column_per_task_and_the_statuses(tree, personas, campaign, tasks):
    UnitTask.objects.filter(task=tasks["mobilisation_meeting"], unit=tree.college).update(
        status=TaskStatus.DONE
    )
    with time_machine.travel("2011-01-02 10:00 +0800"):
        result = export_run(
            actor=personas.office, name="supervision.matrix", fmt="xlsx", params=_params(campaign)
        )
    assert isinstance(result, ExportFile)
    header, *rows = _sheet(result.content)
    assert header[:2] == ("单位", "类别") and header[-1] == "逾期任务数"
    assert len(header) == 2 + 3 + 1 and header[2].startswith(tasks["mobilisation_meeting"].title)
    college = {r[0]: r for r in rows}["文学与传播学院"]
    assert college[2] == "已完成" and college[3].startswith("逾期") and college[-1] == 2


def test_matrix_export_keeps_the_category_filter(tree, personas, campaign, tasks):
    params = _params(campaign, category="support")
    result = export_run(actor=personas.office, name="supervision.matrix", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [r[0] for r in _sheet(result.content)[1:]] == ["图书馆"]


@pytest.mark.parametrize("persona", ["chair", "sibling_chair", "leader", "member", "other_office"])
def test_matrix_export_is_refused_to_all_but_the_schools_office(tree, personas, campaign, tasks, persona):
    with pytest.raises(Refused):
        export_run(
            actor=getattr(personas, persona), name="supervision.matrix", fmt="xlsx", params=_params(campaign)
        )


def test_matrix_export_refuses_another_schools_campaign(tree, personas, campaign, tasks):
    other = make_campaign(tree.other_tenant)
    with pytest.raises(Refused):
        export_run(actor=personas.office, name="supervision.matrix", fmt="xlsx", params=_params(other))


def test_matrix_export_url_and_link(client, tree, personas, campaign, tasks):
    url = reverse("exports:run", args=["supervision.matrix", "xlsx"])
    phase = campaign.phases.get(order=1)
    client.force_login(personas.office)
    with time_machine.travel(PHASE1_DAY):
        page = client.get(reverse("supervision:index"), {"campaign": campaign.pk}).content.decode()
    assert f"{url}?campaign={campaign.pk}&amp;phase={phase.pk}&amp;category=" in page
    assert client.get(url, _params(campaign)).status_code == 200
    client.force_login(personas.chair)
    assert client.get(url, _params(campaign)).status_code == 403


@pytest.mark.parametrize("extra_units", [2, 60])
def test_matrix_export_query_count_does_not_grow(
    tree, personas, campaign, tasks, extra_units, django_assert_max_num_queries
):
    _grow(tree, campaign, personas, extra_units)
    with django_assert_max_num_queries(8):
        result = export_run(
            actor=personas.office, name="supervision.matrix", fmt="xlsx", params=_params(campaign)
        )
    assert isinstance(result, ExportFile)
    assert len(_sheet(result.content)) == 1 + 3 + extra_units
