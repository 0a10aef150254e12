"""Browser journey: the office sets up a poll for one college, falls into the electorate trap
(校工会 ticked as well) and sees it on the confirmation step before anything is frozen, fixes it and
opens; two members vote from the poll's page; after the count the scrutineer's phone recounts the
ballot list and shows the same fingerprint as the server, the scrutineer ticks that they match, and
the released result, its printout and the ballot list carry that fingerprint."""

import io

import pytest
import time_machine
from playwright.sync_api import expect
from pypdf import PdfReader

from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting import services, tally
from chuangxian.voting.models import Poll, PollOfficer, PollStatus
from tests.e2e.test_voting_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_confirmed_electorate_and_fingerprint_checked_by_the_scrutineer(new_context, tree, personas):
    voters = [
        make_user(MemberFactory(unit=tree.college, name=n)) for n in ("投票人甲", "投票人乙", "投票人丙")
    ]
    scrutineer = voters[0]
    everyone = Member.objects.filter(tenant=tree.tenant, status=MemberStatus.ACTIVE).count()
    in_college = Member.objects.filter(
        tenant=tree.tenant, status=MemberStatus.ACTIVE, unit__path__startswith=tree.college.path
    ).count()
    with time_machine.travel("2011-05-10 09:00 +0800", tick=True):
        office = new_context().new_page()
        log_in(office, tree.tenant.name, personas.office.staff_no)
        office.goto(f"/voting/units/{tree.root.pk}/new/")
        office.fill("input[name=title]", "学院工作报告表决")
        office.select_option("select[name=electorate_kind]", "units")
        expect(office.locator("input[name=electorate_units]:checked")).to_have_count(0)  # nothing pre-ticked
        office.get_by_label("校工会").check()  # the trap: the root reaches every unit
        office.get_by_label("文学与传播学院").check()
        office.fill("input[name=opens_at]", "2011-05-10T08:00")
        office.fill("input[name=closes_at]", "2011-05-10T18:00")
        office.fill("input[name=quorum_num]", "1")
        office.fill("input[name=quorum_den]", "3")
        office.fill("input[name=scrutineers]", scrutineer.staff_no)
        office.get_by_role("button", name="保存").click()
        poll = Poll.objects.get(title="学院工作报告表决")
        services.question_add(
            poll=poll,
            data=services.QuestionData(text="同意学院工作报告", method="yes_no"),
            actor=personas.office,
        )

        office.goto(f"/voting/{poll.pk}/")
        office.get_by_role("link", name="开始投票").click()
        expect(office.get_by_test_id("open-size")).to_have_text(str(everyone))
        expect(office.get_by_test_id("open-overlap")).to_contain_text("勾选了「校工会」")
        office.get_by_role("link", name="返回修改").click()
        office.get_by_label("校工会").uncheck()
        office.get_by_role("button", name="保存").click()
        office.get_by_role("link", name="开始投票").click()
        expect(office.get_by_test_id("open-size")).to_have_text(str(in_college))
        expect(office.get_by_test_id("open-units")).to_contain_text(
            f"文学与传播学院（含下属单位）{in_college} 人"
        )
        expect(office.get_by_test_id("open-overlap")).to_have_count(0)
        office.get_by_role("button", name="确认开启").click()
        expect(office.get_by_test_id("poll-status")).to_contain_text("投票中")
        expect(office.get_by_test_id("electorate")).to_have_text(str(in_college))

        for user in voters[1:]:
            phone = new_context(phone=True).new_page()
            log_in(phone, tree.tenant.name, user.staff_no)
            phone.goto(f"/voting/{poll.pk}/")
            phone.get_by_test_id("vote-button").click()
            phone.get_by_label("赞成").check()
            phone.get_by_role("button", name="下一步：确认").click()
            phone.get_by_role("button", name="确认投票").click()
            expect(phone.get_by_test_id("receipt")).to_be_visible()

        office.reload()
        office.fill("textarea[name=reason]", "投票人已投票")
        office.get_by_role("button", name="截止投票").click()
        office.get_by_role("button", name="计票").click()
        poll.refresh_from_db()
        fingerprint = tally.fingerprint(poll.final_hash)
        expect(office.get_by_test_id("fingerprint")).to_have_text(fingerprint)

        checker = new_context(phone=True).new_page()
        log_in(checker, tree.tenant.name, scrutineer.staff_no)
        checker.goto(f"/voting/{poll.pk}/")
        checker.get_by_role("link", name="复核并确认").click()
        agree = checker.get_by_label("我已核对，两者一致")
        expect(checker.get_by_test_id("verify-result")).to_contain_text("复核一致")
        expect(checker.get_by_test_id("server-fingerprint")).to_have_text(fingerprint)
        expect(checker.get_by_test_id("recount-fingerprint")).to_have_text(
            fingerprint
        )  # computed in the browser
        expect(agree).to_be_enabled()
        assert checker.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        agree.check()
        checker.get_by_role("button", name="确认", exact=True).click()
        expect(checker.locator(".alert-success")).to_contain_text("已确认")
        officer = PollOfficer.objects.get(poll=poll, kind=PollOfficer.Kind.SCRUTINEER)
        assert officer.confirmed_fingerprint == fingerprint

        office.reload()
        office.get_by_role("button", name="公布结果").click()
        expect(office.get_by_test_id("poll-status")).to_contain_text("已公布")
        office.goto(f"/voting/{poll.pk}/result/")
        expect(office.get_by_test_id("fingerprint")).to_have_text(fingerprint)
        expect(office.get_by_test_id("scrutineer")).to_contain_text("复核并确认结果指纹一致")
        printed = office.request.get(office.get_by_role("link", name="打印结果（PDF）").get_attribute("href"))
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.body())).pages)
        assert fingerprint in text.replace(" ", "")
        office.goto(f"/voting/{poll.pk}/ballots/")
        expect(office.get_by_test_id("fingerprint")).to_have_text(fingerprint)

    poll.refresh_from_db()
    assert poll.status == PollStatus.PUBLISHED and poll.electorate_size == in_college
