"""Browser journey of the public notice (公示, issue 16): the office publishes a selection's notice
(the end date computed on the working-day calendar), a member reads it on a phone, is refused an
anonymous objection and files one under a real name; the office finds it substantiated, the entry
leaves, the office publishes again for a new period, and — the period over — confirms the result.
Run with the tenant guard raising."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from chuangxian.core import clock
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.publicnotice.models import PublicNotice
from chuangxian.publicnotice.tests.factories import selection_at_notice
from chuangxian.selections.models import Entry, EntryStatus, Stage
from chuangxian.workdays.calendar import working_day_end
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_notice_is_objected_to_answered_published_again_and_confirmed(
    new_context, tree, personas, settings
):
    settings.TENANT_QUERY_CHECK = "raise"
    selection = selection_at_notice(
        tree.tenant,
        [
            (tree.college, MemberFactory(unit=tree.college, name="林老师")),
            (tree.sibling, MemberFactory(unit=tree.sibling, name="吴老师")),
        ],
    )
    today = clock.today()
    end = working_day_end(today, 5, tenant_id=tree.tenant.pk)

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto("/gongshi/")
    office.get_by_test_id("awaiting").get_by_role("link", name=selection.title).click()
    expect(office.get_by_test_id("period")).to_contain_text(f"至 {end.isoformat()}（含当天）")
    office.fill("textarea[name=contact]", "校工会办公室，电话 0595-22919500")
    office.get_by_role("button", name="发布公示").click()
    expect(office.get_by_test_id("period")).to_contain_text(f"{today.isoformat()} 至 {end.isoformat()}")
    notice = PublicNotice.objects.get(tenant_id=tree.tenant.pk, selection=selection)

    Member.objects.filter(pk=personas.member_row.pk, tenant_id=tree.tenant.pk).update(name="王某某")
    member = new_context(phone=True).new_page()
    log_in(member, tree.tenant.name, personas.member.staff_no)
    member.goto(f"/gongshi/{notice.pk}/")
    expect(member.get_by_test_id("items")).to_contain_text("林老师")
    expect(member.get_by_test_id("rule")).to_have_text(
        "公示期间的异议须署真实姓名和联系方式，匿名异议不予受理。"
    )
    member.fill("input[name=real_name]", "")
    member.fill("textarea[name=text]", "林老师的事迹与事实不符")
    member.get_by_role("button", name="实名提出异议").click()
    expect(member.get_by_test_id("objection-form")).to_contain_text("匿名异议不予受理")
    assert fits(member)
    member.fill("input[name=real_name]", "王某某")
    member.fill("input[name=contact]", "13800000000")
    member.select_option("select[name=item]", label="林老师")
    member.fill("textarea[name=text]", "林老师的事迹与事实不符")
    member.get_by_role("button", name="实名提出异议").click()
    expect(member.get_by_test_id("status")).to_have_text("待处理")
    objection_url = member.url

    office.goto(objection_url)
    office.get_by_label("异议成立（移出该公示对象，须重新公示）").check()
    office.fill("textarea[name=answer]", "经核实，所列获奖情况有误，异议成立。")
    office.get_by_role("button", name="提交答复").click()
    expect(office.get_by_test_id("status")).to_have_text("异议成立")

    member.goto(objection_url)
    expect(member.get_by_test_id("answer")).to_have_text("经核实，所列获奖情况有误，异议成立。")
    assert Entry.objects.get(tenant_id=tree.tenant.pk, selection=selection, member__name="林老师").status == (
        EntryStatus.REMOVED
    )

    # Published again from today (a notice cannot start in the past); for the journey its period is
    # then moved three weeks back in the database, as if the days had passed.
    office.goto(f"/gongshi/{notice.pk}/")
    expect(office.get_by_test_id("withdrawn")).to_contain_text("林老师")
    office.get_by_role("link", name="重新公示").click()
    office.fill("input[name=starts_on]", today.isoformat())
    office.get_by_role("button", name="发布公示").click()
    expect(office.get_by_test_id("items")).not_to_contain_text("林老师")
    PublicNotice.objects.filter(
        tenant_id=tree.tenant.pk, selection=selection, withdrawn_at__isnull=True
    ).update(starts_on=today - timedelta(days=21), ends_on=today - timedelta(days=14))
    office.reload()
    office.get_by_role("button", name="公示期满，确认结果（进入结果公布）").click()
    expect(office.get_by_text("评选进入“结果公布”")).to_be_visible()
    selection.refresh_from_db()
    assert selection.stage == Stage.FINAL
