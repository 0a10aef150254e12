"""The scrutineers hear when to collect their shares and when to open the box; a poll whose box the
instance key keeps tells nobody."""

import pytest
from django.urls import reverse

from chuangxian.notifications.models import Notification
from chuangxian.voting.tests.conftest import opened
from chuangxian.voting.tests.test_box import closed, sealed_poll

pytestmark = pytest.mark.django_db


def _notices(member):
    return list(Notification.objects.filter(recipient=member).order_by("pk").values_list("title", "url"))


def test_the_scrutineers_are_told_to_collect_their_share_then_to_open_the_box(
    django_capture_on_commit_callbacks, tree, personas, voters
):
    poll = sealed_poll(tree, personas, title="教代会代表选举", scrutineers=[m for _u, m in voters])
    with django_capture_on_commit_callbacks(execute=True):
        poll = opened(poll, personas.chair)
    for _user, member in voters:  # scrutineers, and voters too
        assert _notices(member) == [
            ("请领取开箱密钥分片：教代会代表选举", reverse("voting:share", args=[poll.pk])),
            ("请参加投票：教代会代表选举", reverse("voting:vote", args=[poll.pk])),
        ]
    assert _notices(personas.member_row) == [
        ("请参加投票：教代会代表选举", reverse("voting:vote", args=[poll.pk]))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        closed(poll, personas)
    for _user, member in voters:
        assert _notices(member)[-1] == ("请开箱计票：教代会代表选举", reverse("voting:box", args=[poll.pk]))
    assert len(_notices(personas.member_row)) == 1  # voters who are not scrutineers hear nothing more


def test_a_box_kept_with_the_instance_key_tells_nobody_to_open_it(
    django_capture_on_commit_callbacks, tree, personas, voters
):
    poll = sealed_poll(tree, personas, title="小型意见征询", scrutineers=[voters[0][1]])
    with django_capture_on_commit_callbacks(execute=True):
        poll = opened(poll, personas.chair)
        closed(poll, personas)
    titles = [title for title, _url in _notices(voters[0][1])]
    assert titles == ["请参加投票：小型意见征询"]
