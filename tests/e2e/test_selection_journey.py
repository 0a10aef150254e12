"""Browser journey of a selection's first stages (issue 16): the college's chair nominates a teacher
on a phone (staff number, achievements, the meeting's minutes) and sees the quota; the office moves
the selection on; the chair records the party branch's signed opinion; the office passes the entry
in its first review. Run with the tenant guard raising."""

import pytest
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.models import Entry, EntryStatus
from chuangxian.selections.tests.factories import PDF, make_selection, make_type
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_teacher_is_nominated_reviewed_by_the_party_and_passed_by_the_office(
    new_context, tree, personas, settings, tmp_path
):
    settings.TENANT_QUERY_CHECK = "raise"
    selection = make_selection(make_campaign(tree.tenant), make_type(tree.tenant, quota_max=1))
    teacher = MemberFactory(unit=tree.group, name="林老师")
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(PDF)

    chair = new_context(phone=True).new_page()
    log_in(chair, tree.tenant.name, personas.chair.staff_no)
    chair.goto(f"/selections/{selection.pk}/")
    chair.get_by_role("link", name="文学与传播学院推荐").click()
    expect(chair.get_by_test_id("quota")).to_contain_text("每个单位最多推荐 1 名")
    chair.fill("input[name=candidate]", teacher.staff_no)
    chair.fill("textarea[name=summary]", "十年如一日扎根教学一线")
    chair.set_input_files("input[name=minutes]", str(minutes))
    chair.get_by_role("button", name="推荐").click()
    expect(chair.get_by_test_id("entries")).to_contain_text("林老师（中文系工会小组）")
    assert fits(chair)

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto(f"/selections/{selection.pk}/")
    office.get_by_role("button", name="进入下一环节：党组织审核").click()
    expect(office.get_by_test_id("stages").locator(".text-bg-primary")).to_contain_text("党组织审核")

    entry = Entry.objects.get(selection=selection)
    chair.goto(f"/selections/entries/{entry.pk}/")
    chair.get_by_label("同意", exact=True).check()
    chair.set_input_files("input[name=opinion]", str(minutes))
    chair.get_by_role("button", name="登记").click()
    expect(chair.get_by_text("党组织意见：")).to_contain_text("同意")
    assert fits(chair)

    office.goto(f"/selections/{selection.pk}/")
    office.get_by_role("button", name="进入下一环节：学校工会初审").click()
    office.goto(f"/selections/entries/{entry.pk}/")
    office.get_by_label("通过", exact=True).check()
    office.get_by_role("button", name="提交初审结果").click()
    expect(office.get_by_test_id("status")).to_have_text("初审通过")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PASSED
