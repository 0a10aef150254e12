"""The chairs' own plans page (我负责的单位) as an export: ``plans.office_list`` with
``scope=managed`` lists the units whose plan the actor writes; refused to whom manages none or names
a unit they do not manage; the page's link; a query count that does not grow with units."""

import pytest
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    rows,
    run_url,
)
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import make_unit
from chuangxian.plans.services import plan_submit

pytestmark = pytest.mark.usefixtures("phase1")
NAME = "plans.office_list"


def _mine(campaign, **extra):
    return {"campaign": campaign.pk, "scope": "managed", **extra}


def test_managed_export_lists_the_chairs_own_units(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    result = export_file(personas.chair, NAME, _mine(campaign))
    assert [r[:4] for r in rows(result.content)] == [("文学与传播学院", "二级学院", "待审核", 1)]
    assert result.filename.startswith("我负责的单位的工会活动方案")


def test_managed_export_for_a_liaison_and_a_named_unit(tree, personas, campaign):
    result = export_file(personas.liaison, NAME, _mine(campaign, unit=tree.college.pk))
    assert [r[0] for r in rows(result.content)] == ["文学与传播学院"]


@pytest.mark.parametrize("persona", ["member", "leader", "other_office"])
def test_managed_export_is_refused_to_who_manages_no_unit(tree, personas, campaign, persona):
    assert_refused(getattr(personas, persona), NAME, _mine(campaign))


def test_managed_export_is_refused_for_a_unit_not_managed(tree, personas, campaign):
    for unit in (tree.sibling, tree.other_unit):
        assert_refused(personas.chair, NAME, _mine(campaign, unit=unit.pk))


def test_managed_export_link_on_the_chairs_page(client, tree, personas, campaign):
    link = f"{run_url(NAME)}?campaign={campaign.pk}&amp;scope=managed"
    client.force_login(personas.chair)
    assert_link_gives_the_file(client, client.get(reverse("plans:index")).content.decode(), link)
    client.force_login(personas.member)
    assert link not in client.get(reverse("plans:index")).content.decode()
    assert_refused(personas.member, NAME, _mine(campaign), client=client, status=(403,))


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
    assert export_in_queries(django_assert_max_num_queries, 8, actor, NAME, _mine(campaign)).rows == n + 1
