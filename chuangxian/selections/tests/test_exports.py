"""The nominations per unit as an export: the entries the actor may view, and every unit's quota."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
)
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.tests.factories import nominate


def test_the_office_exports_every_entry_and_each_units_quota(tree, personas, selection, colleagues):
    nominate(selection, tree.college, colleagues[0], summary="十年如一日")
    nominate(selection, tree.sibling, MemberFactory(unit=tree.sibling, name="数计老师"))
    result = export_file(personas.office, "selections.nominations", {"selection": selection.pk})
    assert header(result.content)[:3] == ("推荐单位", "推荐对象", "主要事迹 / 推荐理由")
    assert [(r[0], r[1], r[2], r[3]) for r in rows(result.content)] == [
        ("文学与传播学院", "林老师（文学与传播学院）", "十年如一日", "已推荐"),
        ("数学与计算机科学学院", "数计老师（数学与计算机科学学院）", "爱岗敬业，成绩突出", "已推荐"),
    ]
    quota = load_workbook(BytesIO(result.content))["各单位名额"]
    units = list(quota.iter_rows(min_row=3, values_only=True))
    assert ("文学与传播学院", 6, 2, "每个单位最多推荐 2 名", 1) in units


def test_a_chair_exports_the_units_entries_only(tree, personas, selection, colleagues):
    nominate(selection, tree.college, colleagues[0])
    nominate(selection, tree.sibling, MemberFactory(unit=tree.sibling, name="数计老师"))
    result = export_file(personas.chair, "selections.nominations", {"selection": selection.pk})
    assert [r[0] for r in rows(result.content)] == ["文学与传播学院"]


def test_members_and_other_schools_may_not(client, personas, selection):
    assert_refused(personas.member, "selections.nominations", {"selection": selection.pk}, client=client)
    assert_refused(
        personas.other_office, "selections.nominations", {"selection": selection.pk}, client=client
    )


def test_the_page_links_the_export(client, personas, selection):
    client.force_login(personas.office)
    page = client.get(reverse("selections:detail", args=[selection.pk])).content.decode()
    link = f"{reverse('exports:run', args=['selections.nominations', 'xlsx'])}?selection={selection.pk}"
    assert_link_gives_the_file(client, page, link)


def test_the_export_reads_a_bounded_number_of_queries(
    django_assert_max_num_queries, tree, personas, selection, colleagues
):
    for member in colleagues[:2]:
        nominate(selection, tree.college, member)
    export_in_queries(
        django_assert_max_num_queries,
        12,
        personas.office,
        "selections.nominations",
        {"selection": selection.pk},
    )
    for i in range(6):
        unit_member = MemberFactory(unit=tree.library, name=f"图书馆{i}")
        if i < 2:
            nominate(selection, tree.library, unit_member)
    export_in_queries(
        django_assert_max_num_queries,
        12,
        personas.office,
        "selections.nominations",
        {"selection": selection.pk},
    )
