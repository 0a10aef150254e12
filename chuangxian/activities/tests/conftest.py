import pytest
import time_machine

from chuangxian.campaigns.tests.factories import make_campaign


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def in_phase2():
    """2011-03-10: the activity window of phase 2 is open, and so is the sign-up window."""
    with time_machine.travel("2011-03-10 10:00 +0800", tick=False) as traveller:
        yield traveller
