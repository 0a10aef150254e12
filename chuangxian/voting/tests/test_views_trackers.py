"""After a sealed poll's count: the voter's tracker, the two published lists (the trackers and the
opened ballots, their counts compared), the JSON with the trackers, and the recount that still
works on it. A plain (open-receipt) poll keeps its receipt lookup with the choices."""

import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting import selectors, services, tally
from chuangxian.voting.models import SealedBallot
from chuangxian.voting.tests.conftest import opened, poll_created, poll_data, vote_and_close

pytestmark = pytest.mark.django_db

PUBLISHING = "2011-05-12 19:00 +0800"


def _published(poll, personas):
    """``poll`` (tallied) confirmed by its scrutineers and released."""
    with time_machine.travel(PUBLISHING, tick=False):
        for officer in selectors.scrutineers(poll):
            member = officer.member
            fingerprint = tally.fingerprint(poll.final_hash)
            services.scrutineer_confirm(poll=poll, member=member, fingerprint=fingerprint, actor=member.user)
        return services.poll_publish(poll=poll, actor=personas.chair)


def test_the_voter_of_a_sealed_poll_gets_a_tracker_that_shows_nothing(client, personas, poll, voters):
    poll = opened(poll, personas.chair)
    user, _member = voters[1]
    client.force_login(user)
    q1, q2 = list(poll.questions.order_by("order"))
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        cast = client.post(
            reverse("voting:vote", args=[poll.pk]),
            {"step": "cast", f"q{q1.pk}": [q1.options.first().pk], f"q{q2.pk}": "no"},
        )
        page = client.get(cast.url).content.decode()
    assert SealedBallot.objects.get().tracker in page
    assert "选票追踪码" in page and "证明您的选票在票箱中" in page and "回执码" not in page


def test_the_ballot_list_of_a_sealed_poll_shows_trackers_and_opened_ballots(client, personas, poll, voters):
    poll = _published(
        vote_and_close(poll, personas, voters, [(["张老师"], "yes"), (["李老师"], "no")]), personas
    )
    trackers = sorted(SealedBallot.objects.values_list("tracker", flat=True))
    client.force_login(voters[2][0])
    url = reverse("voting:ballots", args=[poll.pk])
    opened_list = client.get(url).content.decode()
    assert "追踪码 2 个，开启的选票 2 张，数目一致" in opened_list
    assert 'data-testid="opened-ballots"' in opened_list and "张老师" in opened_list
    assert not any(t in opened_list for t in trackers)  # the opened list never shows a tracker
    tracker_list = client.get(url, {"list": "trackers"}).content.decode()
    assert tracker_list.index(trackers[0]) < tracker_list.index(trackers[1])  # sorted
    assert "张老师" not in tracker_list.split('data-testid="trackers"')[1]  # and never a choice
    found = client.get(url, {"tracker": trackers[1].replace("-", "").lower()}).content.decode()
    assert 'data-testid="tracker-found"' in found and "您的选票在票箱中" in found
    assert "张老师" not in found.split('data-testid="tracker-found"')[1].split("</div>")[0]
    missing = client.get(url, {"tracker": "2222-3333-4444"}).content.decode()
    assert 'data-testid="tracker-missing"' in missing and 'data-testid="tracker-found"' not in missing
    result = client.get(reverse("voting:result", args=[poll.pk])).content.decode()
    assert "追踪码 2 个，开启的选票 2 张，数目一致" in result and "选票清单与追踪码查找" in result


def test_a_count_that_differs_is_a_warning(client, personas, poll, voters):
    poll = _published(vote_and_close(poll, personas, voters, [(["张老师"], "yes")] * 2), personas)
    SealedBallot.objects.create(tenant_id=poll.tenant_id, poll=poll, sealed=b"x", tracker="2222-3333-4444")
    client.force_login(voters[0][0])
    for name in ("voting:ballots", "voting:result"):
        page = client.get(reverse(name, args=[poll.pk])).content.decode()
        assert "追踪码 3 个，开启的选票 2 张，数目不一致" in page and "数目一致" not in page, name


def test_the_published_json_lists_the_trackers_and_still_recounts(client, personas, poll, voters, tmp_path):
    poll = _published(
        vote_and_close(poll, personas, voters, [(["张老师"], "yes"), (["王老师"], "no")]), personas
    )
    client.force_login(voters[0][0])
    published = json.loads(client.get(reverse("voting:ballots_json", args=[poll.pk])).content)
    assert published["sealed"] is True
    assert published["trackers"] == sorted(SealedBallot.objects.values_list("tracker", flat=True))
    assert len(published["trackers"]) == len(published["ballots"]) == 2
    assert tally.verify(published) == []
    file = tmp_path / "ballots.json"
    file.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    call_command("poll_verify", str(file))
    call_command("poll_verify", poll=poll.pk)
    assert client.get(reverse("voting:verify", args=[poll.pk])).status_code == 200
    # A tracker missing from the list (or one too many) is caught by the recount.
    published["trackers"] = published["trackers"][1:]
    assert tally.verify(published) == ["trackers and opened ballots differ in number"]
    file.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="does not match"):
        call_command("poll_verify", str(file))


def test_a_plain_poll_keeps_its_receipt_lookup_with_the_choices(client, tree, personas, voters):
    poll = poll_created(tree.college, poll_data(tree, ballot_box="plain"), personas.chair)
    for data in (
        services.QuestionData(text="推荐", method="approval", options=["张老师", "李老师"], max_choices=1),
        services.QuestionData(text="报告", method="yes_no"),
    ):
        services.question_add(poll=poll, data=data, actor=personas.chair)
    poll = _published(vote_and_close(poll, personas, voters, [(["李老师"], "yes")]), personas)
    client.force_login(voters[0][0])
    receipt = poll.ballots.get().receipt
    page = client.get(reverse("voting:ballots", args=[poll.pk]), {"receipt": receipt}).content.decode()
    assert 'data-testid="receipt-found"' in page and "李老师" in page and "追踪码" not in page
    published = json.loads(client.get(reverse("voting:ballots_json", args=[poll.pk])).content)
    assert (published["sealed"], published["trackers"]) == (False, [])


def _queries(client, user, url, **params):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_both_lists_take_the_same_queries_for_three_ballots_or_thirty(client, tree, personas, poll, voters):
    small = _published(vote_and_close(poll, personas, voters, [(["张老师"], "yes")] * 3), personas)
    crowd = [(make_user(m), m) for m in MemberFactory.create_batch(30, unit=tree.college)]
    big = services.poll_create(unit=tree.college, data=poll_data(tree, title="大名单"), actor=personas.chair)
    for question in small.questions.order_by("order"):
        services.question_add(
            poll=big,
            data=services.QuestionData(
                text=question.text,
                method=question.method,
                options=[o.label for o in question.options.order_by("order")],
                seats=question.seats,
                max_choices=question.max_choices,
            ),
            actor=personas.chair,
        )
    big = _published(vote_and_close(big, personas, crowd, [(["张老师", "李老师"], "no")] * 30), personas)
    assert (small.sealed_ballots.count(), big.sealed_ballots.count()) == (3, 30)
    for params in ({}, {"list": "trackers"}, {"tracker": "2222-3333-4444"}):
        sizes = [
            _queries(client, voters[0][0], reverse("voting:ballots", args=[p.pk]), **params)
            for p in (small, big)
        ]
        assert sizes[0] == sizes[1], params
    sizes = [_queries(client, voters[0][0], reverse("voting:result", args=[p.pk])) for p in (small, big)]
    assert sizes[0] == sizes[1]
