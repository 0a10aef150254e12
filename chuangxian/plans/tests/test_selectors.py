import pytest

from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Unit, UnitCategory
from chuangxian.orgs.services import unit_create
from chuangxian.plans import selectors
from chuangxian.plans.services import PlanContent, plan_return, plan_save_and_submit, plan_submit
from chuangxian.plans.tests.conftest import CONTENT

pytestmark = pytest.mark.usefixtures("phase1")


def test_version_diff_per_field(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    plan_return(plan=draft, comment="改措施", actor=personas.office)
    plan_save_and_submit(
        unit=tree.college,
        campaign=campaign,
        content=PlanContent(goals=CONTENT.goals, measures="每月两次学习会", schedule=CONTENT.schedule),
        actor=personas.chair,
    )
    v1, v2 = selectors.plan_versions(draft)
    diff = {f.label: f for f in selectors.plan_version_diff(v1, v2)}
    assert not diff["目标"].changed
    assert diff["措施"].changed
    assert ("insert", "两") in diff["措施"].segments


def test_office_list_filters_by_status_and_category(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    units = lambda **kw: {u.name for u in selectors.plan_units_for_office(campaign=campaign, **kw)}  # noqa: E731
    assert units() == {"文学与传播学院", "数学与计算机科学学院", "图书馆"}
    assert units(status="submitted") == {"文学与传播学院"}
    assert units(status="not_started") == {"数学与计算机科学学院", "图书馆"}
    assert units(category=UnitCategory.SUPPORT) == {"图书馆"}
    assert selectors.plan_status_counts(campaign)["submitted"] == 1


@pytest.mark.parametrize("count", [10, 300])
def test_office_list_query_count_is_flat(
    client, tree, personas, campaign, count, django_assert_max_num_queries
):
    for i in range(count):
        unit = unit_create(
            tenant=tree.tenant,
            parent=tree.root,
            name=f"单位{i}",
            kind="sub_union",
            category="office",
            actor=SYSTEM,
        )
        if i % 2:
            plan_save_and_submit(unit=unit, campaign=campaign, content=CONTENT, actor=SYSTEM)
    assert Unit.objects.count() >= count
    client.force_login(personas.office)
    with django_assert_max_num_queries(12):
        response = client.get("/plans/review/?category=office")
    assert response.status_code == 200
    assert "单位1" in response.content.decode()
