"""The member list and the organisation tree as Excel exports (issue 13): the rows the page shows, for
whom the page shows them, in a bounded number of queries."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory


def _sheet(content: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content)).active


def _rows(content: bytes) -> list[tuple]:
    return list(_sheet(content).iter_rows(min_row=3, values_only=True))


def _header(content: bytes) -> tuple:
    return next(_sheet(content).iter_rows(min_row=2, max_row=2, values_only=True))


# -- orgs.members ---------------------------------------------------------------------------------


def test_members_export_lists_the_pages_members(tree, personas):
    extra = MemberFactory(unit=tree.group, name="王小明", staff_no="000123", phone="13800000000")
    MemberFactory(unit=tree.group, name="离校者", status=MemberStatus.LEFT)
    MemberFactory(unit=tree.sibling, name="外院会员")
    result = export_run(
        actor=personas.chair, name="orgs.members", fmt="xlsx", params={"unit": tree.college.pk}
    )
    assert isinstance(result, ExportFile)
    expected = Member.objects.filter(
        tenant_id=tree.tenant.pk, unit__path__startswith=tree.college.path, status=MemberStatus.ACTIVE
    )
    rows = _rows(result.content)
    assert sorted(r[1] for r in rows) == sorted(expected.values_list("staff_no", flat=True))
    assert _header(result.content) == ("姓名", "工号", "所在组织", "岗位", "手机", "状态")
    row = next(r for r in rows if r[1] == "000123")  # leading zeros kept: text
    assert row[:3] == ("王小明", "000123", "中文系工会小组") and row[4] == extra.phone
    assert "离校者" not in {r[0] for r in rows} and "外院会员" not in {r[0] for r in rows}


def test_members_export_keeps_the_pages_filters_and_hides_phones_from_plain_members(tree, personas):
    MemberFactory(unit=tree.group, name="离校者", status=MemberStatus.LEFT)
    params = {"unit": tree.group.pk, "status": "", "q": "离校"}
    result = export_run(actor=personas.member, name="orgs.members", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [r[0] for r in _rows(result.content)] == ["离校者"]
    assert "手机" not in _header(result.content)


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office", "member"])
def test_members_export_is_refused_to_who_may_not_see_the_list(tree, personas, persona):
    with pytest.raises(Refused):
        export_run(
            actor=getattr(personas, persona),
            name="orgs.members",
            fmt="xlsx",
            params={"unit": tree.college.pk},
        )


def test_members_export_url_and_link(client, tree, personas):
    url = reverse("exports:run", args=["orgs.members", "xlsx"])
    client.force_login(personas.chair)
    page = client.get(reverse("orgs:unit_members", args=[tree.college.pk]))
    assert f"{url}?unit={tree.college.pk}&amp;status=active&amp;q=" in page.content.decode()
    response = client.get(url, {"unit": tree.college.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    client.force_login(personas.sibling_chair)
    assert client.get(url, {"unit": tree.college.pk}).status_code == 403
    client.force_login(personas.other_office)
    assert client.get(url, {"unit": tree.college.pk}).status_code == 403


@pytest.mark.parametrize("n", [5, 120])
def test_members_export_query_count_does_not_grow(tree, personas, django_assert_max_num_queries, n):
    MemberFactory.create_batch(n, unit=tree.group)
    with django_assert_max_num_queries(10):
        result = export_run(
            actor=personas.chair, name="orgs.members", fmt="xlsx", params={"unit": tree.college.pk}
        )
    assert isinstance(result, ExportFile) and result.rows >= n


# -- orgs.units -----------------------------------------------------------------------------------


def test_units_export_lists_the_tree_in_the_actors_scope(tree, personas):
    result = export_run(actor=personas.office, name="orgs.units", fmt="xlsx", params={})
    assert isinstance(result, ExportFile)
    rows = _rows(result.content)
    assert [r[0] for r in rows] == [
        "校工会",
        "文学与传播学院",
        "中文系工会小组",
        "数学与计算机科学学院",
        "图书馆",
    ]
    college = rows[1]
    assert college[1] == "校工会" and college[4] == "学院主席" and college[5] == "学院联络员"
    assert college[6] == 2 and college[7] == 3  # chair + liaison; with the group's member


def test_units_export_keeps_the_category_filter_and_the_chairs_scope(tree, personas):
    result = export_run(actor=personas.chair, name="orgs.units", fmt="xlsx", params={})
    assert isinstance(result, ExportFile)
    assert [r[0] for r in _rows(result.content)] == ["文学与传播学院", "中文系工会小组"]
    result = export_run(actor=personas.office, name="orgs.units", fmt="xlsx", params={"category": "support"})
    assert isinstance(result, ExportFile)
    assert [r[0] for r in _rows(result.content)] == ["校工会", "图书馆"]


@pytest.mark.parametrize("persona", ["member", "admin"])
def test_units_export_is_refused_to_who_may_not_browse_the_tree(tree, personas, persona):
    with pytest.raises(Refused):
        export_run(actor=getattr(personas, persona), name="orgs.units", fmt="xlsx", params={})


def test_units_export_url_and_link(client, tree, personas):
    url = reverse("exports:run", args=["orgs.units", "xlsx"])
    client.force_login(personas.office)
    assert f"{url}?category=" in client.get(reverse("orgs:tree")).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(personas.member)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("n", [3, 40])
def test_units_export_query_count_does_not_grow(tree, personas, django_assert_max_num_queries, n):
    from chuangxian.orgs.tests.factories import make_unit

    for i in range(n):
        make_unit(tree.tenant, f"部门{i}", tree.root)
    with django_assert_max_num_queries(10):
        result = export_run(actor=personas.office, name="orgs.units", fmt="xlsx", params={})
    assert isinstance(result, ExportFile) and result.rows == 5 + n
