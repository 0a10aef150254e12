import pytest

from chuangxian.core.actors import SYSTEM
from chuangxian.coverage.models import CoverageTarget
from chuangxian.coverage.selectors import (
    Missing,
    coverage_report,
    coverage_targets,
    figures_for_units,
    missing_count,
    missing_members,
    percent,
)
from chuangxian.coverage.tests.conftest import activity, attend, pledge, project
from chuangxian.orgs.models import Member, UnitCategory
from chuangxian.orgs.services import unit_deactivate
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.pledges.models import PledgeStatus

pytestmark = pytest.mark.django_db


def _rows(report):
    return {("*" if row.own_members_only else "") + row.unit.name: row for row in report.rows}


def test_empty_campaign_counts_every_active_member_and_nobody_covered(tree, world):
    report = coverage_report(world.campaign, tree.root)
    assert report.total.figures.members == 10  # the retired member does not count
    assert report.total.figures.pledged == report.total.figures.attended == 0
    rows = _rows(report)
    assert set(rows) == {"*校工会", "文学与传播学院", "数学与计算机科学学院", "图书馆"}
    assert rows["文学与传播学院"].figures.members == 5  # the group's member rolls up to the college
    assert rows["*校工会"].figures.members == 2
    assert [r.unit.name for r in report.units_without_project] == [
        "文学与传播学院",
        "数学与计算机科学学院",
        "图书馆",
    ]
    assert report.project_percent == 0


def test_only_published_pledges_and_attendance_in_this_campaign_count(tree, personas, world):
    campaign = world.campaign
    pledge(campaign, world.college_a, PledgeStatus.PUBLISHED)
    pledge(campaign, world.college_b, PledgeStatus.IN_REVIEW)
    pledge(campaign, personas.member_row, PledgeStatus.FULFILLING)
    pledge(campaign, world.retired, PledgeStatus.PUBLISHED)
    attend(world.activity, world.college_a)
    attend(world.activity, personas.member_row)
    attend(activity(campaign, tree.college, title="第二场"), world.college_a)  # counts once
    from chuangxian.campaigns.tests.factories import make_campaign

    other = make_campaign(tree.tenant, active=False)
    attend(activity(other, tree.root), world.college_b)  # another campaign's activity
    rows = _rows(coverage_report(campaign, tree.root))
    college = rows["文学与传播学院"].figures
    assert (college.members, college.pledged, college.attended, college.complete) == (5, 2, 2, 2)
    assert college.without_pledge == 3 and college.without_activity == 3 and college.incomplete == 3
    assert college.pledge_percent == 40


def test_projects_roll_up_to_the_sub_union_and_groups_owe_none(tree, world):
    project(world.campaign, tree.group)
    project(world.campaign, tree.library)
    report = coverage_report(world.campaign, tree.root)
    rows = _rows(report)
    assert rows["文学与传播学院"].projects == 1 and rows["文学与传播学院"].project_met
    assert [r.unit.name for r in report.units_without_project] == ["数学与计算机科学学院"]
    assert (report.project_units_met, len(report.project_units), report.project_percent) == (2, 3, 66)
    college = coverage_report(world.campaign, tree.college)
    assert college.total.owes_project and college.project_met
    group_row = _rows(college)["中文系工会小组"]
    assert not group_row.owes_project and group_row.project_met


def test_a_unit_page_shows_its_children_and_its_own_members(tree, world):
    report = coverage_report(world.campaign, tree.college)
    rows = _rows(report)
    assert set(rows) == {"*文学与传播学院", "中文系工会小组"}
    assert rows["*文学与传播学院"].figures.members == 4
    assert report.total.figures.members == 5


def test_a_transferred_member_counts_where_they_are_now(tree, world):
    pledge(world.campaign, world.college_a)
    Member.objects.filter(pk=world.college_a.pk).update(unit=tree.sibling)
    rows = _rows(coverage_report(world.campaign, tree.root))
    assert rows["数学与计算机科学学院"].figures.pledged == 1
    assert rows["文学与传播学院"].figures.pledged == 0


def test_a_deactivated_unit_drops_out_with_its_departed_members(tree, world):
    Member.objects.filter(unit=tree.library).update(status="left")
    unit_deactivate(unit=tree.library, actor=SYSTEM)
    report = coverage_report(world.campaign, tree.root)
    assert "图书馆" not in _rows(report)
    assert [r.unit.name for r in report.units_without_project] == ["文学与传播学院", "数学与计算机科学学院"]
    assert report.total.figures.members == 9


def test_targets_by_category_with_a_default(tree, world):
    campaign = world.campaign
    assert coverage_targets(campaign)[""].pledge_percent == 100
    CoverageTarget.objects.create(
        tenant=tree.tenant,
        campaign=campaign,
        category=UnitCategory.SUPPORT,
        pledge_percent=0,
        activity_percent=0,
    )
    rows = _rows(coverage_report(campaign, tree.root))
    assert rows["图书馆"].pledge_met and rows["图书馆"].activity_met
    assert not rows["文学与传播学院"].pledge_met
    # A group is guided with its college's category.
    CoverageTarget.objects.create(
        tenant=tree.tenant,
        campaign=campaign,
        category=UnitCategory.COLLEGE,
        pledge_percent=50,
        activity_percent=0,
    )
    group_row = _rows(coverage_report(campaign, tree.college))["中文系工会小组"]
    assert group_row.target.pledge_percent == 50


def test_percent_rounds_down_so_a_target_is_never_met_early():
    assert percent(999, 1000) == 99
    assert percent(0, 0) == 0
    assert percent(1, 3) == 33


def test_missing_members_filters_and_annotations(tree, personas, world):
    campaign = world.campaign
    pledge(campaign, world.college_a)
    pledge(campaign, world.college_b, PledgeStatus.IN_REVIEW)
    attend(world.activity, world.college_b)
    names = lambda missing: [m.name for m in missing_members(campaign, tree.college, missing)]  # noqa: E731
    assert "学院会员甲" not in names(Missing.PLEDGE)
    assert "学院会员乙" in names(Missing.PLEDGE)
    assert "学院会员乙" not in names(Missing.ACTIVITY)
    assert set(names(Missing.ANY)) == {"学院主席", "学院联络员", "学院会员甲", "学院会员乙", "普通会员"}
    assert "退休会员" not in names(Missing.ANY)
    b = next(m for m in missing_members(campaign, tree.college, Missing.PLEDGE) if m.name == "学院会员乙")
    assert (b.pledge_status, b.has_pledge, b.has_attended) == (PledgeStatus.IN_REVIEW, False, True)


@pytest.mark.parametrize("where", ["root", "college", "group", "sibling", "library"])
def test_the_reports_count_of_the_missing_is_the_lists_count(tree, personas, world, where):
    campaign = world.campaign
    pledge(campaign, world.college_a)
    pledge(campaign, world.college_b, PledgeStatus.IN_REVIEW)
    pledge(campaign, personas.member_row)
    attend(world.activity, world.college_b)
    attend(world.activity, personas.member_row)
    attend(world.activity, world.sibling_member)
    Member.objects.filter(unit=tree.library).update(status="left")
    unit_deactivate(unit=tree.library, actor=SYSTEM)
    unit = getattr(tree, where)
    report = coverage_report(campaign, unit)
    for missing in Missing.VALUES:
        assert missing_count(report, missing) == missing_members(campaign, unit, missing).count(), missing


def test_figures_for_units_sums_each_subtree(tree, personas, world):
    pledge(world.campaign, personas.member_row)
    result = {u.name: f for u, f in figures_for_units(world.campaign, [tree.college, tree.sibling])}
    assert result["文学与传播学院"].members == 5 and result["文学与传播学院"].pledged == 1
    assert result["数学与计算机科学学院"].members == 2
    assert figures_for_units(world.campaign, []) == []


def test_other_tenant_rows_never_leak(tree, world):
    MemberFactory(unit=tree.other_unit)
    assert coverage_report(world.campaign, tree.root).total.figures.members == 10


def _grow(tree, campaign, item, count):
    members = MemberFactory.create_batch(count, unit=tree.group)
    for i, member in enumerate(members):
        if i % 2:
            pledge(campaign, member)
        if i % 3:
            attend(item, member)


# With 10 grown members, 3 of them (i = 1, 5, 7) both pledged and attended: the world's 10 and the
# other 7 are missing, 17 rows on a page of 50. With 2000 the page is full.
@pytest.mark.parametrize(("count", "page"), [(10, 17), (2000, 50)])
def test_report_and_missing_page_queries_do_not_grow(tree, world, count, page, django_assert_num_queries):
    _grow(tree, world.campaign, world.activity, count)
    with django_assert_num_queries(4):
        report = coverage_report(world.campaign, tree.root)
    assert report.total.figures.members == 10 + count
    with django_assert_num_queries(1):
        assert len(list(missing_members(world.campaign, tree.root)[:50])) == page


def test_the_missing_list_reads_the_columns_it_shows(tree, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        members = list(missing_members(world.campaign, tree.root))
    (sql,) = [q["sql"] for q in captured]
    assert '"orgs_member"."name"' in sql and '"orgs_unit"."name"' in sql
    for unread in ('"orgs_member"."id_number"', '"orgs_member"."phone"', '"orgs_member"."email"'):
        assert unread not in sql
    with django_assert_num_queries(0):  # what the page and the export show is there
        shown = [
            (m.unit.name, m.staff_no, m.name, m.pledge_status, m.has_pledge, m.signed_up) for m in members
        ]
    assert len(shown) == 10
