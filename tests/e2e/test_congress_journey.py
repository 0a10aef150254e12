"""Browser journey of the staff congress (教代会, issue 17): the office sets up the school's
congress and a session on a desktop (the representatives' election results recorded through the
service: the member picker has its own journey), the resolution poll is refused while the session
is short of its quorum, two of the three representatives check in on their phones by the host's
rotating QR code (each logging in on the way), the session page's live quorum turns quorate without
a reload, and the poll then opens. Run with the tenant guard raising."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuangxian.congress.models import Congress, Session
from chuangxian.congress.services import representative_elect
from chuangxian.core import clock
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting.models import Poll, PollStatus
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _local(moment) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_office_sets_up_a_session_and_a_resolution_opens_once_quorate(
    new_context, tree, personas, settings
):
    settings.TENANT_QUERY_CHECK = "raise"
    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto("/congress/")
    office.get_by_test_id("congress-new").click()
    office.select_option("select[name=unit]", label="校工会")
    office.fill("input[name=term_number]", "5")
    office.fill("input[name=quorum]", "2：3")  # a full-width colon is not a fraction
    office.get_by_test_id("save").click()
    expect(office.locator("body")).to_contain_text("请写成分数，例如 2/3。")
    office.fill("input[name=quorum]", "2/3")
    office.get_by_test_id("save").click()
    expect(office.get_by_test_id("congress-title")).to_have_text("校工会第五届教职工代表大会")
    congress = Congress.objects.get(tenant_id=tree.tenant.pk)

    representatives = []
    for name in ("陈代表", "林代表", "黄代表"):
        member = MemberFactory(unit=tree.college, name=name)
        representatives.append(make_user(member))
        representative_elect(
            congress=congress,
            member=member,
            unit=tree.college,
            elected_on=clock.today(),
            actor=personas.office,
        )
    office.reload()
    expect(office.get_by_test_id("delegations")).to_contain_text("陈代表")
    expect(office.get_by_test_id("check-teachers")).to_be_visible()

    start = clock.now() + timedelta(minutes=20)
    office.get_by_test_id("session-new").click()
    office.fill("input[name=starts_at]", _local(start))
    office.fill("input[name=ends_at]", _local(start + timedelta(hours=3)))
    office.fill("input[name=place]", "图书馆学术报告厅")
    office.get_by_test_id("save").click()
    expect(office.get_by_test_id("session-title")).to_have_text("第 1 次会议")
    office.fill("#id_agenda_title", "审议《教职工年度考核办法（修订稿）》")
    office.get_by_test_id("agenda-add").click()
    expect(office.get_by_test_id("agenda")).to_contain_text("教职工年度考核办法")
    expect(office.get_by_test_id("not-quorate")).to_be_visible()
    session_url = office.url
    session = Session.objects.get(tenant_id=tree.tenant.pk, congress=congress)

    office.get_by_test_id("poll-new").click()
    office.fill("input[name=title]", "关于《教职工年度考核办法》的决议")
    office.fill("input[name=question]", "同意《教职工年度考核办法（修订稿）》")
    office.get_by_test_id("save").click()
    poll = Poll.objects.get(tenant_id=tree.tenant.pk)
    office.goto(f"/voting/{poll.pk}/open/")
    office.get_by_role("button", name="确认开启").click()
    expect(office.locator("body")).to_contain_text("未达到法定人数，不能开始投票：本届代表 3 人，需至少 2 人")
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT

    office.goto(f"/congress/sessions/{session.pk}/host/")
    checkin_url = office.locator("img.checkin-qr").get_attribute("data-checkin-url")
    assert checkin_url and re.search(rf"/congress/sessions/{session.pk}/checkin/\?code=", checkin_url)
    office.goto(session_url)

    for user in representatives[:2]:
        phone = new_context(phone=True).new_page()
        phone.goto(checkin_url)  # logged out: the code is kept across the login
        phone.select_option("select[name=tenant]", label=tree.tenant.name)
        phone.fill("input[name=username]", user.staff_no)
        phone.fill("input[name=password]", "pass-w0rd!")
        phone.click("main form button[type=submit]")
        expect(phone.get_by_test_id("checkin-status")).to_have_text("签到成功")
        assert fits(phone)
        phone.goto(session_url)
        expect(phone.get_by_test_id("my-checkin")).to_contain_text("您已签到")
        assert fits(phone)

    # The office's page was not reloaded: the quorum card polls the server.
    expect(office.get_by_test_id("present")).to_have_text("2", timeout=15_000)
    expect(office.get_by_test_id("quorate")).to_be_visible()
    office.goto(f"/voting/{poll.pk}/open/")
    office.get_by_role("button", name="确认开启").click()
    expect(office.locator("body")).to_contain_text("投票人名单已固定")
    poll.refresh_from_db()
    assert poll.status == PollStatus.SCHEDULED and poll.electorate_size == 3
