import pytest

from chuangxian.awards.tests.factories import final_selection
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.tests.factories import MemberFactory


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def final(tree, campaign, personas):
    """A selection at its final stage with three nominees of 文学与传播学院: the plain member persona
    (中文系工会小组), and two colleagues."""
    nominees = [
        (tree.college, personas.member_row),
        (tree.college, MemberFactory(unit=tree.college, name="林老师")),
        (tree.college, MemberFactory(unit=tree.college, name="郑老师")),
    ]
    return final_selection(tree.tenant, campaign, nominees)
