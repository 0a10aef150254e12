import pytest

from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.publicnotice.tests.factories import selection_at_notice


@pytest.fixture
def candidates(tree):
    """Two members of 文学与传播学院 and one of 数学与计算机科学学院, each nominated by their college."""
    return [
        (tree.college, MemberFactory(unit=tree.college, name="林老师")),
        (tree.college, MemberFactory(unit=tree.college, name="郑老师")),
        (tree.sibling, MemberFactory(unit=tree.sibling, name="吴老师")),
    ]


@pytest.fixture
def selection(tree, candidates):
    return selection_at_notice(tree.tenant, candidates)
