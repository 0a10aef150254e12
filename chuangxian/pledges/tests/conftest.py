from datetime import date

import pytest
import time_machine

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.pledges.services import PledgeContent, pledge_submit

IN_PHASE_2 = "2011-03-01 10:00 +0800"
BEFORE_PHASE_2 = "2010-12-20 10:00 +0800"
AFTER_PHASE_2 = "2012-02-01 10:00 +0800"

CONTENT = PledgeContent(
    type="post", content="本学期每周答疑两次", due_on=date(2011, 7, 1), check_standard="学生评教优良率 90%"
)


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def phase2():
    with time_machine.travel(IN_PHASE_2, tick=False):
        yield


@pytest.fixture
def submitted(personas, campaign, phase2):
    return pledge_submit(
        member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.member
    )
