"""Browser journey of a whole selection (issue 16): two colleges each nominate a project on a phone
with the unit meeting's minutes; the party organisations agree; two judges score both on phones; the
committee agrees on its page; the office publishes the 公示, a member objects under their real name
and the office answers in writing (not substantiated); the period over, the office confirms, announces
the winners and downloads the certificates as one PDF. Run with the tenant guard raising."""

from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import Page, expect

from chuangxian.awards.models import Award
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.projects.services import project_create
from chuangxian.projects.tests.conftest import IN_PHASE_2, data_for
from chuangxian.publicnotice.models import PublicNotice
from chuangxian.selections.models import Entry, EntryStatus, Stage
from chuangxian.selections.tests.factories import PDF, make_selection, make_type
from chuangxian.selections.tests.factories_judging import judge, make_panel
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAGES = (
    Stage.NOMINATION,
    Stage.PARTY_REVIEW,
    Stage.SCORING,
    Stage.COMMITTEE,
    Stage.NOTICE,
    Stage.FINAL,
)


def _advance(office: Page, selection_pk: int, to: str) -> None:
    office.goto(f"/selections/{selection_pk}/")
    office.get_by_role("button", name=f"进入下一环节：{to}").click()
    expect(office.get_by_test_id("stages").locator(".text-bg-primary")).to_contain_text(to)


def test_two_colleges_projects_go_from_nomination_to_certificates(
    new_context, tree, personas, settings, tmp_path
):
    settings.TENANT_QUERY_CHECK = "raise"
    campaign = make_campaign(tree.tenant)
    with time_machine.travel(IN_PHASE_2, tick=False):
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row, title="师德讲堂"),
            actor=SYSTEM,
        )
        project_create(
            unit=tree.sibling,
            campaign=campaign,
            data=data_for(campaign, MemberFactory(unit=tree.sibling), title="数学文化节"),
            actor=SYSTEM,
        )
    project_type = make_type(tree.tenant, name="创先争优优秀项目", entry_kind="project", stages=STAGES)
    selection = make_selection(campaign, project_type, title="2011年度创先争优优秀项目评选")
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(PDF)

    # 1. Each college's chair nominates its project on a phone.
    chairs = {}
    for persona, unit, title in (
        (personas.chair, tree.college, "师德讲堂"),
        (personas.sibling_chair, tree.sibling, "数学文化节"),
    ):
        phone = new_context(phone=True).new_page()
        log_in(phone, tree.tenant.name, persona.staff_no)
        phone.goto(f"/selections/{selection.pk}/")
        phone.get_by_role("link", name=f"{unit.name}推荐").click()
        phone.select_option("select[name=candidate]", label=f"{title}（{unit.name}）")
        phone.fill("textarea[name=summary]", f"{title}：全年开展十余次，覆盖全体教职工")
        phone.set_input_files("input[name=minutes]", str(minutes))
        phone.get_by_role("button", name="推荐").click()
        expect(phone.get_by_test_id("entries")).to_contain_text(title)
        assert fits(phone)
        chairs[title] = phone

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    _advance(office, selection.pk, "党组织审核")

    # 2. The party organisations agree (recorded by each chair with the signed opinion).
    for title, phone in chairs.items():
        entry = Entry.objects.get(tenant_id=tree.tenant.pk, selection=selection, candidate_name=title)
        phone.goto(f"/selections/entries/{entry.pk}/")
        phone.get_by_label("同意", exact=True).check()
        phone.set_input_files("input[name=opinion]", str(minutes))
        phone.get_by_role("button", name="登记").click()
        expect(phone.get_by_text("党组织意见：")).to_contain_text("同意")

    # 3. Two judges score both projects on phones (the panel set up as the judging journey does it).
    judges = [judge(tree.root, "校工会评委"), judge(tree.library, "图书馆评委")]
    make_panel(selection, [member for _user, member in judges], advance_count=2)
    _advance(office, selection.pk, "评委评审")
    for (user, _member), marks in zip(
        judges, ((("55", "35"), ("50", "30")), (("58", "36"), ("52", "31"))), strict=True
    ):
        phone = new_context(phone=True).new_page()
        log_in(phone, tree.tenant.name, user.staff_no)
        phone.goto("/selections/judging/")
        phone.get_by_role("link", name="第一评审组").click()
        for title, (first, second) in zip(("师德讲堂", "数学文化节"), marks, strict=True):
            phone.get_by_role("link", name=title).click()
            phone.get_by_label("事迹材料（0–60）").fill(first)
            phone.get_by_label("现场陈述（10–40）").fill(second)
            phone.get_by_role("button", name="提交评分").click()
            expect(phone.get_by_test_id("judge-entries")).to_contain_text("已提交")
        assert fits(phone)
    _advance(office, selection.pk, "评审委员会审定")

    # 4. The committee agrees to both.
    office.get_by_role("link", name="评审委员会审定").click()
    expect(office.get_by_test_id("committee-rows")).to_contain_text("第 1 名 / 2，92.00 分")
    for select in office.locator("select[name^=decision_]").all():
        select.select_option("agree")
    office.get_by_role("button", name="登记意见").click()
    expect(office.get_by_text("已登记评审委员会意见")).to_be_visible()
    _advance(office, selection.pk, "公示")

    # 5. The 公示: published, objected to under a real name, answered in writing.
    office.goto("/gongshi/")
    office.get_by_test_id("awaiting").get_by_role("link", name=selection.title).click()
    office.fill("textarea[name=contact]", "校工会办公室，电话 0595-22919500")
    office.get_by_role("button", name="发布公示").click()
    notice = PublicNotice.objects.get(tenant_id=tree.tenant.pk, selection=selection)
    Member.objects.filter(pk=personas.member_row.pk, tenant_id=tree.tenant.pk).update(name="王某某")
    member = new_context(phone=True).new_page()
    log_in(member, tree.tenant.name, personas.member.staff_no)
    member.goto(f"/gongshi/{notice.pk}/")
    expect(member.get_by_test_id("items")).to_contain_text("数学文化节")
    member.fill("input[name=real_name]", "王某某")
    member.fill("input[name=contact]", "13800000000")
    member.select_option("select[name=item]", label="数学文化节")
    member.fill("textarea[name=text]", "活动次数可能有夸大")
    member.get_by_role("button", name="实名提出异议").click()
    expect(member.get_by_test_id("status")).to_have_text("待处理")
    office.goto(member.url)
    office.get_by_label("异议不成立").check()
    office.fill("textarea[name=answer]", "经核实，活动记录齐全，异议不成立。")
    office.get_by_role("button", name="提交答复").click()
    expect(office.get_by_test_id("status")).to_have_text("异议不成立")
    member.reload()
    expect(member.get_by_test_id("answer")).to_have_text("经核实，活动记录齐全，异议不成立。")
    today = clock.today()
    PublicNotice.objects.filter(tenant_id=tree.tenant.pk, pk=notice.pk).update(
        starts_on=today - timedelta(days=21), ends_on=today - timedelta(days=14)
    )
    office.goto(f"/gongshi/{notice.pk}/")
    office.get_by_role("button", name="公示期满，确认结果（进入结果公布）").click()
    expect(office.get_by_text("评选进入“结果公布”")).to_be_visible()

    # 6. The announcement and the certificates, as one PDF.
    office.goto(f"/selections/{selection.pk}/")
    office.get_by_test_id("results-link").get_by_role("link").click()
    office.get_by_role("link", name="公布获奖名单").click()
    office.get_by_role("button", name="公布", exact=True).click()
    expect(office.get_by_test_id("winners")).to_contain_text("数学文化节")
    assert Award.objects.filter(tenant_id=tree.tenant.pk, selection=selection).count() == 2
    assert set(Entry.objects.filter(selection=selection).values_list("status", flat=True)) == {
        EntryStatus.AWARDED
    }
    with office.expect_download() as download:
        office.get_by_test_id("batch").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
