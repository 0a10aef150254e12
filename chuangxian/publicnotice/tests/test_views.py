"""The public-notice pages: the period and its end on the official calendar, the objection form's
refusals shown at once, the office's publish / answer / finalise, other schools' 404, and query
counts that do not grow with the rows."""

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.publicnotice.models import NoticeItem, Objection, ObjectionStatus, PublicNotice
from chuangxian.publicnotice.services import notice_publish
from chuangxian.publicnotice.tests.factories import CONTACT, object_to, selection_at_notice
from chuangxian.selections.models import EntryStatus, Stage

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date) -> "time_machine.travel":
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False)


def publish(selection, start: date) -> PublicNotice:  # type: ignore[no-untyped-def]
    """Published on its start day (a notice cannot start in the past)."""
    with at(start):
        return notice_publish(selection=selection, starts_on=start, contact=CONTACT, actor=SYSTEM)


def test_the_notice_page_shows_the_period_ending_after_national_day_2025(client, personas, selection):
    # Starting on Tuesday 2025-09-30, the day before 国庆 (10-01..10-08 off, Saturday 10-11 worked).
    with at(date(2025, 9, 30)):
        notice = publish(selection, date(2025, 9, 30))
        client.force_login(personas.member)
        page = client.get(reverse("publicnotice:detail", args=[notice.pk])).text
    assert "2025-09-30 至 2025-10-13（5 个工作日" in page
    assert "林老师" in page and "数学与计算机科学学院" in page and "郑老师爱岗敬业" in page
    assert "公示期间的异议须署真实姓名和联系方式，匿名异议不予受理。" in page
    assert 'data-testid="objection-form"' in page  # running: the form is there
    assert 'value="普通会员"' in page  # the real name prefilled from the roster


def test_the_publish_page_computes_the_end_and_publishes(client, personas, selection):
    client.force_login(personas.office)
    url = reverse("publicnotice:publish", args=[selection.pk])
    entry = selection.entries.filter(tenant_id=selection.tenant_id).first()
    with at(date(2025, 9, 29)):
        page = client.get(url).text
        assert 'value="2025-09-29"' in page  # today, in ISO for the date input
        assert "至 2025-10-11（含当天）" in page  # 09-28 and 10-11 are make-up working days
        assert "林老师爱岗敬业" in page  # achievements prefilled, editable
        data = {
            "starts_on": "2025-09-30",
            "working_days": "5",
            "contact": CONTACT,
            f"achievements_{entry.pk}": "主持省级课题",
            **{
                f"achievements_{e.pk}": e.summary
                for e in selection.entries.filter(tenant_id=selection.tenant_id).exclude(pk=entry.pk)
            },
        }
        preview = client.post(url, {**data, "preview": "1"}).text
        assert "至 2025-10-13（含当天）" in preview
        assert not PublicNotice.objects.filter(tenant_id=selection.tenant_id).exists()
        response = client.post(url, data)
    notice = PublicNotice.objects.get(tenant_id=selection.tenant_id)
    assert response.status_code == 302 and response["Location"] == reverse(
        "publicnotice:detail", args=[notice.pk]
    )
    assert notice.ends_on == date(2025, 10, 13)
    assert NoticeItem.objects.get(tenant_id=notice.tenant_id, entry=entry).achievements == "主持省级课题"


def test_the_publish_page_warns_of_a_year_the_calendar_does_not_know(client, personas, selection):
    client.force_login(personas.office)
    url = reverse("publicnotice:publish", args=[selection.pk])
    page = client.post(
        url, {"starts_on": "2030-12-30", "working_days": "5", "contact": CONTACT, "preview": "1"}
    ).text
    assert "2030、2031 年的法定节假日安排尚未录入，请在工作日设置中补充。" in page


def test_the_publish_form_reports_every_problem_at_once(client, personas, selection):
    client.force_login(personas.office)
    entry = selection.entries.filter(tenant_id=selection.tenant_id).first()
    page = client.post(
        reverse("publicnotice:publish", args=[selection.pk]),
        {
            "starts_on": "",
            "working_days": "0",
            "contact": "",
            f"achievements_{entry.pk}": "",
            "doc_prefix": "泉师院工",
        },
    ).text
    for message in ("这个字段是必填项", "签发公文时请填写发文机关署名"):
        assert message in page
    assert not PublicNotice.objects.filter(tenant_id=selection.tenant_id).exists()


def test_an_anonymous_objection_is_refused_on_the_page(client, personas, selection):
    with at(date(2026, 12, 1)):
        notice = publish(selection, date(2026, 12, 1))
        client.force_login(personas.member)
        response = client.post(
            reverse("publicnotice:object", args=[notice.pk]), {"real_name": "", "contact": "", "text": ""}
        )
    page = response.text
    assert response.status_code == 200
    assert "公示期间的异议须署真实姓名和联系方式，匿名异议不予受理。" in page
    assert "请写明异议的内容和事实依据。" in page  # every problem at once
    assert not Objection.objects.filter(tenant_id=notice.tenant_id).exists()


def test_an_objection_filed_answered_and_seen_by_the_objector(client, personas, selection):
    with at(date(2026, 12, 1)):
        notice = publish(selection, date(2026, 12, 1))
        item = NoticeItem.objects.get(tenant_id=notice.tenant_id, notice=notice, name="郑老师")
        Member.objects.filter(pk=personas.member_row.pk, tenant_id=notice.tenant_id).update(name="王某某")
        client.force_login(personas.member)
        response = client.post(
            reverse("publicnotice:object", args=[notice.pk]),
            {"real_name": "王某某", "contact": "wang@example.com", "item": str(item.pk), "text": "事迹不实"},
        )
        objection = Objection.objects.get(tenant_id=notice.tenant_id)
        assert response["Location"] == reverse("publicnotice:objection", args=[objection.pk])
        # Another member of the school sees the notice but not this objection.
        client.force_login(personas.chair)
        assert client.get(reverse("publicnotice:objection", args=[objection.pk])).status_code == 404
        assert "王某某" not in client.get(reverse("publicnotice:detail", args=[notice.pk])).text
        client.force_login(personas.office)
        assert "王某某" in client.get(reverse("publicnotice:detail", args=[notice.pk])).text
        client.post(
            reverse("publicnotice:answer", args=[objection.pk]),
            {"result": "substantiated", "answer": "经核实，事迹有夸大。"},
        )
        client.force_login(personas.member)
        page = client.get(reverse("publicnotice:objection", args=[objection.pk])).text
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.SUBSTANTIATED and "经核实，事迹有夸大。" in page
    assert (
        item.entry.__class__.objects.get(pk=item.entry_id, tenant_id=item.tenant_id).status
        == EntryStatus.REMOVED
    )


def test_finalise_on_the_page(client, personas, selection):
    with at(date(2026, 12, 1)):
        notice = publish(selection, date(2026, 12, 1))
    url = reverse("publicnotice:finalise", args=[notice.pk])
    with at(date(2026, 12, 7)):
        client.force_login(personas.office)
        client.post(url)
        assert (
            "公示期至 2026-12-07 结束，尚未期满"
            in client.get(reverse("publicnotice:detail", args=[notice.pk])).text
        )
    with at(date(2026, 12, 8)):
        client.force_login(personas.chair)
        assert client.post(url).status_code == 404
        client.force_login(personas.office)
        client.post(url)
    selection.refresh_from_db()
    assert selection.stage == Stage.FINAL


def test_another_school_gets_404(client, personas, selection):
    notice = publish(selection, date(2026, 12, 1))
    client.force_login(personas.other_office)
    assert client.get(reverse("publicnotice:detail", args=[notice.pk])).status_code == 404
    assert client.get(reverse("publicnotice:publish", args=[selection.pk])).status_code == 404
    assert "关于" not in client.get(reverse("publicnotice:index")).text


_n = itertools.count(1)


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["office", "member"])
def test_the_pages_read_the_same_number_of_queries_at_two_sizes(client, personas, tree, persona):
    def notice_of(n: int) -> PublicNotice:
        members = [(tree.college, MemberFactory(unit=tree.college, name=f"对象{next(_n)}")) for _ in range(n)]
        return publish(selection_at_notice(tree.tenant, members, title=f"评选{next(_n)}"), date(2026, 12, 1))

    client.force_login(getattr(personas, persona))
    with at(date(2026, 12, 2)):
        small = notice_of(2)
        object_to(small, personas.member)
        large = notice_of(12)
        for _ in range(6):
            object_to(large, personas.member)
            object_to(large, personas.chair)
        detail = [_count(client, reverse("publicnotice:detail", args=[n.pk])) for n in (small, large)]
        index_small = _count(client, reverse("publicnotice:index"))
        for _ in range(5):
            notice_of(1)
        index_large = _count(client, reverse("publicnotice:index"))
        objections = [
            Objection.objects.filter(tenant_id=n.tenant_id, notice=n).first() for n in (small, large)
        ]
        answer_pages = [_count(client, reverse("publicnotice:objection", args=[o.pk])) for o in objections]
    assert detail[0] == detail[1]
    assert index_small == index_large
    assert answer_pages[0] == answer_pages[1]


def test_the_publish_page_reads_the_same_number_of_queries_at_two_sizes(client, personas, tree):
    client.force_login(personas.office)

    def selection_of(n: int):  # type: ignore[no-untyped-def]
        members = [(tree.college, MemberFactory(unit=tree.college, name=f"对象{next(_n)}")) for _ in range(n)]
        return selection_at_notice(tree.tenant, members, title=f"评选{next(_n)}")

    small, large = selection_of(1), selection_of(10)
    counts = [_count(client, reverse("publicnotice:publish", args=[s.pk])) for s in (small, large)]
    assert counts[0] == counts[1]


def test_the_office_names_a_discipline_inspector_who_then_answers(client, personas, tree, selection):
    from chuangxian.orgs.tests.factories import make_user

    inspector = MemberFactory(unit=tree.root, name="纪检委员")
    user = make_user(inspector)
    with at(date(2026, 12, 1)):
        notice = publish(selection, date(2026, 12, 1))
        client.force_login(personas.office)
        url = reverse("publicnotice:discipline", args=[selection.pk])
        assert client.post(url, {"members": [str(inspector.pk)]}).status_code == 302
        assert "纪检委员" in client.get(url).text
        objection = object_to(notice, personas.member)
        client.force_login(user)
        assert "调查核实并书面答复" in client.get(reverse("publicnotice:objection", args=[objection.pk])).text
        client.post(
            reverse("publicnotice:answer", args=[objection.pk]), {"result": "rejected", "answer": "不属实。"}
        )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.REJECTED and objection.answered_by == user


def test_the_index_lists_selections_awaiting_their_notice_for_the_office(client, personas, selection):
    client.force_login(personas.office)
    assert selection.title in client.get(reverse("publicnotice:index")).text
    client.force_login(personas.member)
    assert selection.title not in client.get(reverse("publicnotice:index")).text
    publish(selection, date(2026, 12, 1))
    client.force_login(personas.office)
    page = client.get(reverse("publicnotice:index"), {"q": "优秀工会工作者"}).text
    assert 'data-testid="awaiting"' not in page and "拟表彰（推荐）对象的公示" in page
    assert "拟表彰" not in client.get(reverse("publicnotice:index"), {"q": "不存在的标题"}).text


def test_home_to_dos_tell_the_office_and_the_discipline_grant(personas, tree, selection):
    from chuangxian.campaigns.todos import todos_for
    from chuangxian.orgs.tests.factories import make_user
    from chuangxian.publicnotice.services import discipline_name

    campaign = selection.campaign

    def titles(user):  # type: ignore[no-untyped-def]
        return [item.title for item in todos_for(user, campaign) if "公示" in item.title]

    assert titles(personas.office) == ["发布公示：2011年度优秀工会工作者评选"]
    inspector = MemberFactory(unit=tree.root, name="纪检委员")
    user = make_user(inspector)
    with at(date(2026, 12, 1)):
        discipline_name(selection=selection, members=[inspector], actor=SYSTEM)
        notice = publish(selection, date(2026, 12, 1))
        object_to(notice, personas.member)
        assert titles(user) == ["答复公示异议（1 条）：2011年度优秀工会工作者评选"]
        assert titles(personas.office) == ["答复公示异议（1 条）：2011年度优秀工会工作者评选"]
        assert titles(personas.member) == []
    with at(date(2026, 12, 8)):
        objection = Objection.objects.get(tenant_id=notice.tenant_id)
        from chuangxian.publicnotice.services import objection_answer

        objection_answer(objection=objection, substantiated=False, answer="不属实", actor=user)
        assert titles(personas.office) == ["公示期满，确认结果：2011年度优秀工会工作者评选"]
        assert titles(user) == []


def test_an_objection_under_another_name_is_refused_with_every_problem_at_once(client, personas, selection):
    with at(date(2026, 12, 1)):
        notice = publish(selection, date(2026, 12, 1))
        client.force_login(personas.member)
        page = client.post(
            reverse("publicnotice:object", args=[notice.pk]),
            {"real_name": "某某", "contact": "找我", "text": ""},
        ).text
    assert f"请填写您在花名册中的姓名“{personas.member_row.name}”" in page
    assert "联系方式请填写手机" in page and "请写明异议的内容" in page
    assert not Objection.objects.filter(tenant_id=notice.tenant_id).exists()
