"""Browser journey: an officer opens a secret poll, three members vote on their phones, one checks
their receipt in the published list, the officer closes and releases, and the result page states
the numbers and the rule."""

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting import services
from chuangxian.voting.models import ElectorateKind, PollStatus
from chuangxian.voting.tests.conftest import at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_secret_poll_from_opening_to_released_result(new_context, tree, personas):
    make_campaign(tree.tenant)  # the home page lists to-do items under the running campaign
    voters = [
        make_user(MemberFactory(unit=tree.sibling, name=n)) for n in ("投票人甲", "投票人乙", "投票人丙")
    ]
    with time_machine.travel("2011-05-10 08:00 +0800", tick=False):
        poll = services.poll_create(
            unit=tree.root,
            data=services.PollData(
                title="优秀工会工作者推荐",
                purpose="selection",
                opens_at=at("2011-05-10 08:00"),
                closes_at=at("2011-05-10 18:00"),
                electorate_kind=ElectorateKind.UNITS,
                electorate_units=[tree.sibling],
                quorum_num=1,
                quorum_den=2,
            ),
            actor=personas.office,
        )
        services.question_add(
            poll=poll,
            data=services.QuestionData(
                text="推荐人选（应选 1 名）",
                method="approval",
                options=["张老师", "李老师"],
                seats=1,
                max_choices=1,
            ),
            actor=personas.office,
        )
    with time_machine.travel("2011-05-10 09:00 +0800", tick=True):
        office = new_context().new_page()
        log_in(office, tree.tenant.name, personas.office.staff_no)
        office.goto(f"/voting/{poll.pk}/")
        office.get_by_role("link", name="开始投票").click()
        office.get_by_role("button", name="确认开启").click()
        expect(office.get_by_test_id("poll-status")).to_contain_text("投票中")
        expect(office.get_by_test_id("electorate")).to_have_text("4")  # three voters and the sibling chair

        receipts = []
        for user, choice in zip(voters, ("张老师", "张老师", "李老师"), strict=True):
            phone = new_context(phone=True).new_page()
            log_in(phone, tree.tenant.name, user.staff_no)
            phone.get_by_role("link", name="请投票：优秀工会工作者推荐").click()
            phone.get_by_label(choice).check()
            phone.get_by_role("button", name="下一步：确认").click()
            expect(phone.get_by_test_id("confirm")).to_contain_text(choice)
            phone.get_by_role("button", name="确认投票").click()
            receipt = phone.get_by_test_id("receipt").inner_text()
            assert len(receipt) == 14
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            receipts.append((phone, receipt))

        office.reload()
        expect(office.get_by_test_id("turnout-online")).to_have_text("3")
        office.fill("textarea[name=reason]", "投票人已全部投票")
        office.get_by_role("button", name="截止投票").click()
        office.get_by_role("button", name="计票").click()
        expect(office.get_by_test_id("final-hash")).to_be_visible()
        office.get_by_role("button", name="公布结果").click()
        expect(office.get_by_test_id("poll-status")).to_contain_text("已公布")

        phone, receipt = receipts[0]  # the tracker of a sealed ballot: it shows no choice
        phone.goto(f"/voting/{poll.pk}/ballots/")
        phone.fill("input[name=tracker]", receipt)
        phone.get_by_role("button", name="查找").click()
        expect(phone.get_by_test_id("tracker-found")).to_contain_text("您的选票在票箱中")
        expect(phone.get_by_test_id("box-count")).to_contain_text("追踪码 3 个，开启的选票 3 张，数目一致")

        phone.goto(f"/voting/{poll.pk}/result/")
        expect(phone.get_by_test_id("quorum")).to_contain_text("投票有效")
        expect(phone.get_by_test_id("rule")).to_contain_text("赞成票超过参加投票人数的半数，即至少 2 票")
        expect(phone.get_by_test_id("candidate").first).to_contain_text("张老师")
        expect(phone.get_by_test_id("candidate").first).to_contain_text("当选")
        printed = phone.request.get(phone.get_by_role("link", name="打印结果（PDF）").get_attribute("href"))
        assert printed.ok and printed.body().startswith(b"%PDF-")

        phone.get_by_role("link", name="独立复核计票").click()
        expect(phone.get_by_test_id("verify-result")).to_contain_text("复核一致")

        # The office's desktop navigation (the longest) stays inside the window in English too.
        english = new_context(locale="en-US").new_page()
        log_in(english, tree.tenant.name, personas.office.staff_no)
        english.goto(f"/voting/{poll.pk}/result/")
        expect(english.get_by_role("link", name="Voting", exact=True)).to_be_visible()
        assert english.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    poll.refresh_from_db()
    assert poll.status == PollStatus.PUBLISHED
