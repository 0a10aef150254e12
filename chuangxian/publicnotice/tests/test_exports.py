"""A 公示 as an export: its items for anyone of the school; the objections, with the objectors' real
names and contacts, only for those who answer them."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
)
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.publicnotice.services import notice_publish
from chuangxian.publicnotice.tests.factories import CONTACT, notice_for, object_to, selection_at_notice


def test_a_member_exports_the_items_and_the_office_also_the_objections(tree, personas):
    notice = notice_for(tree)
    object_to(notice, personas.member, text='=HYPERLINK("x")事迹不实')
    mine = export_file(personas.member, "publicnotice.notice", {"notice": notice.pk})
    assert header(mine.content) == ("序号", "姓名 / 名称", "单位", "主要事迹")
    assert [r[1] for r in rows(mine.content)] == ["候选人0", "候选人1"]
    assert load_workbook(BytesIO(mine.content)).sheetnames == ["公示对象"]
    office = export_file(personas.office, "publicnotice.notice", {"notice": notice.pk})
    objections = load_workbook(BytesIO(office.content))["异议及答复"]
    row = next(objections.iter_rows(min_row=3, values_only=True))
    assert row[2] == personas.member_row.name and row[3] == "13800000000"
    assert row[4] == '=HYPERLINK("x")事迹不实'  # written as text, never a formula
    assert objections.cell(row=3, column=5).data_type == "s"


def test_other_schools_may_not(client, tree, personas):
    notice = notice_for(tree)
    assert_refused(personas.other_office, "publicnotice.notice", {"notice": notice.pk}, client=client)


def test_the_notice_page_links_the_export_and_it_reads_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, tree, personas
):
    small = notice_for(tree, n=1)
    client.force_login(personas.office)
    page = client.get(reverse("publicnotice:detail", args=[small.pk])).content.decode()
    link = f"{reverse('exports:run', args=['publicnotice.notice', 'xlsx'])}?notice={small.pk}"
    assert_link_gives_the_file(client, page, link)
    export_in_queries(
        django_assert_max_num_queries, 12, personas.office, "publicnotice.notice", {"notice": small.pk}
    )
    members = [(tree.sibling, MemberFactory(unit=tree.sibling, name=f"数计{i}")) for i in range(8)]
    selection = selection_at_notice(tree.tenant, members, title="2012年度优秀工会工作者评选")
    large = notice_publish(selection=selection, starts_on=clock.today(), contact=CONTACT, actor=SYSTEM)
    for _ in range(3):
        object_to(large, personas.member)
    export_in_queries(
        django_assert_max_num_queries, 12, personas.office, "publicnotice.notice", {"notice": large.pk}
    )
