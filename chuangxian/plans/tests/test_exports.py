"""The office's plan list as an Excel export (issue 13): its rows and filters, who may run it, a
query count that does not grow with rows."""

from datetime import datetime

import pytest
from django.urls import reverse

from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    rows,
    run_url,
)
from chuangxian.orgs.models import Unit, UnitKind
from chuangxian.orgs.tests.factories import make_unit
from chuangxian.plans.services import plan_submit

pytestmark = pytest.mark.usefixtures("phase1")


def test_plan_list_export_lists_every_unit_with_its_plan(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    result = export_file(personas.office, "plans.office_list", {"campaign": campaign.pk})
    by_unit = {r[0]: r for r in rows(result.content)}
    expected = Unit.objects.filter(
        tenant_id=tree.tenant.pk, is_active=True, kind__in=(UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP)
    )
    assert set(by_unit) == set(expected.values_list("name", flat=True))
    college = by_unit["文学与传播学院"]
    assert college[2:4] == ("待审核", 1)
    assert college[4] == datetime(2010, 12, 20, 10, 0)  # local wall time
    assert by_unit["数学与计算机科学学院"][2:] == ("未填写", None, None)


def test_plan_list_export_keeps_the_pages_filters(tree, personas, campaign, draft):
    params = {"campaign": campaign.pk, "status": "draft"}
    assert [r[0] for r in rows(export_file(personas.office, "plans.office_list", params).content)] == [
        "文学与传播学院"
    ]
    params = {"campaign": campaign.pk, "status": "not_started", "category": "support"}
    assert [r[0] for r in rows(export_file(personas.office, "plans.office_list", params).content)] == [
        "图书馆"
    ]


@pytest.mark.parametrize("persona", ["chair", "leader", "member", "other_office"])
def test_plan_list_export_is_refused_to_all_but_the_office(tree, personas, campaign, persona):
    assert_refused(getattr(personas, persona), "plans.office_list", {"campaign": campaign.pk})


def test_plan_list_export_url_and_link(client, tree, personas, campaign):
    client.force_login(personas.office)
    page = client.get(reverse("plans:office_list"), {"status": "draft"}).content.decode()
    link = f"{run_url('plans.office_list')}?campaign={campaign.pk}&amp;status=draft&amp;category="
    assert_link_gives_the_file(client, page, link)
    for persona in ("chair", "other_office"):
        actor, params = getattr(personas, persona), {"campaign": campaign.pk}
        assert_refused(actor, "plans.office_list", params, client=client, status=(403,))


@pytest.mark.parametrize("n", [2, 40])
def test_plan_list_export_query_count_does_not_grow(
    tree, personas, campaign, draft, django_assert_max_num_queries, n
):
    for i in range(n):
        make_unit(tree.tenant, f"部门{i}", tree.root)
    params = {"campaign": campaign.pk}
    assert (
        export_in_queries(
            django_assert_max_num_queries, 10, personas.office, "plans.office_list", params
        ).rows
        >= n
    )
