import pytest

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.tests.factories import make_selection, make_type


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def member_type(tree):
    return make_type(tree.tenant)


@pytest.fixture
def selection(campaign, member_type):
    return make_selection(campaign, member_type)


@pytest.fixture
def colleagues(tree):
    """Three more members of 文学与传播学院 (one in its group)."""
    return [
        MemberFactory(unit=tree.college, name="林老师"),
        MemberFactory(unit=tree.college, name="郑老师"),
        MemberFactory(unit=tree.group, name="吴老师"),
    ]
