"""The member list and the organisation tree as Excel exports (issue 13): the rows the page shows, for
whom the page shows them, in a bounded number of queries."""

import pytest
from django.urls import reverse

from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
    run_url,
)
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory

# -- orgs.members ---------------------------------------------------------------------------------


def test_members_export_lists_the_pages_members(tree, personas):
    extra = MemberFactory(unit=tree.group, name="王小明", staff_no="000123", phone="13800000000")
    MemberFactory(unit=tree.group, name="离校者", status=MemberStatus.LEFT)
    MemberFactory(unit=tree.sibling, name="外院会员")
    result = export_file(personas.chair, "orgs.members", {"unit": tree.college.pk})
    expected = Member.objects.filter(
        tenant_id=tree.tenant.pk, unit__path__startswith=tree.college.path, status=MemberStatus.ACTIVE
    )
    listed = rows(result.content)
    assert sorted(r[1] for r in listed) == sorted(expected.values_list("staff_no", flat=True))
    assert header(result.content) == ("姓名", "工号", "所在组织", "岗位", "手机", "状态")
    row = next(r for r in listed if r[1] == "000123")  # leading zeros kept: text
    assert row[:3] == ("王小明", "000123", "中文系工会小组") and row[4] == extra.phone
    assert "离校者" not in {r[0] for r in listed} and "外院会员" not in {r[0] for r in listed}


def test_members_export_keeps_the_pages_filters_and_hides_phones_from_plain_members(tree, personas):
    MemberFactory(unit=tree.group, name="离校者", status=MemberStatus.LEFT)
    params = {"unit": tree.group.pk, "status": "", "q": "离校"}
    result = export_file(personas.member, "orgs.members", params)
    assert [r[0] for r in rows(result.content)] == ["离校者"]
    assert "手机" not in header(result.content)


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office", "member"])
def test_members_export_is_refused_to_who_may_not_see_the_list(tree, personas, persona):
    assert_refused(getattr(personas, persona), "orgs.members", {"unit": tree.college.pk})


def test_members_export_url_and_link(client, tree, personas):
    client.force_login(personas.chair)
    page = client.get(reverse("orgs:unit_members", args=[tree.college.pk])).content.decode()
    link = f"{run_url('orgs.members')}?unit={tree.college.pk}&amp;status=active&amp;q="
    assert_link_gives_the_file(client, page, link)
    for persona in ("sibling_chair", "other_office"):
        params = {"unit": tree.college.pk}
        assert_refused(getattr(personas, persona), "orgs.members", params, client=client, status=(403,))


@pytest.mark.parametrize("n", [5, 120])
def test_members_export_query_count_does_not_grow(tree, personas, django_assert_max_num_queries, n):
    MemberFactory.create_batch(n, unit=tree.group)
    params = {"unit": tree.college.pk}
    assert (
        export_in_queries(django_assert_max_num_queries, 10, personas.chair, "orgs.members", params).rows >= n
    )


# -- orgs.units -----------------------------------------------------------------------------------


def test_units_export_lists_the_tree_in_the_actors_scope(tree, personas):
    listed = rows(export_file(personas.office, "orgs.units").content)
    assert [r[0] for r in listed] == [
        "校工会",
        "文学与传播学院",
        "中文系工会小组",
        "数学与计算机科学学院",
        "图书馆",
    ]
    college = listed[1]
    assert college[1] == "校工会" and college[4] == "学院主席" and college[5] == "学院联络员"
    assert college[6] == 2 and college[7] == 3  # chair + liaison; with the group's member


def test_units_export_keeps_the_category_filter_and_the_chairs_scope(tree, personas):
    result = export_file(personas.chair, "orgs.units")
    assert [r[0] for r in rows(result.content)] == ["文学与传播学院", "中文系工会小组"]
    result = export_file(personas.office, "orgs.units", {"category": "support"})
    assert [r[0] for r in rows(result.content)] == ["校工会", "图书馆"]


@pytest.mark.parametrize("persona", ["member", "admin"])
def test_units_export_is_refused_to_who_may_not_browse_the_tree(tree, personas, persona):
    assert_refused(getattr(personas, persona), "orgs.units")


def test_units_export_url_and_link(client, tree, personas):
    client.force_login(personas.office)
    page = client.get(reverse("orgs:tree")).content.decode()
    assert_link_gives_the_file(client, page, f"{run_url('orgs.units')}?category=")
    assert_refused(personas.member, "orgs.units", client=client, status=(403,))


@pytest.mark.parametrize("n", [3, 40])
def test_units_export_query_count_does_not_grow(tree, personas, django_assert_max_num_queries, n):
    from chuangxian.orgs.tests.factories import make_unit

    for i in range(n):
        make_unit(tree.tenant, f"部门{i}", tree.root)
    assert export_in_queries(django_assert_max_num_queries, 10, personas.office, "orgs.units").rows == 5 + n
