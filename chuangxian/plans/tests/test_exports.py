"""The office's plan list as an Excel export (issue 13): its rows and filters, who may run it, a
query count that does not grow with rows."""

import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.orgs.models import Unit, UnitKind
from chuangxian.orgs.tests.factories import make_unit
from chuangxian.plans.services import plan_submit

pytestmark = pytest.mark.usefixtures("phase1")


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True))


def test_plan_list_export_lists_every_unit_with_its_plan(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    result = export_run(
        actor=personas.office, name="plans.office_list", fmt="xlsx", params={"campaign": campaign.pk}
    )
    assert isinstance(result, ExportFile)
    rows = {r[0]: r for r in _rows(result.content)}
    expected = Unit.objects.filter(
        tenant_id=tree.tenant.pk, is_active=True, kind__in=(UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP)
    )
    assert set(rows) == set(expected.values_list("name", flat=True))
    college = rows["文学与传播学院"]
    assert college[2:4] == ("待审核", 1)
    assert college[4] == datetime(2010, 12, 20, 10, 0)  # local wall time
    assert rows["数学与计算机科学学院"][2:] == ("未填写", None, None)


def test_plan_list_export_keeps_the_pages_filters(tree, personas, campaign, draft):
    params = {"campaign": campaign.pk, "status": "draft"}
    result = export_run(actor=personas.office, name="plans.office_list", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [r[0] for r in _rows(result.content)] == ["文学与传播学院"]
    params = {"campaign": campaign.pk, "status": "not_started", "category": "support"}
    result = export_run(actor=personas.office, name="plans.office_list", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [r[0] for r in _rows(result.content)] == ["图书馆"]


@pytest.mark.parametrize("persona", ["chair", "leader", "member", "other_office"])
def test_plan_list_export_is_refused_to_all_but_the_office(tree, personas, campaign, persona):
    with pytest.raises(Refused):
        export_run(
            actor=getattr(personas, persona),
            name="plans.office_list",
            fmt="xlsx",
            params={"campaign": campaign.pk},
        )


def test_plan_list_export_url_and_link(client, tree, personas, campaign):
    url = reverse("exports:run", args=["plans.office_list", "xlsx"])
    client.force_login(personas.office)
    page = client.get(reverse("plans:office_list"), {"status": "draft"}).content.decode()
    assert f"{url}?campaign={campaign.pk}&amp;status=draft&amp;category=" in page
    assert client.get(url, {"campaign": campaign.pk}).status_code == 200
    client.force_login(personas.chair)
    assert client.get(url, {"campaign": campaign.pk}).status_code == 403
    client.force_login(personas.other_office)
    assert client.get(url, {"campaign": campaign.pk}).status_code == 403


@pytest.mark.parametrize("n", [2, 40])
def test_plan_list_export_query_count_does_not_grow(
    tree, personas, campaign, draft, django_assert_max_num_queries, n
):
    for i in range(n):
        make_unit(tree.tenant, f"部门{i}", tree.root)
    with django_assert_max_num_queries(10):
        result = export_run(
            actor=personas.office, name="plans.office_list", fmt="xlsx", params={"campaign": campaign.pk}
        )
    assert isinstance(result, ExportFile) and result.rows >= n
