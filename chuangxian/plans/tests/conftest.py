import io

import pytest
import time_machine

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.plans.services import PlanContent, plan_save_draft

IN_PHASE_1 = "2010-12-20 10:00 +0800"
AFTER_PHASE_1 = "2011-01-05 10:00 +0800"


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def phase1():
    with time_machine.travel(IN_PHASE_1, tick=False):
        yield


CONTENT = PlanContent(goals="建设模范职工之家", measures="每月一次学习会", schedule="12月完成动员")


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("文学与传播学院工会活动方案")
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def draft(tree, personas, campaign):
    return plan_save_draft(unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.chair)
