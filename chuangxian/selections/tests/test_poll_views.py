"""The democratic recommendation's pages: the office starts it from the selection page (every
problem at once), the selection page links to the poll on the voting engine and shows its published
result to whoever may see it, and reads a fixed number of queries at two sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.selections.models_poll import SelectionPoll
from chuangxian.selections.tests.factories_poll import (
    make_selection_poll,
    poll_selection,
    run_poll,
    to_poll,
    voters_in,
)
from chuangxian.voting.models import ElectorateKind, Poll, PollStatus
from tests.template_queries import queries_in_templates


def _at_poll(tree, campaign, title="2011年度先进个人"):
    selection, entries = poll_selection(
        campaign, [(tree.college, "张老师"), (tree.college, "李老师"), (tree.sibling, "王老师")], title=title
    )
    return to_poll(selection), entries


def _form(tree, **fields):
    data = {
        "title": "先进个人民主推荐",
        "opens_at": "2030-05-10T08:00",
        "closes_at": "2030-05-12T18:00",
        "seats": "2",
        "electorate_kind": ElectorateKind.UNITS,
        "electorate_units": [str(tree.library.pk)],
        "secrecy": "sealed",
        "tie_rule": "runoff",
        "scrutineers": "",
    }
    data.update(fields)
    return data


def test_the_office_starts_the_poll_from_the_selection_page(client, personas, tree, campaign):
    selection, _entries = _at_poll(tree, campaign)
    client.force_login(personas.office)
    detail = client.get(reverse("selections:detail", args=[selection.pk])).text
    url = reverse("selections:poll_new", args=[selection.pk])
    assert url in detail and "发起民主推荐" in detail
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="2011年度先进个人 民主推荐"' in page.text and 'name="seats" value="3"' in page.text
    assert "张老师（文学与传播学院）（文学与传播学院）" not in page.text
    page = client.post(
        url, _form(tree, closes_at="2030-05-09T08:00", seats="4", electorate_units=[], scrutineers="NOPE1")
    )
    assert page.status_code == 400
    for problem in (
        "截止时间必须晚于开始时间。",
        "推荐名额不能多于推荐对象数（3）。",
        "请选择参加投票的单位。",
        "找不到这些工号：NOPE1",
    ):
        assert problem in page.text, problem
    assert not Poll.objects.filter(tenant_id=tree.tenant.pk).exists()
    page = client.post(url, _form(tree))
    made = SelectionPoll.objects.select_related("poll").get(tenant_id=tree.tenant.pk, selection=selection)
    assert page.status_code == 302 and page["Location"] == reverse("voting:detail", args=[made.poll_id])
    assert made.seats == 2 and made.poll.status == PollStatus.DRAFT and made.poll.sealed
    assert client.get(url)["Location"] == reverse("voting:detail", args=[made.poll_id])
    detail = client.get(reverse("selections:detail", args=[selection.pk])).text
    assert reverse("voting:detail", args=[made.poll_id]) in detail and "草稿" in detail
    assert url not in detail


def test_the_page_says_why_outside_the_poll_stage(client, personas, tree, campaign):
    selection, _entries = poll_selection(campaign, [(tree.college, "张老师")])
    client.force_login(personas.office)
    page = client.get(reverse("selections:poll_new", args=[selection.pk]))
    assert page.status_code == 200 and "评选处于「民主推荐」环节时才能发起民主推荐。" in page.text
    page = client.post(reverse("selections:poll_new", args=[selection.pk]), _form(tree, seats="1"))
    assert page.status_code == 400 and "评选处于「民主推荐」环节时才能发起民主推荐。" in page.text
    assert "发起民主推荐</a>" not in client.get(reverse("selections:detail", args=[selection.pk])).text


def test_only_the_office_reaches_the_page(client, personas, tree, campaign):
    selection, _entries = _at_poll(tree, campaign)
    url = reverse("selections:poll_new", args=[selection.pk])
    for user in (personas.chair, personas.member, personas.leader, personas.other_office):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, _form(tree)).status_code == 404
    client.force_login(personas.chair)
    assert url not in client.get(reverse("selections:detail", args=[selection.pk])).text
    assert not Poll.objects.filter(tenant_id=tree.tenant.pk).exists()


def test_the_published_result_shows_on_the_selection_page_to_those_who_may_see_it(
    client, personas, tree, campaign
):
    selection, (zhang, li, wang) = _at_poll(tree, campaign)
    standing = make_selection_poll(selection, [tree.library], 2)
    voters = voters_in(tree.library, 3)
    run_poll(standing, voters, [[zhang, li], [zhang, li], [zhang, wang]], personas.office)
    client.force_login(voters[0][0])  # a voter: the electorate sees the result
    page = client.get(reverse("selections:detail", args=[selection.pk])).text
    assert "已公布" in page and 'data-testid="poll-result"' in page
    assert page.index(zhang.candidate_name) < page.index(li.candidate_name) < page.index(wang.candidate_name)
    assert "3 票" in page and "获推荐" in page and "未获推荐" in page
    client.force_login(personas.member)  # outside the electorate: the status only, as on the engine
    page = client.get(reverse("selections:detail", args=[selection.pk])).text
    assert "已公布" in page and 'data-testid="poll-result"' not in page
    assert reverse("voting:detail", args=[standing.poll_id]) not in page


def _count(client, url):
    with CaptureQueriesContext(connection) as queries, queries_in_templates() as in_templates:
        assert client.get(url).status_code == 200
    assert not in_templates, in_templates
    return len(queries)


def test_the_pages_read_a_fixed_number_of_queries(client, personas, tree, campaign):
    counts = []
    for n in (1, 6):
        candidates = [(tree.college, f"候选{n}-{i}") for i in range(n + 2)]
        selection, entries = poll_selection(campaign, candidates, title=f"评选{n}")
        selection = to_poll(selection)
        client.force_login(personas.office)
        form_count = _count(client, reverse("selections:poll_new", args=[selection.pk]))
        standing = make_selection_poll(selection, [tree.library], 1)
        voters = voters_in(tree.library, 3, prefix=f"投票人{n}-")
        run_poll(standing, voters, [[entries[0]]] * 3, personas.office)
        detail_count = _count(client, reverse("selections:detail", args=[selection.pk]))
        counts.append((form_count, detail_count))
    assert counts[0] == counts[1], counts
