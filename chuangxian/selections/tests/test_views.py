"""The selection pages: the office's type and selection pages, a unit's nomination page, the
entry's review forms, and the query counts of the pages that list (the same at two sizes)."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import UnitKind
from chuangxian.orgs.tests.factories import MemberFactory, make_unit
from chuangxian.selections.models import Entry, EntryStatus, MemberRecord, SelectionType, Stage
from chuangxian.selections.services import member_record_set, selection_advance, selection_stage_set
from chuangxian.selections.tests.factories import PDF, make_selection, make_type, nominate


def _pdf(name: str = "纪要.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_office_creates_a_type_and_every_problem_shows_at_once(client, personas, tree):
    client.force_login(personas.office)
    page = client.post(
        reverse("selections:type_new"),
        {
            "name": "",
            "entry_kind": "project",
            "stages": ["office_review"],
            "rule_in_post": "on",
            "quota_mode": "fixed",
        },
    )
    assert page.status_code == 200
    for sentence in ("必须包括：单位推荐、结果公布", "只适用于推荐个人", "请填写每单位最多推荐的数量"):
        assert sentence in page.text
    page = client.post(
        reverse("selections:type_new"),
        {
            "name": "先进工会基层组织",
            "entry_kind": "unit",
            "stages": ["nomination", "office_review", "final"],
            "quota_mode": "fixed",
            "quota_min": "0",
            "quota_max": "1",
            "quota_rounding": "half_up",
            "is_active": "on",
        },
    )
    assert page.status_code == 302
    item = SelectionType.objects.get(tenant=tree.tenant, name="先进工会基层组织")
    assert item.stages == ["nomination", "office_review", "final"]
    assert "每个单位最多推荐 1 个" in client.get(reverse("selections:type_list")).text


def test_the_seeds_types_are_added_from_the_list(client, personas, tree):
    client.force_login(personas.office)
    assert client.post(reverse("selections:type_seed")).status_code == 302
    page = client.get(reverse("selections:type_list"))
    assert "模范职工之家" in page.text and "在职会员 × 5%，四舍五入，至少 1 名" in page.text
    found = client.get(reverse("selections:type_list"), {"q": "职工之家"}).text
    assert "模范职工之家" in found and "优秀工会工作者" not in found
    units = client.get(reverse("selections:type_list"), {"kind": "unit"}).text
    assert "先进工会基层组织" in units and "创先争优优秀项目" not in units
    client.force_login(personas.chair)
    assert client.post(reverse("selections:type_seed")).status_code == 404


def test_the_office_creates_and_opens_a_selection(client, personas, campaign, member_type):
    client.force_login(personas.office)
    page = client.post(
        reverse("selections:new"),
        {
            "type": member_type.pk,
            "campaign": campaign.pk,
            "title": "2011年度优秀工会工作者评选",
            "nomination_ends_on": "2099-01-31",
        },
    )
    assert page.status_code == 302
    selection = member_type.selections.get()
    client.post(reverse("selections:open", args=[selection.pk]))
    selection.refresh_from_db()
    assert selection.stage == Stage.NOMINATION


def test_a_skip_without_a_reason_is_shown_and_nothing_moves(client, personas, selection):
    client.force_login(personas.office)
    page = client.post(
        reverse("selections:stage_set", args=[selection.pk]), {"stage": "notice", "reason": ""}
    )
    assert page.status_code == 400
    selection.refresh_from_db()
    assert selection.stage == Stage.NOMINATION
    page = client.post(reverse("selections:advance", args=[selection.pk]), {"from_stage": "party_review"})
    selection.refresh_from_db()
    assert selection.stage == Stage.NOMINATION  # the page showed another stage: refused


def test_a_chair_nominates_by_staff_number_and_sees_the_quota_refusal(
    client, personas, tree, selection, colleagues
):
    client.force_login(personas.chair)
    url = reverse(
        "selections:nominate", args=[selection.pk, tree.group.pk]
    )  # the group's page is the college's
    page = client.get(url)
    assert page.status_code == 200 and "每个单位最多推荐 2 名" in page.text
    for member in colleagues[:2]:
        page = client.post(url, {"candidate": member.staff_no, "summary": "爱岗敬业", "minutes": _pdf()})
        assert page.status_code == 302
    page = client.post(url, {"candidate": colleagues[2].staff_no, "summary": "爱岗敬业", "minutes": _pdf()})
    assert page.status_code == 400
    assert "每个单位最多推荐 2 名，已推荐 2 名" in page.text
    page = client.post(url, {"candidate": "nobody", "summary": "", "minutes": ""})
    assert "这个字段是必填项" in page.text or "必填" in page.text
    assert Entry.objects.filter(selection=selection).count() == 2
    client.force_login(personas.sibling_chair)
    assert client.get(url).status_code == 404


def test_party_and_office_review_forms(client, personas, tree, selection, colleagues):
    entry = nominate(selection, tree.college, colleagues[0])
    selection = selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    client.force_login(personas.chair)
    assert "登记党组织意见" in client.get(reverse("selections:entry", args=[entry.pk])).text
    page = client.post(
        reverse("selections:party_review", args=[entry.pk]), {"decision": "disagree", "note": ""}
    )
    assert page.status_code == 400
    assert "党组织不同意时请写明理由" in page.text and "这个字段是必填项" in page.text
    page = client.post(
        reverse("selections:party_review", args=[entry.pk]),
        {"decision": "agree", "note": "", "opinion": _pdf("意见.pdf")},
    )
    assert page.status_code == 302
    selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    client.force_login(personas.office)
    page = client.post(
        reverse("selections:office_review", args=[entry.pk]), {"approve": "0", "note": "请补充证书"}
    )
    assert page.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RETURNED
    page = client.get(reverse("selections:entry", args=[entry.pk]))
    assert "请补充证书" in page.text
    client.force_login(personas.chair)
    page = client.post(reverse("selections:resubmit", args=[entry.pk]), {"summary": "已补充证书"})
    assert page.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.NOMINATED
    files = entry.files.all()
    assert client.get(reverse("selections:entry_file", args=[entry.pk, files[0].pk])).status_code == 200


def test_a_plain_member_sees_the_selection_but_not_the_entries(client, personas, tree, selection, colleagues):
    nominate(selection, tree.college, colleagues[0])
    client.force_login(personas.member)
    page = client.get(reverse("selections:detail", args=[selection.pk]))
    assert page.status_code == 200 and "林老师" not in page.text
    client.force_login(personas.chair)
    assert "林老师" in client.get(reverse("selections:detail", args=[selection.pk])).text


def test_the_list_searches(client, personas, campaign, member_type):
    make_selection(campaign, member_type, title="2011年度优秀工会工作者")
    make_selection(
        campaign, make_type(campaign.tenant, name="模范职工之家", entry_kind="unit"), title="模范之家评选"
    )
    client.force_login(personas.member)
    page = client.get(reverse("selections:index"), {"q": "模范"})
    assert "模范之家评选" in page.text and "2011年度优秀工会工作者" not in page.text


def test_the_office_keeps_a_members_record(client, personas, colleagues):
    client.force_login(personas.office)
    page = client.get(reverse("selections:records"), {"staff_no": colleagues[0].staff_no})
    assert page.status_code == 302
    page = client.post(
        page["Location"], {"union_work_since": "2005-09-01", "disciplined": "on", "discipline_note": "警告"}
    )
    assert page.status_code == 302
    record = MemberRecord.objects.get(member=colleagues[0])
    assert record.disciplined and record.union_work_since.isoformat() == "2005-09-01"
    assert "林老师" in client.get(reverse("selections:records"), {"q": "林"}).text


_units = itertools.count(1)


def _grow(tree, selection, n: int) -> None:
    """``n`` more sub-unions, each with members and an entry, and a party opinion on each."""
    for _ in range(n):
        unit = make_unit(tree.tenant, f"学院{next(_units)}", tree.root, kind=UnitKind.SUB_UNION)
        members = [MemberFactory(unit=unit) for _ in range(3)]
        nominate(selection, unit, members[0])


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_selection_page_reads_the_same_number_of_queries_at_two_sizes(client, personas, tree, selection):
    client.force_login(personas.office)
    url = reverse("selections:detail", args=[selection.pk])
    _grow(tree, selection, 1)
    small = _count(client, url)
    _grow(tree, selection, 6)
    assert _count(client, url) == small
    client.force_login(personas.chair)
    assert _count(client, url) <= small + 2


def test_the_entry_page_and_lists_are_bounded(client, personas, tree, campaign, member_type, selection):
    _grow(tree, selection, 1)
    entry = Entry.objects.filter(selection=selection).first()
    client.force_login(personas.office)
    small = {name: _count(client, reverse(name)) for name in ("selections:index", "selections:type_list")}
    entry_small = _count(client, reverse("selections:entry", args=[entry.pk]))
    for i in range(5):
        make_selection(campaign, make_type(tree.tenant, name=f"类型{i}"), title=f"评选{i}")
    _grow(tree, selection, 3)
    assert {name: _count(client, reverse(name)) for name in small} == small
    assert _count(client, reverse("selections:entry", args=[entry.pk])) == entry_small


def test_the_nomination_page_and_the_records_are_bounded(
    client, personas, tree, campaign, selection, colleagues
):
    client.force_login(personas.office)
    nominate_url = reverse("selections:nominate", args=[selection.pk, tree.college.pk])
    records_url = reverse("selections:records")
    nominate(selection, tree.college, colleagues[0])
    member_record_set(
        member=colleagues[0], union_work_since=None, disciplined=True, discipline_note="", actor=SYSTEM
    )
    small = (_count(client, nominate_url), _count(client, records_url))
    nominate(selection, tree.college, colleagues[1])
    for member in (*colleagues[1:], *(MemberFactory(unit=tree.sibling) for _ in range(4))):
        member_record_set(
            member=member, union_work_since=None, disciplined=True, discipline_note="", actor=SYSTEM
        )
    assert (_count(client, nominate_url), _count(client, records_url)) == small


def test_the_school_union_itself_has_no_nomination_page(client, personas, tree, selection):
    client.force_login(personas.office)
    assert client.get(reverse("selections:nominate", args=[selection.pk, tree.root.pk])).status_code == 404
    assert (
        client.get(reverse("selections:nominate", args=[selection.pk, tree.other_unit.pk])).status_code == 404
    )


def test_the_office_nominates_from_each_units_row_a_chair_from_the_top(client, personas, tree, selection):
    """The office may nominate for every unit: its links sit in the units' rows, not as a wall of
    buttons above the page; a chair's one or two units keep their buttons at the top."""
    for _ in range(4):
        make_unit(tree.tenant, f"学院{next(_units)}", tree.root, kind=UnitKind.SUB_UNION)
    url = reverse("selections:detail", args=[selection.pk])
    client.force_login(personas.office)
    page = client.get(url).text
    top, table = page.split('data-testid="quota"', 1)
    assert "/nominate/" not in top
    assert table.count("/nominate/") >= 5
    client.force_login(personas.chair)
    page = client.get(url).text
    top, table = page.split('data-testid="quota"', 1)
    assert "/nominate/" in top and "/nominate/" not in table


def test_a_finished_selection_links_to_its_results(client, personas, selection):
    client.force_login(personas.member)
    url = reverse("selections:detail", args=[selection.pk])
    assert 'data-testid="results-link"' not in client.get(url).text
    selection_stage_set(selection=selection, stage=Stage.FINAL, reason="测试", actor=SYSTEM)
    page = client.get(url).text
    results = reverse("awards:results", args=[selection.pk])
    assert 'data-testid="results-link"' in page and results in page
    assert client.get(results).status_code == 200  # the link opens for the person who sees it
