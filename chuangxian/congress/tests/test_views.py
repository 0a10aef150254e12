"""The congress's pages: the office's forms (every problem at once), the composition and the live
quorum as shown, the phone's check-in, and pages whose queries do not grow with the rows."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.congress.checkin import CODES
from chuangxian.congress.models import Congress, SessionAttendance
from chuangxian.congress.services import agenda_item_add, session_attendance_set
from chuangxian.congress.tests.factories import elect, elect_many, make_congress, make_session
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Gender, Post


def test_the_office_creates_the_school_congress_and_sees_every_problem_at_once(client, tree, personas):
    client.force_login(personas.office)
    url = reverse("congress:new")
    page = client.get(url).text
    assert "校工会" in page and 'value="3/5"' in page and 'value="2/3"' in page
    bad = {
        "unit": tree.root.pk,
        "term_number": "5",
        "term_starts_on": "",
        "term_years": "5",
        "teachers_min": "六成",
        "leaders_max": "1/5",
        "quorum": "2/3",
        "majority": "1/2",
    }
    page = client.post(url, bad).text
    assert "请写成分数，例如 2/3。" in page and "这个字段是必填项" in page
    page = client.post(url, {**bad, "teachers_min": "3/5", "quorum": "1/2"}).text
    assert "法定人数应超过全体代表的半数。" in page and "这个字段是必填项" in page  # the service's rule too
    good = {**bad, "term_starts_on": clock.today().isoformat(), "teachers_min": "3/5"}
    response = client.post(url, good)
    congress = Congress.objects.get(tenant_id=tree.tenant.pk)
    assert response.url == reverse("congress:detail", args=[congress.pk])
    assert (congress.unit_id, congress.term_number) == (tree.root.pk, 5)


def test_a_chair_may_set_up_only_the_college_congress(client, tree, personas):
    client.force_login(personas.chair)
    page = client.get(reverse("congress:new")).text
    assert f'<option value="{tree.college.pk}">文学与传播学院</option>' in page
    assert f'<option value="{tree.root.pk}">' not in page
    client.force_login(personas.member)
    assert client.get(reverse("congress:new")).status_code == 404


def test_the_congress_page_shows_the_composition_checks(client, tree, personas):
    congress = make_congress(tree.root)
    elect_many(congress, tree.college, 2, post=Post.TEACHER, gender=Gender.FEMALE)
    elect_many(congress, tree.sibling, 2, post=Post.ADMIN, gender=Gender.MALE)
    client.force_login(personas.member)
    page = client.get(reverse("congress:detail", args=[congress.pk])).text
    assert "50.0%" in page and "不符合" in page  # 2 teachers of 4 < 60%
    assert "文学与传播学院代表团" not in page and "未编入代表团" in page
    assert 'href="/exports/' in page or "exports" in page
    assert "登记代表选举结果" not in page  # a member reads, the office records


def test_the_session_page_shows_the_quorum_live(client, tree, personas):
    congress = make_congress(tree.root)
    reps = elect_many(congress, tree.college, 3)
    session = make_session(congress)
    client.force_login(personas.member)
    quorum = reverse("congress:quorum", args=[session.pk])
    assert 'data-testid="not-quorate"' in client.get(quorum).text
    session_attendance_set(session=session, member_ids=[r.member_id for r in reps[:2]], actor=SYSTEM)
    text = client.get(quorum).text
    assert 'data-testid="quorate"' in text and "2</span>" in text and "至少 2 人" in text


def test_a_representative_checks_in_from_the_phone(client, tree, personas):
    congress = make_congress(tree.root)
    elect(congress, personas.member_row)
    session = make_session(congress)
    client.force_login(personas.member)
    url = reverse("congress:checkin", args=[session.pk]) + f"?code={CODES.make(session.pk).token}"
    assert "签到成功" in client.get(url).text
    assert SessionAttendance.objects.filter(session=session, member=personas.member_row).count() == 1
    assert "您已签到" in client.get(url).text
    client.force_login(personas.chair)
    response = client.get(url)
    assert response.status_code == 400 and "不是本届教代会的代表" in response.text


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_do_a_fixed_number_of_queries(client, tree, personas):
    congress = make_congress(tree.root)
    session = make_session(congress)
    client.force_login(personas.office)
    urls = [
        reverse("congress:index"),
        reverse("congress:detail", args=[congress.pk]),
        reverse("congress:session", args=[session.pk]),
        reverse("congress:quorum", args=[session.pk]),
    ]

    terms = iter(range(1, 99))

    def grow(n: int) -> None:
        reps = elect_many(congress, tree.college, n)
        session_attendance_set(session=session, member_ids=[r.member_id for r in reps], actor=SYSTEM)
        for i in range(n):
            agenda_item_add(session=session, title=f"议程{i}", actor=SYSTEM)
        for _i in range(n // 2):
            make_congress(tree.sibling, term_number=next(terms))

    grow(2)
    small = [_queries(client, url) for url in urls]
    grow(12)
    assert [_queries(client, url) for url in urls] == small
    assert max(small) <= 30, small


def test_another_schools_office_gets_a_404(client, tree, personas):
    congress = make_congress(tree.root)
    session = make_session(congress, starts_in=timedelta(days=2))
    client.force_login(personas.other_office)
    assert client.get(reverse("congress:detail", args=[congress.pk])).status_code == 404
    assert client.get(reverse("congress:session", args=[session.pk])).status_code == 404
