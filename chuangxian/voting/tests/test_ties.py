"""Settling a tie from the poll page: the lot recorded, or a run-off started."""

import pytest
import time_machine
from django.urls import reverse

from chuangxian.voting.models import LotDraw, Poll, PollStatus, TieRule
from chuangxian.voting.tests.conftest import tied_poll

pytestmark = pytest.mark.django_db


def test_the_organiser_records_the_lot_on_the_poll_page(client, tree, personas, voters):
    poll = tied_poll(tree, personas, voters, TieRule.LOT)
    client.force_login(personas.chair)
    url = reverse("voting:detail", args=[poll.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="tie-1"' in page and "张老师、李老师 票数相同" in page and "记录抽签结果" in page
    lot = reverse("voting:lot", args=[poll.pk])
    # Both tied candidates for one seat, and no note: refused, nothing recorded.
    refused = client.post(
        lot, {"question": "1", "lot1-winners": ["1", "2"], "lot1-note": ""}
    ).content.decode()
    assert "这个字段是必填项" in refused and not LotDraw.objects.exists()
    refused = client.post(lot, {"question": "1", "lot1-winners": ["2"], "lot1-note": " "}).content.decode()
    assert "is-invalid" in refused and not LotDraw.objects.exists()
    refused = client.post(lot, {"question": "1", "lot1-winners": ["1", "2"], "lot1-note": "监票人见证"})
    assert "请从票数相同的候选人中选出 1 人" in refused.content.decode() and not LotDraw.objects.exists()
    # A voter cannot record it.
    client.force_login(voters[1][0])
    assert client.post(lot, {"question": "1", "lot1-winners": ["2"], "lot1-note": "x"}).status_code == 404
    client.force_login(personas.chair)
    with time_machine.travel("2011-05-13 10:00 +0800", tick=False):
        done = client.post(
            lot, {"question": "1", "lot1-winners": ["2"], "lot1-note": "5月13日监票人见证抽签"}
        )
    assert done.status_code == 302
    assert LotDraw.objects.get(poll=poll).winners == [2]
    assert "已记录抽签" in client.get(url).content.decode()
    client.post(reverse("voting:publish", args=[poll.pk]))
    poll.refresh_from_db()
    assert poll.status == PollStatus.PUBLISHED


def test_the_organiser_starts_one_runoff_per_tie(client, tree, personas, voters):
    poll = tied_poll(tree, personas, voters, TieRule.RUNOFF)
    client.force_login(personas.chair)
    runoff_url = reverse("voting:runoff", args=[poll.pk])
    with time_machine.travel("2011-05-13 09:00 +0800", tick=False):
        response = client.post(runoff_url, {"question": "1"})
        runoff = Poll.objects.get(runoff_of=poll)
        assert response.status_code == 302 and response.url == reverse("voting:detail", args=[runoff.pk])
        again = client.post(runoff_url, {"question": "1"}, follow=True).content.decode()
    assert "已经为这道题发起过再次投票" in again and Poll.objects.filter(runoff_of=poll).count() == 1
    assert runoff.title in again  # the tie card links to it
    assert client.post(runoff_url, {"question": "9"}).status_code == 404  # no such tie
