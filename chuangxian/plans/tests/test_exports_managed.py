"""The chairs' own plans page (我负责的单位) as an export: ``plans.office_list`` with
``scope=managed`` lists the units whose plan the actor writes; refused to whom manages none or names
a unit they do not manage; the page's link; a query count that does not grow with units."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import make_unit
from chuangxian.plans.services import plan_submit

pytestmark = pytest.mark.usefixtures("phase1")
NAME = "plans.office_list"


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True))


def _mine(campaign, **extra):
    return {"campaign": campaign.pk, "scope": "managed", **extra}


def test_managed_export_lists_the_chairs_own_units(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    result = export_run(actor=personas.chair, name=NAME, fmt="xlsx", params=_mine(campaign))
    assert isinstance(result, ExportFile)
    assert [r[:4] for r in _rows(result.content)] == [("文学与传播学院", "二级学院", "待审核", 1)]
    assert result.filename.startswith("我负责的单位的工会活动方案")


def test_managed_export_for_a_liaison_and_a_named_unit(tree, personas, campaign):
    result = export_run(
        actor=personas.liaison, name=NAME, fmt="xlsx", params=_mine(campaign, unit=tree.college.pk)
    )
    assert isinstance(result, ExportFile)
    assert [r[0] for r in _rows(result.content)] == ["文学与传播学院"]


@pytest.mark.parametrize("persona", ["member", "leader", "other_office"])
def test_managed_export_is_refused_to_who_manages_no_unit(tree, personas, campaign, persona):
    with pytest.raises(Refused):
        export_run(actor=getattr(personas, persona), name=NAME, fmt="xlsx", params=_mine(campaign))


def test_managed_export_is_refused_for_a_unit_not_managed(tree, personas, campaign):
    for unit in (tree.sibling, tree.other_unit):
        with pytest.raises(Refused):
            export_run(actor=personas.chair, name=NAME, fmt="xlsx", params=_mine(campaign, unit=unit.pk))


def test_managed_export_link_on_the_chairs_page(client, tree, personas, campaign):
    url = reverse("exports:run", args=[NAME, "xlsx"])
    link = f"{url}?campaign={campaign.pk}&amp;scope=managed"
    client.force_login(personas.chair)
    assert link in client.get(reverse("plans:index")).content.decode()
    assert client.get(url, _mine(campaign)).status_code == 200
    client.force_login(personas.member)
    assert link not in client.get(reverse("plans:index")).content.decode()
    assert client.get(url, _mine(campaign)).status_code == 403


@pytest.mark.parametrize("n", [1, 30])
def test_managed_export_query_count_does_not_grow(
    tree, personas, campaign, draft, django_assert_max_num_queries, n
):
    chair = personas.chair_row
    for i in range(n):
        role_grant(
            member=chair, unit=make_unit(tree.tenant, f"部门{i}", tree.root), role="chair", actor=SYSTEM
        )
    actor = type(personas.chair).objects.get(pk=personas.chair.pk)  # its roles not yet cached
    with django_assert_max_num_queries(8):
        result = export_run(actor=actor, name=NAME, fmt="xlsx", params=_mine(campaign))
    assert isinstance(result, ExportFile) and result.rows == n + 1
