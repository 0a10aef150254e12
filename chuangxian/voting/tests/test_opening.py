"""Opening a poll: the organiser confirms the electorate that will be frozen (nothing pre-ticked, the
size and units shown, refused if it changed since); a poll opened before its start time waits
(待开始) until the clock starts it and only then tells its voters; 去投票 appears, on the list and on
the poll's page, only while a ballot can be cast."""

import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.voting import selectors, services
from chuangxian.voting.models import ElectorateKind, Eligibility, PollMode, PollStatus
from chuangxian.voting.services import VotingError
from chuangxian.voting.tests.conftest import answers_for, cast, opened, poll_data

pytestmark = pytest.mark.django_db

BEFORE_START = "2011-05-10 07:30 +0800"  # the poll fixture opens at 08:00
AFTER_START = "2011-05-10 08:01 +0800"


def _yes_no_poll(tree, personas, **fields):
    poll = services.poll_create(unit=tree.college, data=poll_data(tree, **fields), actor=personas.chair)
    services.question_add(
        poll=poll, data=services.QuestionData(text="同意", method="yes_no"), actor=personas.chair
    )
    return poll


# --- 5. The electorate is confirmed before it is frozen ------------------------------------------


def test_opening_refuses_when_the_electorate_changed_since_it_was_confirmed(tree, personas, poll, voters):
    confirmed = selectors.electorate_preview(poll).size
    assert confirmed == 6
    MemberFactory(unit=tree.group)  # joins the college between the confirmation and the click
    with time_machine.travel("2011-05-10 08:30 +0800", tick=False), pytest.raises(VotingError) as caught:
        services.poll_open(poll=poll, expected_size=confirmed, actor=personas.chair)
    assert caught.value.code == "electorate_changed"
    assert "确认时 6 人，现在 7 人" in caught.value.message
    poll.refresh_from_db()
    assert (poll.status, poll.electorate_size, poll.opened_at) == (PollStatus.DRAFT, 0, None)
    assert not Eligibility.objects.filter(poll=poll).exists()
    assert not AuditEntry.objects.filter(action__startswith="voting.poll.opened").exists()
    with time_machine.travel("2011-05-10 08:30 +0800", tick=False):
        poll = services.poll_open(poll=poll, expected_size=7, actor=personas.chair)
    assert (poll.status, poll.electorate_size) == (PollStatus.OPEN, 7)


def test_the_preview_shows_each_unit_and_one_already_inside_another(tree, personas):
    """The trap: 校工会 ticked next to 文学与传播学院 reaches every unit of the school."""
    MemberFactory.create_batch(3, unit=tree.sibling)
    MemberFactory(unit=tree.college, status=MemberStatus.RETIRED)  # not active: not a voter
    data = poll_data(tree, electorate_units=[tree.root, tree.college])
    poll = services.poll_create(unit=tree.root, data=data, actor=personas.office)
    preview = selectors.electorate_preview(poll)
    everyone = Member.objects.filter(tenant=tree.tenant, status=MemberStatus.ACTIVE).count()
    in_college = Member.objects.filter(
        tenant=tree.tenant, status=MemberStatus.ACTIVE, unit__path__startswith=tree.college.path
    ).count()
    assert preview.size == everyone == selectors.electorate_members(poll).count()
    assert [(u.name, u.members, u.inside) for u in preview.units] == [
        ("校工会", everyone, ""),
        ("文学与传播学院", in_college, "校工会"),
    ]


def test_the_new_poll_form_ticks_no_unit(client, tree, personas):
    for user, unit in ((personas.office, tree.root), (personas.chair, tree.college)):
        client.force_login(user)
        response = client.get(reverse("voting:create", args=[unit.pk]))
        assert not response.context["form"]["electorate_units"].value()
        assert not re.search(r'name="electorate_units"[^>]* checked', response.content.decode())


def test_opening_shows_the_frozen_electorate_and_asks_to_confirm(client, tree, personas, poll, voters):
    client.force_login(personas.chair)
    url = reverse("voting:open", args=[poll.pk])
    with time_machine.travel("2011-05-10 08:30 +0800", tick=False):
        page = client.get(url).content.decode()
        assert "将冻结 <strong" in page and 'data-testid="open-size">6</strong>' in page
        assert "文学与传播学院（含下属单位）6 人" in page and "确认开启？" in page
        assert 'name="expected_size" value="6"' in page
        poll.refresh_from_db()
        assert poll.status == PollStatus.DRAFT  # looking opens nothing
        # A click without the confirmed size, or with a size that is no longer true, opens nothing.
        client.post(url)
        MemberFactory(unit=tree.college)
        refused = client.post(url, {"expected_size": "6"}, follow=True).content.decode()
        assert "投票人名单在您确认之后有变化" in refused
        assert 'data-testid="open-size">7</strong>' in refused  # the page shows the new electorate
        poll.refresh_from_db()
        assert poll.status == PollStatus.DRAFT and not Eligibility.objects.filter(poll=poll).exists()
        response = client.post(url, {"expected_size": "7"})
    assert response.status_code == 302
    poll.refresh_from_db()
    assert (poll.status, poll.electorate_size) == (PollStatus.OPEN, 7)


def test_the_open_page_warns_when_a_ticked_unit_contains_another(client, tree, personas):
    data = poll_data(tree, electorate_units=[tree.root, tree.college])
    poll = services.poll_create(unit=tree.root, data=data, actor=personas.office)
    client.force_login(personas.office)
    page = client.get(reverse("voting:open", args=[poll.pk])).content.decode()
    assert 'data-testid="open-overlap"' in page and "已包含在「校工会」中" in page


# --- 6. A poll opened before its start waits for it --------------------------------------------


def test_a_poll_opened_before_its_start_waits_and_the_clock_starts_it(
    personas, poll, voters, django_capture_on_commit_callbacks
):
    user, member = voters[0]
    with time_machine.travel(BEFORE_START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            poll = services.poll_open(poll=poll, expected_size=6, actor=personas.chair)
        assert poll.status == PollStatus.SCHEDULED and poll.opened_at is None
        assert Eligibility.objects.filter(poll=poll).count() == 6  # frozen at the click
        assert not Notification.objects.filter(key=f"poll:{poll.pk}:open").exists()
        assert not selectors.polls_to_vote(member).exists()
        with pytest.raises(VotingError) as caught:
            cast(poll, member, user)
        assert caught.value.code == "not_started"
        with pytest.raises(VotingError) as caught:
            services.poll_remind(poll=poll, actor=personas.chair)
        assert caught.value.code == "not_open"
        with django_capture_on_commit_callbacks(execute=True):
            assert services.polls_start_due() == 0  # not yet
    with time_machine.travel(AFTER_START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("voting_tick")
        poll.refresh_from_db()
        assert poll.status == PollStatus.OPEN
        assert poll.opened_at.isoformat() == "2011-05-10T00:01:00+00:00"
        assert Notification.objects.filter(key=f"poll:{poll.pk}:open").count() == 6
        assert AuditEntry.objects.filter(action="voting.poll.started").count() == 1
        assert selectors.polls_to_vote(member).get() == poll
        assert cast(poll, member, user).receipt
        assert services.polls_start_due() == 0  # started once


def test_a_scheduled_poll_can_be_called_off_before_it_starts(personas, poll, voters):
    with time_machine.travel(BEFORE_START, tick=False):
        poll = services.poll_open(poll=poll, expected_size=6, actor=personas.chair)
        with pytest.raises(VotingError) as caught:
            services.poll_close(poll=poll, actor=personas.chair)
        assert caught.value.code == "reason_required"
        poll = services.poll_close(poll=poll, actor=personas.chair, reason="时间冲突，另行安排")
    assert poll.status == PollStatus.CLOSED
    with time_machine.travel(AFTER_START, tick=False):
        assert services.polls_start_due() == 0
        with pytest.raises(VotingError) as caught:
            services.ballot_cast(
                poll=poll,
                member=voters[0][1],
                answers=answers_for(poll, ["张老师"]),
                blank=False,
                actor=voters[0][0],
            )
        assert caught.value.code == "closed"


def test_a_scheduled_poll_whose_window_passed_unstarted_is_closed_not_started(personas, poll, voters):
    with time_machine.travel(BEFORE_START, tick=False):
        poll = services.poll_open(poll=poll, expected_size=6, actor=personas.chair)
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        assert (services.polls_start_due(), services.polls_close_due()) == (0, 1)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.opened_at is None
    assert not Notification.objects.filter(key=f"poll:{poll.pk}:open").exists()


def test_the_list_and_the_poll_page_say_scheduled_and_offer_no_ballot_before_the_start(
    client, personas, poll, voters
):
    client.force_login(voters[0][0])
    vote_url = reverse("voting:vote", args=[poll.pk])
    with time_machine.travel(BEFORE_START, tick=False):
        services.poll_open(poll=poll, expected_size=6, actor=personas.chair)
        listing = client.get(reverse("voting:index")).content.decode()
        assert "待开始" in listing and "投票中" not in listing
        assert vote_url not in listing and "2011-05-10 08:00 开始" in listing
        page = client.get(reverse("voting:detail", args=[poll.pk])).content.decode()
        assert "待开始" in page and 'data-testid="scheduled"' in page and vote_url not in page
        refused = client.post(vote_url, {"step": "review", "blank": "1"}).content.decode()
        assert "投票将于 2011-05-10 08:00 开始" in refused
    with time_machine.travel(AFTER_START, tick=False):
        call_command("voting_tick")
        listing = client.get(reverse("voting:index")).content.decode()
        assert "投票中" in listing and vote_url in listing


def test_the_list_offers_no_ballot_for_a_paper_poll_or_after_the_closing_time(client, tree, personas, voters):
    paper = _yes_no_poll(
        tree, personas, title="纸质表决", mode=PollMode.PAPER, tellers=[v[1] for v in voters[:2]]
    )
    online = _yes_no_poll(tree, personas, title="网上表决")
    opened(paper, personas.chair)
    opened(online, personas.chair)
    client.force_login(voters[2][0])
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        listing = client.get(reverse("voting:index")).content.decode()
        assert reverse("voting:vote", args=[online.pk]) in listing
        assert reverse("voting:vote", args=[paper.pk]) not in listing
    with time_machine.travel("2011-05-12 18:05 +0800", tick=False):  # closed, the clock not yet run
        listing = client.get(reverse("voting:index")).content.decode()
        assert reverse("voting:vote", args=[online.pk]) not in listing


# --- 7. The poll's page has the vote button --------------------------------------------------


def test_the_poll_page_has_a_vote_button_while_the_person_can_vote(client, tree, personas, poll, voters):
    poll = opened(poll, personas.chair)
    user, member = voters[0]
    detail, vote_url = reverse("voting:detail", args=[poll.pk]), reverse("voting:vote", args=[poll.pk])
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        client.force_login(user)
        page = client.get(detail).content.decode()
        assert f'href="{vote_url}" data-testid="vote-button">去投票</a>' in page
        cast(poll, member, user)
        assert 'data-testid="vote-button"' not in client.get(detail).content.decode()  # voted
        client.force_login(personas.office)  # sees the poll, is not in its electorate
        assert 'data-testid="vote-button"' not in client.get(detail).content.decode()
    with time_machine.travel("2011-05-12 18:05 +0800", tick=False):
        client.force_login(voters[1][0])  # has not voted, but the poll has closed
        assert 'data-testid="vote-button"' not in client.get(detail).content.decode()


def test_a_units_electorate_is_what_the_preview_counted(tree, personas):
    """``electorate_members`` (what is frozen) and the preview agree for every kind of electorate."""
    MemberFactory.create_batch(2, unit=tree.library)
    for kind, units in (
        (ElectorateKind.UNITS, [tree.college, tree.library]),
        (ElectorateKind.TENANT, []),
        (ElectorateKind.REPRESENTATIVES, []),
    ):
        data = poll_data(tree, electorate_kind=kind, electorate_units=units)
        poll = services.poll_create(unit=tree.root, data=data, actor=personas.office)
        assert selectors.electorate_preview(poll).size == selectors.electorate_members(poll).count(), kind
