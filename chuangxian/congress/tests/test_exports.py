"""The representatives list as an export: for anyone of the school, linked from the congress page,
in a bounded number of queries whatever its length."""

from django.urls import reverse

from chuangxian.congress.tests.factories import elect, elect_many, make_congress
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
)
from chuangxian.orgs.models import Post


def test_a_member_exports_the_representatives_by_delegation(tree, personas):
    congress = make_congress(tree.root)
    elect(congress, personas.member_row, unit=tree.college, is_leader=True)
    file = export_file(personas.member, "congress.representatives", {"congress": congress.pk})
    assert header(file.content) == (
        "序号",
        "代表团",
        "选举单位",
        "姓名",
        "工号",
        "性别",
        "岗位类别",
        "领导干部",
        "当选日期",
    )
    row = rows(file.content)[0]
    assert row[2:5] == ("文学与传播学院", personas.member_row.name, personas.member_row.staff_no)
    assert row[7] == "是"


def test_another_school_may_not(client, tree, personas):
    congress = make_congress(tree.root)
    assert_refused(
        personas.other_office, "congress.representatives", {"congress": congress.pk}, client=client
    )


def test_the_page_links_the_export_and_it_does_not_grow_with_the_rows(
    client, django_assert_max_num_queries, tree, personas
):
    congress = make_congress(tree.root)
    elect_many(congress, tree.college, 2, post=Post.TEACHER)
    client.force_login(personas.office)
    page = client.get(reverse("congress:detail", args=[congress.pk])).content.decode()
    link = f"{reverse('exports:run', args=['congress.representatives', 'xlsx'])}?congress={congress.pk}"
    assert_link_gives_the_file(client, page, link)
    export_in_queries(
        django_assert_max_num_queries,
        10,
        personas.office,
        "congress.representatives",
        {"congress": congress.pk},
    )
    elect_many(congress, tree.sibling, 20)
    file = export_in_queries(
        django_assert_max_num_queries,
        10,
        personas.office,
        "congress.representatives",
        {"congress": congress.pk},
    )
    assert len(rows(file.content)) == 22
