"""The appeals' pages and exports: the hidden name never reaches the handler's pages, the office's
pages nor the export; forms report every problem at once; the lists and the statistics read the
same number of queries at two sizes."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.appeals.models import Appeal, AppealStatus, Rating
from chuangxian.appeals.services import appeal_message
from chuangxian.appeals.tests.factories import accepted, answered, closed, matter, submit
from chuangxian.exports.tests.helpers import assert_refused, export_file, header, rows
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory, make_user

pytestmark = pytest.mark.django_db
HIDDEN = "欧阳隐名"
_n = itertools.count()


@pytest.fixture
def hidden(personas, tree):
    """The plain member under a name that must never show to a handler."""
    Member.objects.filter(pk=personas.member_row.pk, tenant_id=tree.tenant.pk).update(name=HIDDEN)
    personas.member.display_name = HIDDEN
    personas.member.save(update_fields=["display_name"])
    return personas.member


def _body(client, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_handler_and_the_office_never_see_the_hidden_name(client, personas, tree, hidden):
    appeal = accepted(hidden, anonymous=True)
    appeal_message(appeal=appeal, text="补充：302 实验室。", actor=hidden)
    for viewer in (personas.chair, personas.office):
        client.force_login(viewer)
        for url in (reverse("appeals:detail", args=[appeal.pk]), reverse("appeals:inbox")):
            body = _body(client, url)
            assert HIDDEN not in body, (viewer, url)
            assert "匿名教职工" in body
    client.force_login(hidden)
    assert HIDDEN in _body(client, reverse("appeals:detail", args=[appeal.pk]))  # the member sees their own


def test_a_named_appeal_shows_its_submitter_to_the_handler(client, personas, hidden):
    appeal = submit(hidden)
    client.force_login(personas.chair)
    assert HIDDEN in _body(client, reverse("appeals:detail", args=[appeal.pk]))


def test_the_export_has_no_hidden_name_and_only_the_office_runs_it(personas, tree, hidden):
    secret = answered(hidden, anonymous=True, subject="匿名的诉求")
    submit(hidden, subject="署名的诉求")
    content = export_file(personas.office, "appeals.appeals").content
    assert header(content)[:4] == ("编号", "主题", "类别", "提出人")
    table = {row[1]: row for row in rows(content)}
    assert table["匿名的诉求"][3] == "匿名教职工"
    assert table["署名的诉求"][3] == HIDDEN
    assert HIDDEN.encode() not in export_file(personas.office, "appeals.appeals", fmt="csv").content.replace(
        f"署名的诉求,工作条件,{HIDDEN}".encode(), b""
    )
    assert table["匿名的诉求"][0] == secret.number
    for actor in (personas.chair, personas.member, personas.leader):
        assert_refused(actor, "appeals.appeals")
    assert rows(export_file(personas.other_office, "appeals.appeals").content) == []  # its own school's


def test_the_ledger_export_lists_matters_with_their_appeals_for_anyone_of_the_school(personas, tree):
    appeal = closed(personas.member)
    matter(tree.tenant.pk, tree.root, [appeal])
    content = export_file(personas.member, "appeals.ledger").content
    [row] = rows(content)
    assert row[1] == "更换实验楼空调" and row[4] == 80 and appeal.number in row[6]
    assert personas.member_row.name not in str(row)


def test_the_submit_form_reports_every_problem_at_once(client, personas, tree):
    client.force_login(personas.member)
    response = client.post(
        reverse("appeals:new"), {"subject": "", "category": "", "text": "", "unit": str(tree.college.pk)}
    )
    form = response.context["form"]
    assert set(form.errors) == {"subject", "category", "text"}
    assert not Appeal.objects.filter(tenant_id=personas.member_row.tenant_id).exists()


def test_a_member_submits_anonymously_and_rates(client, personas, tree):
    client.force_login(personas.member)
    response = client.post(
        reverse("appeals:new"),
        {
            "subject": "希望增加教工食堂晚餐窗口",
            "category": "living",
            "unit": str(tree.college.pk),
            "text": "晚上排队太久。",
            "anonymous": "on",
        },
    )
    appeal = Appeal.objects.get(tenant_id=tree.tenant.pk)
    assert response.status_code == 302 and appeal.anonymous and appeal.unit == tree.college
    appeal = accepted_and_answered(appeal, personas)
    client.force_login(personas.chair)  # the handler may not rate: the same 404 as a missing appeal
    assert client.post(reverse("appeals:rate", args=[appeal.pk]), {"rating": "satisfied"}).status_code == 404
    client.force_login(personas.member)
    client.post(reverse("appeals:rate", args=[appeal.pk]), {"rating": "unsatisfied"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.round) == (AppealStatus.ACCEPTED, 2)


def accepted_and_answered(appeal: Appeal, personas) -> Appeal:  # type: ignore[no-untyped-def]
    from chuangxian.appeals.services import appeal_accept, appeal_answer

    appeal_accept(appeal=appeal, actor=personas.chair)
    appeal_answer(appeal=appeal, text="已协调食堂增开窗口。", actor=personas.chair)
    appeal.refresh_from_db()
    return appeal


def test_the_inbox_filters_by_status_and_overdue(client, personas):
    submit(personas.member, subject="待受理的")
    accepted(personas.member, subject="办理中的")
    client.force_login(personas.chair)
    body = _body(client, reverse("appeals:inbox") + "?status=accepted")
    assert "办理中的" in body and "待受理的" not in body
    body = _body(client, reverse("appeals:inbox") + "?q=待受理")
    assert "待受理的" in body and "办理中的" not in body


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _many(personas, tree, n: int) -> list[Appeal]:  # type: ignore[no-untyped-def]
    made = []
    for i in range(n):
        who = make_user(MemberFactory(unit=tree.group, name=f"教工{next(_n)}"))
        appeal = closed(
            who, rating=Rating.BASIC, anonymous=bool(i % 2), category=["work", "pay", "living"][i % 3]
        )
        made.append(appeal)
        made.append(submit(who, subject=f"诉求{next(_n)}"))
    return made


@pytest.mark.parametrize("persona", ["office", "chair", "member"])
def test_the_lists_read_the_same_number_of_queries_at_two_sizes(client, personas, tree, persona):
    client.force_login(getattr(personas, persona))
    _many(personas, tree, 1)
    matter(tree.tenant.pk, tree.root, [])
    pages = ["appeals:index", "appeals:ledger"]
    if persona != "member":
        pages.append("appeals:inbox")
    if persona == "office":
        pages += ["appeals:stats", "appeals:matter_new"]
    small = {name: _count(client, reverse(name)) for name in pages}
    _many(personas, tree, 6)
    for _ in range(4):
        matter(tree.tenant.pk, tree.college, [])
    large = {name: _count(client, reverse(name)) for name in pages}
    assert small == large


def test_the_detail_page_reads_the_same_number_of_queries_with_a_long_thread(client, personas):
    short = accepted(personas.member)
    long = accepted(personas.member)
    for i in range(6):
        appeal_message(appeal=long, text=f"第{i}条", actor=personas.chair if i % 2 else personas.member)
    client.force_login(personas.chair)
    counts = [_count(client, reverse("appeals:detail", args=[a.pk])) for a in (short, long)]
    assert counts[0] == counts[1]


def test_the_statistics_count_on_time_answers_and_satisfaction_by_unit_and_category(client, personas, tree):
    closed(personas.member, rating=Rating.SATISFIED, category="work")
    closed(personas.member, rating=Rating.UNSATISFIED, category="pay")  # reopened for a second round
    submit(personas.member, category="pay")
    from chuangxian.appeals.selectors import appeal_stats

    stats = appeal_stats(tree.tenant.pk)
    assert (stats.total.received, stats.total.answered, stats.total.on_time) == (3, 2, 2)
    assert stats.total.rated == 2 and stats.total.satisfaction_rate == "50.0%"
    assert [(r.label, r.received) for r in stats.by_category] == [("工作条件", 1), ("薪酬福利", 2)]
    assert [(r.label, r.received) for r in stats.by_unit] == [("文学与传播学院", 3)]
    client.force_login(personas.office)
    assert "50.0%" in _body(client, reverse("appeals:stats"))


def test_a_handling_office_sees_its_appeals_in_its_inbox_and_no_other(client, personas, tree):
    from chuangxian.appeals.services import desk_add
    from chuangxian.core.actors import SYSTEM
    from chuangxian.core.roles import Role
    from chuangxian.orgs.services import role_grant

    desk_add(unit=tree.library, actor=SYSTEM)
    clerk = MemberFactory(unit=tree.library, name="后勤干事")
    role_grant(member=clerk, unit=tree.library, role=Role.HANDLING_OFFICE, actor=SYSTEM)
    submit(personas.member, unit=tree.library, subject="图书馆座位不足")
    submit(personas.member, subject="学院的事")
    client.force_login(make_user(clerk))
    body = _body(client, reverse("appeals:inbox"))  # the tenant guard raises on an unconfined query
    assert "图书馆座位不足" in body and "学院的事" not in body


def test_the_office_names_a_handler_who_then_answers(client, personas, tree):
    appeal = accepted(personas.member, anonymous=True)
    expert = MemberFactory(unit=tree.library, name="后勤专家")
    client.force_login(personas.office)
    response = client.post(reverse("appeals:handler", args=[appeal.pk]), {"staff_no": "000"})
    assert "本校没有这个工号的教职工" in response.content.decode()
    other_school = MemberFactory(unit=tree.other_unit)
    response = client.post(reverse("appeals:handler", args=[appeal.pk]), {"staff_no": other_school.staff_no})
    assert "本校没有这个工号的教职工" in response.content.decode()
    client.post(reverse("appeals:handler", args=[appeal.pk]), {"staff_no": expert.staff_no})
    assert "后勤专家" in _body(client, reverse("appeals:detail", args=[appeal.pk]))
    client.force_login(personas.chair)  # a chair names nobody: the same 404
    assert (
        client.post(reverse("appeals:handler", args=[appeal.pk]), {"staff_no": expert.staff_no}).status_code
        == 404
    )
    client.force_login(make_user(expert))
    body = _body(client, reverse("appeals:detail", args=[appeal.pk]))
    assert "匿名教职工" in body and HIDDEN not in body
    client.post(reverse("appeals:answer", args=[appeal.pk]), {"text": "经研究，答复如下。"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_an_attachment_goes_with_the_appeal_to_its_handler_only(client, personas, tree, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas.member)
    client.post(
        reverse("appeals:new"),
        {
            "subject": "教室漏水",
            "category": "work",
            "unit": str(tree.college.pk),
            "text": "见照片。",
            "attachment": SimpleUploadedFile("漏水.png", PNG, content_type="image/png"),
        },
    )
    appeal = Appeal.objects.get(tenant_id=tree.tenant.pk)
    url = reverse("appeals:attachment", args=[appeal.pk])
    assert client.get(url).status_code == 200
    client.force_login(personas.chair)
    assert client.get(url).status_code == 200
    client.force_login(personas.sibling_chair)
    assert client.get(url).status_code == 404
    client.force_login(personas.member)
    response = client.post(
        reverse("appeals:new"),
        {
            "subject": "假图片",
            "category": "work",
            "unit": str(tree.college.pk),
            "text": "x",
            "attachment": SimpleUploadedFile("a.png", b"<script>alert(1)</script>", content_type="image/png"),
        },
    )
    assert response.status_code == 200 and Appeal.objects.filter(tenant_id=tree.tenant.pk).count() == 1
