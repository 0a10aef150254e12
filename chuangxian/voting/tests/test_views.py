import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from chuangxian.voting import selectors, services, tally
from chuangxian.voting.models import Ballot, PaperEntry, Participation, Poll, PollStatus, SealedBallot
from chuangxian.voting.tests.conftest import opened

pytestmark = pytest.mark.django_db


def _vote_form(poll, picks, yes_no="yes", step="review"):
    q1, q2 = list(poll.questions.order_by("order"))
    options = {o.label: o.pk for o in q1.options.all()}
    return {"step": step, f"q{q1.pk}": [options[p] for p in picks], f"q{q2.pk}": yes_no}


def test_a_voter_reviews_confirms_and_gets_a_receipt_once(client, personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    user, _member = voters[0]
    client.force_login(user)
    url = reverse("voting:vote", args=[poll.pk])
    page = client.get(url).content.decode()
    assert "张老师" in page and "投空白票" in page
    review = client.post(url, _vote_form(poll, ["张老师", "李老师"]))
    assert 'data-testid="confirm"' in review.content.decode()
    assert not Ballot.objects.exists()  # nothing cast at the review step
    cast = client.post(url, _vote_form(poll, ["张老师", "李老师"], step="cast"))
    assert cast.status_code == 302
    receipt_page = client.get(cast.url).content.decode()
    receipt = SealedBallot.objects.get().tracker
    assert receipt in receipt_page
    assert receipt not in client.get(cast.url).content.decode()  # shown once
    again = client.post(url, _vote_form(poll, ["王老师"], step="cast"))
    assert 'data-testid="already-voted"' in again.content.decode()
    assert SealedBallot.objects.count() == 1 and not Ballot.objects.exists()


def test_too_many_choices_get_a_message_and_nothing_is_stored(client, personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    client.force_login(voters[0][0])
    url = reverse("voting:vote", args=[poll.pk])
    response = client.post(url, _vote_form(poll, ["张老师", "李老师", "王老师"], step="cast"), follow=True)
    assert "最多选 2 人" in response.content.decode()
    assert not Participation.objects.exists()


@pytest.mark.parametrize("who", ["sibling_chair", "other_office"])
def test_outsiders_cannot_see_or_vote(client, personas, poll, voting_time, who):
    poll = opened(poll, personas.chair)
    client.force_login(getattr(personas, who))
    assert client.get(reverse("voting:detail", args=[poll.pk])).status_code == 404
    assert client.get(reverse("voting:vote", args=[poll.pk])).status_code == 404


def test_organiser_runs_the_poll_from_the_web(client, tree, personas, voters, tmp_path):
    client.force_login(personas.chair)
    with time_machine.travel("2011-05-10 08:00 +0800", tick=False):
        response = client.post(
            reverse("voting:create", args=[tree.college.pk]),
            {
                "title": "工作报告表决",
                "purpose": "resolution",
                "opens_at": "2011-05-10T08:00",
                "closes_at": "2011-05-10T18:00",
                "secrecy": "sealed",
                "mode": "online",
                "electorate_kind": "units",
                "electorate_units": [tree.college.pk],
                "quorum_num": "1",
                "quorum_den": "2",
                "majority_base": "cast_half",
                "tie_rule": "runoff",
                "scrutineers": voters[0][1].staff_no,
                "tellers": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        poll = Poll.objects.get(title="工作报告表决")
        client.post(
            reverse("voting:question_add", args=[poll.pk]),
            {"text": "同意工作报告", "method": "yes_no", "seats": 1, "min_choices": 0, "max_choices": 1},
        )
        size = selectors.electorate_preview(poll).size
        client.post(reverse("voting:open", args=[poll.pk]), {"expected_size": size})
        poll.refresh_from_db()
        assert poll.status == PollStatus.OPEN
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        for user, _m in voters:
            client.force_login(user)
            q = poll.questions.get()
            client.post(reverse("voting:vote", args=[poll.pk]), {"step": "cast", f"q{q.pk}": "yes"})
        client.force_login(personas.chair)
        bad = client.post(reverse("voting:close", args=[poll.pk]), follow=True)
        assert "提前截止投票须填写理由" in bad.content.decode()
        client.post(reverse("voting:close", args=[poll.pk]), {"reason": "投票人均已投票"})
        client.post(reverse("voting:tally", args=[poll.pk]))
        poll.refresh_from_db()
        assert poll.status == PollStatus.TALLIED
        assert client.get(reverse("voting:result", args=[poll.pk])).status_code == 404  # not yet released
        assert client.get(reverse("voting:result_pdf", args=[poll.pk])).status_code == 404
        client.force_login(voters[0][0])
        client.post(
            reverse("voting:confirm", args=[poll.pk]),
            {"fingerprint": tally.fingerprint(poll.final_hash), "agree": "on"},
        )
        client.force_login(personas.chair)
        client.post(reverse("voting:publish", args=[poll.pk]))
        poll.refresh_from_db()
        assert poll.status == PollStatus.PUBLISHED
        client.force_login(voters[1][0])
        result = client.get(reverse("voting:result", args=[poll.pk])).content.decode()
        assert "赞成 3，反对 0，弃权 0" in result and "通过" in result and "投票有效" in result
        tracker = SealedBallot.objects.order_by("tracker").first().tracker  # a sealed poll's receipt
        found = client.get(
            reverse("voting:ballots", args=[poll.pk]), {"tracker": tracker.lower()}
        ).content.decode()
        assert 'data-testid="tracker-found"' in found and "追踪码 3 个，开启的选票 3 张，数目一致" in found
        assert f"监票人 {voters[0][1].name}" in result and "复核并确认结果指纹一致" in result
        printed = client.get(reverse("voting:result_pdf", args=[poll.pk]))
        assert printed["Content-Type"] == "application/pdf"
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(printed.getvalue())).pages
        ).replace(" ", "")
        # The PDF states the rule and the numbers, like the page.
        for words in (
            "工作报告表决·结果",
            "应到6人",
            "即至少3人",
            "赞成3，反对0，弃权0",
            "投票有效",
            "即至少2票",
            "无记名投票（密封票箱）",
            "追踪码3个，开启的选票3张，数目一致。",
        ):
            assert words in text, words
        assert poll.final_hash in text.replace("\n", "")
        published = json.loads(client.get(reverse("voting:ballots_json", args=[poll.pk])).content)
        assert len(published["ballots"]) == 3 and "key" not in published["ballots"][0]
        assert client.get(reverse("voting:verify", args=[poll.pk])).status_code == 200
    call_command("poll_verify", poll=poll.pk)
    # From the downloaded file alone; a changed ballot or count is caught.
    tmp = tmp_path / "ballots.json"
    tmp.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    call_command("poll_verify", str(tmp))
    published["ballots"][0]["marks"][0][2] = "no"
    tmp.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="does not match"):
        call_command("poll_verify", str(tmp))
    published["ballots"][0]["marks"][0][2] = "yes"
    published["counts"]["questions"][0]["yes"] = 2
    tmp.write_text(json.dumps(published, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="does not match"):
        call_command("poll_verify", str(tmp))


def test_index_and_home_todo(client, personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    client.force_login(voters[0][0])
    page = client.get(reverse("voting:index")).content.decode()
    assert poll.title in page and "去投票" in page


def test_back_to_edit_shows_the_filled_in_ballot_not_the_confirmation(
    client, personas, poll, voters, voting_time
):
    poll = opened(poll, personas.chair)
    client.force_login(voters[0][0])
    url = reverse("voting:vote", args=[poll.pk])
    page = client.post(url, _vote_form(poll, ["李老师"], step="edit")).content.decode()
    assert 'data-testid="confirm"' not in page
    option = poll.questions.order_by("order").first().options.get(label="李老师")
    assert f'value="{option.pk}" id="o{option.pk}" checked' in page
    assert not Ballot.objects.exists()


def test_new_poll_form_preselects_the_default_rules(client, tree, personas):
    client.force_login(personas.chair)
    form = client.get(reverse("voting:create", args=[tree.college.pk])).context["form"]
    assert form["majority_base"].value() == "cast_half"
    assert form["tie_rule"].value() == "runoff"


def test_a_teller_who_mistypes_keeps_what_they_entered(client, tree, personas, voters):
    tellers = [voters[1], voters[2]]
    from chuangxian.voting.tests.conftest import poll_created, poll_data

    poll = poll_created(
        tree.college, poll_data(tree, mode="mixed", tellers=[t[1] for t in tellers]), personas.chair
    )
    question = services.question_add(
        poll=poll, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    poll = opened(poll, personas.chair)
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        services.poll_close(poll=poll, actor=personas.chair)
        client.force_login(tellers[0][0])
        url = reverse("voting:paper", args=[poll.pk])
        response = client.post(
            url, {"ballots": "5", "blank": "6", "invalid": "0", f"q{question.pk}_yes": "4"}
        )
        page = response.content.decode()
        assert "空白票与无效票之和不能多于收回的选票数" in page
        assert f'name="q{question.pk}_yes" id="q{question.pk}_yes" value="4"' in page
        assert 'name="ballots" id="ballots" value="5"' in page
        assert not PaperEntry.objects.exists()
        client.post(url, {"ballots": "5", "blank": "1", "invalid": "0", f"q{question.pk}_yes": "4"})
        again = client.get(url).content.decode()
        assert (
            f'name="q{question.pk}_yes" id="q{question.pk}_yes" value="4"' in again
        )  # their own saved entry


def test_casting_takes_the_same_number_of_queries_whatever_the_ballot_and_electorate_size(
    client, tree, personas, poll, voters, voting_time
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chuangxian.orgs.tests.factories import MemberFactory, make_user
    from chuangxian.voting.tests.conftest import poll_data

    def cast_queries(poll, user, form):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(reverse("voting:vote", args=[poll.pk]), form)
        assert response.status_code == 302
        return len(captured)

    small = cast_queries(
        opened(poll, personas.chair), voters[0][0], _vote_form(poll, ["张老师"], step="cast")
    )
    MemberFactory.create_batch(40, unit=tree.college)
    big = services.poll_create(unit=tree.college, data=poll_data(tree, title="大选票"), actor=personas.chair)
    for n in range(4):
        services.question_add(
            poll=big,
            data=services.QuestionData(
                text=f"第{n}组",
                method="approval",
                options=[f"候选人{n}-{i}" for i in range(12)],
                seats=5,
                min_choices=0,
                max_choices=5,
            ),
            actor=personas.chair,
        )
    services.question_add(
        poll=big, data=services.QuestionData(text="表决", method="yes_no"), actor=personas.chair
    )
    voter = make_user(MemberFactory(unit=tree.college))
    big = opened(big, personas.chair)
    questions = list(big.questions.order_by("order"))
    form = {"step": "cast", f"q{questions[-1].pk}": "no"}
    for q in questions[:-1]:
        form[f"q{q.pk}"] = [o.pk for o in q.options.order_by("order")[:5]]
    assert big.electorate_size > 40
    assert cast_queries(big, voter, form) == small


@pytest.mark.parametrize("action", ["open", "close", "remind", "tally", "publish", "edit"])
def test_a_voter_cannot_run_the_poll_from_the_web(client, personas, poll, voters, voting_time, action):
    poll = opened(poll, personas.chair) if action != "open" else poll
    before = (poll.status, poll.closed_at, poll.final_hash)
    client.force_login(voters[0][0])
    response = client.post(reverse(f"voting:{action}", args=[poll.pk]), {"reason": "想提前截止"})
    assert response.status_code == 404
    poll.refresh_from_db()
    assert (poll.status, poll.closed_at, poll.final_hash) == before


def test_after_the_close_a_voter_hears_they_voted_or_that_it_closed(client, personas, poll, voters):
    poll = opened(poll, personas.chair)
    url = reverse("voting:vote", args=[poll.pk])
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        client.force_login(voters[0][0])
        assert client.post(url, _vote_form(poll, ["张老师"], step="cast")).status_code == 302
    with time_machine.travel("2011-05-12 18:05 +0800", tick=False):  # closed, the clock not yet run
        client.force_login(voters[0][0])  # a new session: the morning's has expired
        for step in ("review", "cast", "edit"):
            page = client.post(url, _vote_form(poll, ["李老师"], step=step)).content.decode()
            assert 'data-testid="already-voted"' in page and "截止" not in page, step
        client.force_login(voters[1][0])
        page = client.post(url, _vote_form(poll, ["李老师"], step="cast")).content.decode()
        assert "投票已于 2011-05-12 18:00 截止" in page and 'data-testid="already-voted"' not in page
    assert SealedBallot.objects.count() == 1


def test_the_voting_index_takes_the_same_queries_for_one_poll_or_many(client, tree, personas, poll, voters):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chuangxian.voting.tests.conftest import poll_data

    def index_queries(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("voting:index")).status_code == 200
        return len(captured)

    opened(poll, personas.chair)
    chair_one, voter_one = index_queries(personas.chair), index_queries(voters[0][0])
    for n in range(4):
        more = services.poll_create(
            unit=tree.college, data=poll_data(tree, title=f"表决{n}"), actor=personas.chair
        )
        services.question_add(
            poll=more, data=services.QuestionData(text="同意", method="yes_no"), actor=personas.chair
        )
        opened(more, personas.chair)
    assert (index_queries(personas.chair), index_queries(voters[0][0])) == (chair_one, voter_one)


def test_the_ballot_list_takes_the_same_queries_for_three_ballots_or_thirty(
    client, tree, personas, poll, voters
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chuangxian.orgs.tests.factories import MemberFactory, make_user
    from chuangxian.voting.tests.conftest import poll_data, vote_and_close

    def ballots_queries(poll):
        client.force_login(personas.chair)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("voting:ballots", args=[poll.pk]))
        assert page.status_code == 200 and 'data-testid="fingerprint"' in page.content.decode()
        return len(captured)

    small = vote_and_close(poll, personas, voters, [(["张老师"], "yes")] * 3)
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
                min_choices=question.min_choices,
                max_choices=question.max_choices,
            ),
            actor=personas.chair,
        )
    big = vote_and_close(big, personas, crowd, [(["张老师", "李老师"], "no")] * 30)
    assert (small.ballots.count(), big.ballots.count()) == (3, 30)
    assert ballots_queries(big) == ballots_queries(small)


def test_a_voters_page_asks_the_electorate_once_and_the_cast_once_more(
    client, personas, poll, voters, voting_time
):
    """The ballot page and its posts read the voter's eligibility once in the view (access_poll's
    poll remembers it for the request); the cast's service asks again before it writes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    poll = opened(poll, personas.chair)
    user, _member = voters[0]
    client.force_login(user)
    url = reverse("voting:vote", args=[poll.pk])
    review, cast = _vote_form(poll, ["张老师"]), _vote_form(poll, ["张老师"], step="cast")

    def eligibility_queries(request):
        with CaptureQueriesContext(connection) as captured:
            assert request().status_code in (200, 302)
        return sum('FROM "voting_eligibility"' in q["sql"] for q in captured.captured_queries)

    assert eligibility_queries(lambda: client.get(url)) == 1
    assert eligibility_queries(lambda: client.post(url, review)) == 2
    assert eligibility_queries(lambda: client.post(url, cast)) == 2
    assert Participation.objects.filter(poll=poll).count() == 1
