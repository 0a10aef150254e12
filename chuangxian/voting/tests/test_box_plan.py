"""The opening's confirmation says how the sealed box will be kept: by the scrutineers (and warns when
every one of them is needed), or by the instance key when there are fewer than two."""

import pytest
import time_machine
from django.urls import reverse

from chuangxian.voting.tests.conftest import poll_created, poll_data
from chuangxian.voting.tests.test_box import sealed_poll

pytestmark = pytest.mark.django_db


def _open_page(client, personas, poll):
    client.force_login(personas.chair)
    with time_machine.travel("2011-05-10 08:30 +0800", tick=False):
        return client.get(reverse("voting:open", args=[poll.pk])).content.decode()


@pytest.mark.parametrize(
    ("count", "threshold", "says", "warns"),
    [
        (3, None, "开箱密钥分成 3 份，由监票人各持一份，截止后须有 2 位监票人", False),
        (2, None, "开箱密钥分成 2 份，由监票人各持一份，截止后须有 2 位监票人", True),
        (3, 3, "开箱密钥分成 3 份，由监票人各持一份，截止后须有 3 位监票人", True),
        (1, None, "开箱密钥由服务器实例密钥保管（较弱的方式）", False),
    ],
)
def test_the_open_page_states_who_keeps_the_key(
    client, tree, personas, voters, count, threshold, says, warns
):
    poll = sealed_poll(tree, personas, scrutineers=[m for _u, m in voters[:count]], key_threshold=threshold)
    page = _open_page(client, personas, poll)
    assert 'data-testid="open-box-plan"' in page and says in page
    assert ('data-testid="open-box-all"' in page) is warns


def test_an_open_receipt_poll_has_no_box_to_describe(client, tree, personas, voters):
    poll = poll_created(tree.college, poll_data(tree, ballot_box="plain"), personas.chair)
    assert 'data-testid="open-box-plan"' not in _open_page(client, personas, poll)


def test_a_threshold_below_two_says_what_to_fix():
    from chuangxian.voting.forms import PollForm

    form = PollForm(data={"key_threshold": "1", "secrecy": "sealed"}, units=[], tenant_id=1)
    assert not form.is_valid()
    assert form.errors["key_threshold"] == ["开箱所需监票人数至少为 2 人；不填则为监票人的过半数。"]
