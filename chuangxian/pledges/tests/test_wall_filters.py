"""The pledge wall's search (member name, pinyin initials, text) and filters (status, type, unit),
20 pledges to a page with the filters kept from page to page."""

from datetime import date

import pytest
from django.urls import reverse

from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.pledges.models import Pledge, PledgeStatus

pytestmark = pytest.mark.usefixtures("phase2")


def _pledge(tree, campaign, member, unit, content, status=PledgeStatus.PUBLISHED, type="post"):
    return Pledge.objects.create(
        tenant_id=tree.tenant.pk,
        campaign=campaign,
        member=member,
        unit=unit,
        type=type,
        content=content,
        due_on=date(2011, 7, 1),
        check_standard="学生评教优良率 90%",
        status=status,
    )


@pytest.fixture
def wall(tree, campaign):
    zhang = MemberFactory(unit=tree.group, name="张伟")
    wang = MemberFactory(unit=tree.college, name="王芳")
    li = MemberFactory(unit=tree.college, name="李娜")
    _pledge(tree, campaign, zhang, tree.group, "每周答疑两次")
    _pledge(tree, campaign, wang, tree.college, "指导青年教师", status=PledgeStatus.FULFILLING, type="common")
    _pledge(tree, campaign, li, tree.college, "未公示的草稿", status=PledgeStatus.DRAFT)


def _names(client, tree, **params) -> list[str]:
    response = client.get(reverse("pledges:wall", args=[tree.college.pk]), params)
    assert response.status_code == 200
    return [p.member.name for p in response.context["page"].object_list]


def test_search_by_name_initials_and_text(client, tree, personas, wall):
    client.force_login(personas.sibling_chair)
    assert _names(client, tree, q="张伟") == ["张伟"]
    assert _names(client, tree, q="zw") == ["张伟"]  # pinyin initials, as the member search
    assert _names(client, tree, q="WF") == ["王芳"]
    assert _names(client, tree, q="青年教师") == ["王芳"]
    assert _names(client, tree, q="优良率") == ["王芳", "张伟"]  # the check standard
    assert _names(client, tree, q="草稿") == []  # a draft stays off the wall, whatever is searched
    assert _names(client, tree, q="ln") == []


def test_status_type_and_unit_filters(client, tree, personas, wall):
    client.force_login(personas.sibling_chair)
    assert _names(client, tree, status="fulfilling") == ["王芳"]
    assert _names(client, tree, status="draft") == ["王芳", "张伟"]  # not a wall status: dropped
    assert _names(client, tree, type="common") == ["王芳"]
    assert _names(client, tree, unit=tree.group.pk) == ["张伟"]
    assert _names(client, tree, unit=tree.sibling.pk) == ["王芳", "张伟"]  # outside this wall: dropped


def _many(tree, campaign, n):
    members = MemberFactory.create_batch(n, unit=tree.group)
    Pledge.objects.bulk_create(
        Pledge(
            tenant_id=tree.tenant.pk,
            campaign=campaign,
            member=m,
            unit=tree.group,
            content=f"承诺{i}",
            due_on=date(2011, 7, 1),
            check_standard="标准",
            status=PledgeStatus.PUBLISHED,
        )
        for i, m in enumerate(members)
    )


def test_the_wall_pages_by_twenty_and_keeps_the_filters(client, tree, personas, campaign):
    _many(tree, campaign, 45)
    client.force_login(personas.sibling_chair)
    response = client.get(
        reverse("pledges:wall", args=[tree.college.pk]), {"q": "承诺", "status": "published"}
    )
    assert len(response.context["page"].object_list) == 20
    html = response.content.decode()
    assert 'value="承诺"' in html
    assert '<option value="published" selected>' in html
    assert "?q=%E6%89%BF%E8%AF%BA&amp;status=published&amp;page=3" in html


@pytest.mark.parametrize("n", [10, 300])
def test_filtered_wall_query_count_does_not_grow(
    client, tree, personas, campaign, django_assert_max_num_queries, n
):
    _many(tree, campaign, n)
    params = {"q": "承诺", "status": "published", "type": "post", "unit": tree.group.pk}
    client.force_login(personas.sibling_chair)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("pledges:wall", args=[tree.college.pk]), params)
    assert response.context["page"].paginator.count == n
