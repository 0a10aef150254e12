"""Scrutineers (监票人) and tellers (计票人) are grants on the poll (issue 12): the poll form gives and
takes them back through ``grants``, every rule asks the grants, a run-off gets the same officers as
grants, and migration 0005 turned the old officer rows into grants."""

import importlib
from datetime import date

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuangxian.audit.models import AuditEntry
from chuangxian.core.errors import Refused
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting import selectors, services, tally
from chuangxian.voting.models import PollMode, PollOfficer, QuestionMethod, TieRule
from chuangxian.voting.tests.conftest import poll_created, poll_data, vote_and_close

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("chuangxian.voting.migrations.0005_poll_officers_to_grants")


def _grants(poll, **filters):
    return Grant.objects.filter(
        target_type=ContentType.objects.get_for_model(poll), target_id=poll.pk, **filters
    ).order_by("pk")


def _tallied(poll, personas, voters):
    return vote_and_close(
        poll, personas, [*voters, (personas.member, personas.member_row)], [(["张老师"], "yes")] * 4
    )


def _add_questions(poll, actor):
    services.question_add(
        poll=poll,
        data=services.QuestionData(
            text="推荐优秀工会工作者（应选 2 名）",
            method=QuestionMethod.APPROVAL,
            options=["张老师", "李老师", "王老师"],
            seats=2,
            max_choices=2,
        ),
        actor=actor,
    )
    services.question_add(
        poll=poll, data=services.QuestionData(text="同意本单位工作报告", method="yes_no"), actor=actor
    )


def test_a_named_scrutineer_holds_the_grant_and_confirms(personas, poll, voters):
    user, scrutineer = voters[0]
    (grant,) = _grants(poll)
    assert (grant.kind, grant.member, grant.granted_by) == (GrantKind.SCRUTINEER, scrutineer, personas.chair)
    assert (grant.starts_on, grant.ends_on, grant.revoked_at) == (date(2011, 5, 9), None, None)
    created = AuditEntry.objects.get(action="grants.grant.created")
    assert created.data["权限"] == "监票人" and created.data["被授权人"] == str(scrutineer)
    # The poll's own entry still names its officers.
    entry = AuditEntry.objects.get(action="voting.poll.created")
    assert (entry.data["scrutineers"], entry.data["tellers"]) == ([scrutineer.staff_no], [])
    assert holds_grant(user, GrantKind.SCRUTINEER, poll)
    assert not holds_grant(user, GrantKind.TELLER, poll)
    assert [o.member for o in selectors.poll_officers(poll)] == [scrutineer]

    poll = _tallied(poll, personas, voters)
    assert services.pending_before_publish(poll) == [f"监票人{scrutineer.name}尚未复核确认。"]
    services.scrutineer_confirm(
        poll=poll, member=scrutineer, fingerprint=tally.fingerprint(poll.final_hash), actor=user
    )
    confirmation = PollOfficer.objects.get(poll=poll)
    assert (confirmation.member, confirmation.kind) == (scrutineer, PollOfficer.Kind.SCRUTINEER)
    assert confirmation.confirmed_hash == poll.final_hash
    assert services.pending_before_publish(poll) == []
    (shown,) = selectors.scrutineers(poll)
    assert shown.confirmed_at == confirmation.confirmed_at


def _edit_form(tree, **fields):
    return {
        "title": "优秀工会工作者民主推荐",
        "purpose": "selection",
        "opens_at": "2011-05-10T08:00",
        "closes_at": "2011-05-12T18:00",
        "secrecy": "sealed",
        "mode": "online",
        "electorate_kind": "units",
        "electorate_units": [tree.college.pk],
        "quorum_num": "2",
        "quorum_den": "3",
        "majority_base": "cast_half",
        "tie_rule": "runoff",
        "tellers": "",
        **fields,
    }


def test_removing_a_scrutineer_on_the_poll_form_revokes_the_grant(client, tree, personas, poll, voters):
    (gone_user, gone), (new_user, new) = voters[0], voters[1]
    client.force_login(personas.chair)
    with time_machine.travel("2011-05-09 16:00 +0800", tick=False):
        page = client.get(reverse("voting:edit", args=[poll.pk])).content.decode()
        assert f'value="{gone.staff_no}"' in page  # the form shows the grant holders
        response = client.post(
            reverse("voting:edit", args=[poll.pk]), _edit_form(tree, scrutineers=new.staff_no)
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    old, current = _grants(poll)
    assert (old.member, old.revoked_by) == (gone, personas.chair) and old.revoked_at is not None
    assert (current.member, current.kind, current.revoked_at) == (new, GrantKind.SCRUTINEER, None)
    assert AuditEntry.objects.filter(action="grants.grant.revoked").count() == 1
    entry = AuditEntry.objects.get(action="voting.poll.updated")
    assert entry.changes["scrutineers"] == [[gone.staff_no], [new.staff_no]]
    assert not holds_grant(gone_user, GrantKind.SCRUTINEER, poll)
    # A draft is no longer theirs to see; the new scrutineer sees it.
    client.force_login(gone_user)
    assert client.get(reverse("voting:detail", args=[poll.pk])).status_code == 404
    client.force_login(new_user)
    assert client.get(reverse("voting:detail", args=[poll.pk])).status_code == 200

    poll = _tallied(poll, personas, voters)
    fingerprint = tally.fingerprint(poll.final_hash)
    with pytest.raises(Refused) as caught:
        services.scrutineer_confirm(poll=poll, member=gone, fingerprint=fingerprint, actor=gone_user)
    assert caught.value.code == "not_scrutineer"
    client.force_login(gone_user)
    url = reverse("voting:confirm", args=[poll.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"fingerprint": fingerprint, "agree": "on"}).status_code == 404
    assert not PollOfficer.objects.exists()
    assert services.pending_before_publish(poll) == [f"监票人{new.name}尚未复核确认。"]
    services.scrutineer_confirm(poll=poll, member=new, fingerprint=fingerprint, actor=new_user)
    assert services.poll_publish(poll=poll, actor=personas.chair).published_at is not None


def test_saving_the_form_unchanged_neither_grants_nor_revokes_again(tree, personas, poll, voters):
    services.poll_update(poll=poll, data=poll_data(tree, scrutineers=[voters[0][1]]), actor=personas.chair)
    assert _grants(poll).count() == 1 and _grants(poll, revoked_at__isnull=True).count() == 1
    assert not AuditEntry.objects.filter(action="grants.grant.revoked").exists()


def test_a_teller_removed_from_the_form_can_no_longer_enter_paper_results(tree, personas, voters):
    tellers = [voters[1][1], voters[2][1]]
    poll = poll_created(tree.college, poll_data(tree, mode=PollMode.PAPER, tellers=tellers), personas.chair)
    with time_machine.travel("2011-05-09 16:00 +0800", tick=False):  # the same day it was set up
        services.poll_update(
            poll=poll,
            data=poll_data(tree, mode=PollMode.PAPER, tellers=[tellers[1], voters[0][1]]),
            actor=personas.chair,
        )
    services.question_add(
        poll=poll, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    assert [g.member for g in _grants(poll, kind=GrantKind.TELLER, revoked_at__isnull=True)] == [
        tellers[1],
        voters[0][1],
    ]
    with time_machine.travel("2011-05-10 08:30 +0800", tick=False):
        poll = services.poll_open(
            poll=poll, expected_size=selectors.electorate_preview(poll).size, actor=personas.chair
        )
    entry = {"ballots": 2, "blank": 0, "invalid": 0, "questions": [{"number": 1, "yes": 2}]}
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        poll = services.poll_close(poll=poll, actor=personas.chair)
        with pytest.raises(Refused) as caught:
            services.paper_entry_submit(poll=poll, teller=tellers[0], data=entry, actor=voters[1][0])
        assert caught.value.code == "not_teller"
        assert (
            services.paper_entry_submit(poll=poll, teller=voters[0][1], data=entry, actor=voters[0][0])
            is False
        )


def test_a_runoff_s_scrutineers_and_tellers_are_grants_too(tree, personas, voters):
    scrutineer, teller = voters[0], voters[1]
    data = poll_data(
        tree,
        tie_rule=TieRule.RUNOFF,
        quorum_num=1,
        quorum_den=2,
        scrutineers=[scrutineer[1]],
        tellers=[teller[1]],
    )
    poll = poll_created(tree.college, data, personas.chair)
    services.question_add(
        poll=poll,
        data=services.QuestionData(
            text="应选 1 名",
            method="approval",
            options=["张老师", "李老师", "王老师"],
            seats=1,
            max_choices=2,
        ),
        actor=personas.chair,
    )
    services.question_add(
        poll=poll, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    poll = vote_and_close(
        poll, personas, [*voters, (personas.member, personas.member_row)], [(["张老师", "李老师"], "yes")] * 4
    )
    with time_machine.travel("2011-05-13 09:00 +0800", tick=False):
        runoff = services.runoff_create(poll=poll, question_number=1, actor=personas.chair)
    granted = [(g.kind, g.member, g.starts_on, g.granted_by) for g in _grants(runoff)]
    assert granted == [
        (GrantKind.SCRUTINEER, scrutineer[1], date(2011, 5, 13), personas.chair),
        (GrantKind.TELLER, teller[1], date(2011, 5, 13), personas.chair),
    ]
    assert holds_grant(scrutineer[0], GrantKind.SCRUTINEER, runoff)
    assert holds_grant(teller[0], GrantKind.TELLER, runoff)
    assert [(o.kind, o.member) for o in selectors.poll_officers(runoff)] == [
        (GrantKind.SCRUTINEER, scrutineer[1]),
        (GrantKind.TELLER, teller[1]),
    ]
    assert not PollOfficer.objects.exists()


def test_the_migration_turns_every_poll_officer_into_a_grant_and_keeps_confirmations(tree, personas, voters):
    poll = poll_created(tree.college, poll_data(tree), personas.chair)  # no officers: the rows below are
    confirmed_at = timezone.now()
    confirmed, plain, teller = voters[0][1], voters[1][1], voters[2][1]
    PollOfficer.objects.bulk_create(
        [
            PollOfficer(
                tenant=poll.tenant,
                poll=poll,
                member=confirmed,
                kind="scrutineer",
                confirmed_hash="ab" * 32,
                confirmed_at=confirmed_at,
            ),
            PollOfficer(tenant=poll.tenant, poll=poll, member=plain, kind="scrutineer"),
            PollOfficer(tenant=poll.tenant, poll=poll, member=teller, kind="teller"),
        ]
    )
    for _run in range(2):  # a second run gives no second grant
        MIGRATION.officers_to_grants(django_apps, None)
    rows = [(g.kind, g.member, g.starts_on, g.ends_on, g.granted_by, g.target_label) for g in _grants(poll)]
    created_on = timezone.localdate(poll.created_at)
    assert created_on == date(2011, 5, 9)
    assert rows == [
        ("scrutineer", confirmed, created_on, None, None, poll.title),
        ("scrutineer", plain, created_on, None, None, poll.title),
        ("teller", teller, created_on, None, None, poll.title),
    ]
    (kept,) = PollOfficer.objects.all()
    assert (kept.member, kept.confirmed_hash, kept.confirmed_at) == (confirmed, "ab" * 32, confirmed_at)
    shown = {o.member: o.confirmed_at for o in selectors.scrutineers(poll)}
    assert shown == {confirmed: confirmed_at, plain: None}
    assert holds_grant(voters[2][0], GrantKind.TELLER, poll)

    MIGRATION.grants_to_officers(django_apps, None)  # backwards: the officer rows again
    assert sorted(PollOfficer.objects.values_list("member_id", "kind")) == sorted(
        [(confirmed.pk, "scrutineer"), (plain.pk, "scrutineer"), (teller.pk, "teller")]
    )


def test_the_poll_page_takes_the_same_queries_for_one_officer_or_many(client, tree, personas, poll, voters):
    def detail_queries(poll):
        client.force_login(personas.chair)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("voting:detail", args=[poll.pk]))
        assert page.status_code == 200
        return len(captured), page.content.decode()

    few, page = detail_queries(_tallied(poll, personas, voters))
    assert voters[0][1].name in page
    crowd = [MemberFactory(unit=tree.college) for _ in range(6)]
    logins = [make_user(member) for member in crowd]
    big = poll_created(
        tree.college,
        poll_data(tree, title="多名监票人", scrutineers=crowd[:3], tellers=crowd[3:]),
        personas.chair,
    )
    _add_questions(big, personas.chair)
    big = vote_and_close(
        big, personas, [*voters, (personas.member, personas.member_row)], [(["张老师"], "yes")] * 4
    )
    services.scrutineer_confirm(
        poll=big, member=crowd[0], fingerprint=tally.fingerprint(big.final_hash), actor=logins[0]
    )
    many, page = detail_queries(big)
    assert all(member.name in page for member in crowd)
    assert many == few


def test_an_officer_from_outside_the_electorate_finds_the_poll_in_their_list(tree, personas, voters):
    outsider = MemberFactory(unit=tree.sibling, name="外院监票人")
    poll = poll_created(tree.college, poll_data(tree, scrutineers=[outsider]), personas.chair)
    _add_questions(poll, personas.chair)
    assert list(selectors.polls_for_member(outsider)) == []  # a draft is listed to nobody
    with time_machine.travel("2011-05-10 08:30 +0800", tick=False):
        poll = services.poll_open(
            poll=poll, expected_size=selectors.electorate_preview(poll).size, actor=personas.chair
        )
        assert list(selectors.polls_for_member(outsider)) == [poll]
        assert list(selectors.polls_for_member(MemberFactory(unit=tree.sibling))) == []  # no grant
