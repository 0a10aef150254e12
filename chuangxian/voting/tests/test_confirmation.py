"""The result's fingerprint: one derivation (``tally.fingerprint``) shown on the result, its printout
and the ballot list; a scrutineer confirms with the fingerprint their own recount produced, never by
retyping a hash printed next to the box."""

import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from chuangxian.audit.models import AuditEntry
from chuangxian.voting import selectors, services, tally
from chuangxian.voting.models import PollOfficer, PollStatus
from chuangxian.voting.services import VotingError
from chuangxian.voting.tests.conftest import vote_and_close

pytestmark = pytest.mark.django_db

FINGERPRINT = re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){3}$")


@pytest.fixture
def tallied(personas, poll, voters):
    """The poll fixture (scrutineer: voters[0]) counted after four ballots."""
    return vote_and_close(
        poll, personas, [*voters, (personas.member, personas.member_row)], [(["张老师"], "yes")] * 4
    )


def test_the_fingerprint_is_the_hash_s_first_sixteen_digits_in_four_groups():
    final_hash = "3f9a1c2b77e0d41a" + "0" * 48
    assert tally.fingerprint(final_hash) == "3F9A-1C2B-77E0-D41A"
    assert FINGERPRINT.match(tally.fingerprint(tally.sha256(b"any")))


def test_a_scrutineer_confirms_with_the_fingerprint_of_their_recount(personas, tallied, voters):
    poll, (user, scrutineer) = tallied, voters[0]
    expected = tally.fingerprint(poll.final_hash)
    for seen in ("", poll.final_hash, "0000-0000-0000-0000", expected[:-1] + "X"):
        with pytest.raises(VotingError) as caught:
            services.scrutineer_confirm(poll=poll, member=scrutineer, fingerprint=seen, actor=user)
        assert caught.value.code == "fingerprint_mismatch", seen
    assert not PollOfficer.objects.filter(poll=poll).exists()  # a confirmation row only once confirmed
    assert selectors.scrutineer_get(poll, scrutineer).confirmed_fingerprint == ""
    services.scrutineer_confirm(poll=poll, member=scrutineer, fingerprint=f" {expected.lower()} ", actor=user)
    officer = PollOfficer.objects.get(poll=poll, member=scrutineer)
    assert (officer.confirmed_fingerprint, officer.confirmed_hash) == (expected, poll.final_hash)
    assert officer.confirmed_at is not None
    entry = AuditEntry.objects.get(action="voting.poll.confirmed")
    assert entry.data == {"confirmed_fingerprint": expected}


def test_the_confirmation_page_recounts_in_the_browser_and_takes_the_tick(client, personas, tallied, voters):
    poll, (user, scrutineer) = tallied, voters[0]
    expected = tally.fingerprint(poll.final_hash)
    url = reverse("voting:confirm", args=[poll.pk])
    client.force_login(user)
    with time_machine.travel("2011-05-12 19:00 +0800", tick=False):
        page = client.get(url).content.decode()
        assert f'data-testid="server-fingerprint">{expected}</div>' in page
        assert 'id="verify-fingerprint"' in page and "js/voting-verify.js" in page
        assert 'id="published-list"' in page and poll.final_hash in page  # the list the browser recounts
        assert "我已核对，两者一致" in page and 'name="fingerprint"' in page
        # No tick, or a fingerprint the recount did not produce: nothing confirmed.
        no_tick = client.post(url, {"fingerprint": expected}).content.decode()
        assert "请核对两个指纹一致后勾选" in no_tick
        wrong = client.post(url, {"fingerprint": "0000-0000-0000-0000", "agree": "on"}).content.decode()
        assert "与计票结果的指纹不一致" in wrong
        assert not PollOfficer.objects.filter(poll=poll, member=scrutineer).exists()
        response = client.post(url, {"fingerprint": expected, "agree": "on"})
    assert response.status_code == 302
    assert PollOfficer.objects.get(poll=poll, member=scrutineer).confirmed_fingerprint == expected
    assert "您已于" in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["voter", "organiser"])
def test_only_a_scrutineer_has_the_confirmation_page(client, personas, tallied, voters, who):
    client.force_login(voters[1][0] if who == "voter" else personas.chair)
    url = reverse("voting:confirm", args=[tallied.pk])
    assert client.get(url).status_code == 404
    fingerprint = tally.fingerprint(tallied.final_hash)
    assert client.post(url, {"fingerprint": fingerprint, "agree": "on"}).status_code == 404
    assert not PollOfficer.objects.filter(poll=tallied, confirmed_at__isnull=False).exists()


def test_the_result_its_printout_and_the_ballot_list_show_the_fingerprint(client, personas, tallied, voters):
    poll, (user, scrutineer) = tallied, voters[0]
    expected = tally.fingerprint(poll.final_hash)
    services.scrutineer_confirm(poll=poll, member=scrutineer, fingerprint=expected, actor=user)
    poll = services.poll_publish(poll=poll, actor=personas.chair)
    assert poll.status == PollStatus.PUBLISHED
    client.force_login(voters[1][0])
    for name in ("voting:result", "voting:ballots", "voting:verify"):
        page = client.get(reverse(name, args=[poll.pk])).content.decode()
        assert expected in page, name
    printed = client.get(reverse("voting:result_pdf", args=[poll.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.getvalue())).pages)
    assert expected in text.replace(" ", "")
    out = io.StringIO()
    call_command("poll_verify", poll=poll.pk, stdout=out)  # an offline recount prints it too
    assert f"fingerprint {expected}" in out.getvalue()
