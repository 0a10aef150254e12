"""The appeals' to-dos on the home page."""

import pytest

from chuangxian.appeals.providers import appeals_todos
from chuangxian.appeals.services import appeal_transfer
from chuangxian.appeals.tests.factories import accepted, answered, submit
from chuangxian.campaigns.tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def test_a_handler_is_told_what_waits_and_a_member_what_to_rate(tree, personas):
    campaign = make_campaign(tree.tenant)
    submit(personas.member)
    accepted(personas.member)
    mine = answered(personas.member, subject="食堂排队")
    [item] = appeals_todos(personas.chair, campaign)
    assert item.title == "诉求：1 条待受理，1 条待答复" and item.url == "/appeals/inbox/"
    assert [i.title for i in appeals_todos(personas.member, campaign)] == ["您有 1 条诉求的答复待评价"]
    assert mine.pk
    assert appeals_todos(personas.sibling_chair, campaign) == []
    appeal_transfer(
        appeal=submit(personas.member), to_unit=tree.sibling, reason="属数计学院", actor=personas.chair
    )
    [item] = appeals_todos(personas.sibling_chair, campaign)
    assert item.title == "诉求：1 条待受理，0 条待答复"
