"""Browser journey: the sealed ballot box. An officer opens a poll with three scrutineers, who collect
their shares on their phones; members vote on phones and keep their trackers; after the close two
scrutineers open the box on their phones, one typing the code, the other opening the QR code's link
(the share in the URL fragment); the scrutineers recount and confirm, the organiser releases the
result, a voter finds their tracker and the browser recount matches."""

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting import services
from chuangxian.voting.models import ElectorateKind, KeyShare, PollStatus
from chuangxian.voting.tests.conftest import at
from tests.e2e.test_voting_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_scrutineers_open_the_sealed_box_on_their_phones(new_context, tree, personas):
    keepers = [MemberFactory(unit=tree.sibling, name=n) for n in ("监票人甲", "监票人乙", "监票人丙")]
    scrutineers = [make_user(member) for member in keepers]
    voters = [make_user(MemberFactory(unit=tree.sibling, name=n)) for n in ("投票人甲", "投票人乙")]
    with time_machine.travel("2011-05-10 08:00 +0800", tick=False):
        poll = services.poll_create(
            unit=tree.root,
            data=services.PollData(
                title="先进工作者推荐",
                purpose="selection",
                opens_at=at("2011-05-10 08:00"),
                closes_at=at("2011-05-10 18:00"),
                electorate_kind=ElectorateKind.UNITS,
                electorate_units=[tree.sibling],
                quorum_num=1,
                quorum_den=2,
                scrutineers=keepers,
            ),
            actor=personas.office,
        )
        services.question_add(
            poll=poll,
            data=services.QuestionData(
                text="推荐人选（应选 1 名）", method="approval", options=["张老师", "李老师"], max_choices=1
            ),
            actor=personas.office,
        )
    with time_machine.travel("2011-05-10 09:00 +0800", tick=True):
        office = new_context().new_page()
        log_in(office, tree.tenant.name, personas.office.staff_no)
        office.goto(f"/voting/{poll.pk}/")
        expect(office.get_by_test_id("secrecy")).to_contain_text("选票密封保存")
        office.get_by_role("link", name="开始投票").click()
        office.get_by_role("button", name="确认开启").click()
        expect(office.get_by_test_id("poll-status")).to_contain_text("投票中")
        expect(office.get_by_test_id("box-collected")).to_contain_text("已领取分片 0/3")

        # Each scrutineer collects their share on their phone and types their copy back to confirm it.
        phones, codes, links = [], [], []
        for user in scrutineers:
            phone = new_context(phone=True).new_page()
            log_in(phone, tree.tenant.name, user.staff_no)
            phone.goto(f"/voting/{poll.pk}/")
            phone.get_by_test_id("collect-share").click()
            expect(phone.get_by_role("heading", name="领取开箱密钥分片")).to_be_visible()
            assert fits(phone)
            phone.get_by_test_id("share-collect").click()
            code = phone.get_by_test_id("share-code").get_attribute("data-code")
            assert code and len(code.split("-")) == 8
            expect(phone.get_by_test_id("share-code")).to_contain_text(code.split("-")[0])
            expect(phone.get_by_test_id("share-qr")).to_be_visible()
            assert fits(phone)
            links.append(phone.get_by_test_id("share-qr").get_attribute("data-share-url"))
            phone.get_by_label("您的密钥分片").fill(code.replace("-", " ").lower())  # as copied by hand
            phone.get_by_test_id("share-confirm").click()
            expect(phone.get_by_text("已确认您抄写的分片无误")).to_be_visible()
            codes.append(code)
            phones.append(phone)
        assert not KeyShare.objects.filter(box__poll=poll, pending__isnull=False).exists()
        office.reload()
        expect(office.get_by_test_id("box-collected")).to_contain_text("已领取分片 3/3")

        # Everyone votes on a phone and keeps the tracker.
        voter_phones = []
        for user in voters:
            voter_phones.append(new_context(phone=True).new_page())
            log_in(voter_phones[-1], tree.tenant.name, user.staff_no)
        trackers = []
        for phone, choice in zip(
            phones + voter_phones, ("张老师", "张老师", "李老师", "张老师", "李老师"), strict=True
        ):
            phone.goto(f"/voting/{poll.pk}/vote/")
            expect(phone.get_by_test_id("secrecy")).to_contain_text("开箱前任何人（包括管理员）都看不到内容")
            phone.get_by_label(choice).check()
            phone.get_by_role("button", name="下一步：确认").click()
            phone.get_by_role("button", name="确认投票").click()
            expect(phone.get_by_test_id("tracker-note")).to_contain_text("不显示")
            trackers.append((phone, phone.get_by_test_id("receipt").inner_text()))

        office.reload()
        office.fill("textarea[name=reason]", "投票人已全部投票")
        office.get_by_role("button", name="截止投票").click()
        expect(office.get_by_test_id("box-waiting")).to_contain_text("等待监票人开箱（还需 2 位）")
        expect(office.get_by_role("button", name="计票")).to_have_count(0)

        # The first scrutineer types their code on the box page.
        first = phones[0]
        first.goto(f"/voting/{poll.pk}/")
        first.get_by_test_id("open-box").click()
        first.get_by_label("您的密钥分片").fill(codes[0].lower())
        first.get_by_test_id("share-submit").click()
        expect(first.locator(".alert-success")).to_contain_text("已提交 1 位，还需 1 位监票人")
        expect(first.get_by_test_id("box-submitted-count")).to_contain_text("监票人甲")
        assert fits(first)

        # The second opens the QR code's link: the share is filled in from the fragment, then cleared.
        second = phones[1]
        assert links[1].endswith(f"/voting/{poll.pk}/box/#share={codes[1]}")
        second.goto(links[1])
        expect(second.get_by_label("您的密钥分片")).to_have_value(codes[1])
        assert second.evaluate("window.location.hash") == ""
        second.get_by_test_id("share-submit").click()
        expect(second.get_by_test_id("box-open")).to_contain_text("票箱已开启")
        second.get_by_role("link", name="查看投票").click()
        expect(second.get_by_test_id("poll-status")).to_contain_text("已计票")

        # Every scrutineer recounts in their browser and confirms; the organiser releases.
        for phone in phones:
            phone.goto(f"/voting/{poll.pk}/confirm/")
            expect(phone.get_by_test_id("verify-result")).to_contain_text("复核一致")
            phone.get_by_label("我已核对，两者一致").check()
            phone.get_by_role("button", name="确认", exact=True).click()
            expect(phone.locator(".alert-success")).to_contain_text("已确认")
        office.reload()
        office.get_by_role("button", name="公布结果").click()
        expect(office.get_by_test_id("poll-status")).to_contain_text("已公布")

        # A voter finds their tracker; the counts agree; the browser recount matches.
        phone, tracker = trackers[-1]
        phone.goto(f"/voting/{poll.pk}/ballots/")
        expect(phone.get_by_test_id("box-count")).to_contain_text("追踪码 5 个，开启的选票 5 张，数目一致")
        phone.get_by_label("查找我的追踪码").fill(tracker)
        phone.get_by_role("button", name="查找").click()
        expect(phone.get_by_test_id("tracker-found")).to_contain_text("您的选票在票箱中")
        phone.get_by_test_id("tab-trackers").click()
        expect(phone.get_by_test_id("trackers")).to_contain_text(tracker)
        assert fits(phone)
        phone.goto(f"/voting/{poll.pk}/result/")
        expect(phone.get_by_test_id("box-count")).to_contain_text("数目一致")
        expect(phone.get_by_test_id("candidate").first).to_contain_text("张老师")
        phone.get_by_role("link", name="独立复核计票").click()
        expect(phone.get_by_test_id("verify-result")).to_contain_text("复核一致")

    poll.refresh_from_db()
    assert poll.status == PollStatus.PUBLISHED and poll.box.wrapped_key is None
