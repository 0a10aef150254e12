import io

import pytest
import time_machine

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.projects.services import ProjectData, project_create

IN_PHASE_2 = "2011-03-01 10:00 +0800"
AFTER_PHASE_2 = "2012-01-05 10:00 +0800"
BEFORE_PHASE_2 = "2010-12-20 10:00 +0800"

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png() -> io.BytesIO:
    return io.BytesIO(PNG)


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def phase2():
    with time_machine.travel(IN_PHASE_2, tick=False):
        yield


def data_for(campaign, person, **overrides):
    values = {
        "theme": campaign.themes.all()[0],
        "title": "师德讲堂",
        "goals": "每月一次师德讲堂",
        "measures": "邀请模范教师主讲",
        "responsible": (person,),
    }
    values.update(overrides)
    return ProjectData(**values)


@pytest.fixture
def project(tree, personas, campaign, phase2):
    return project_create(
        unit=tree.college,
        campaign=campaign,
        data=data_for(campaign, personas.chair_row, participants=(personas.member_row,)),
        actor=personas.chair,
    )
