import pytest

from chuangxian.proposals.tests.factories import congressmen


@pytest.fixture
def world(tree):
    return congressmen(tree)
