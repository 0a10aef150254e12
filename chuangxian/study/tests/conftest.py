import pytest
import time_machine

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.study.services import study_document_publish


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture(autouse=True)
def phase1():
    with time_machine.travel("2010-12-20 10:00 +0800", tick=False):
        yield


@pytest.fixture
def document(tree, personas, campaign):
    return study_document_publish(
        tenant=tree.tenant,
        campaign=campaign,
        title="创先争优活动实施方案",
        body="各二级工会：……",
        attachments=[("方案.pdf", b"%PDF-1.4\n" + b"0" * 200)],
        actor=personas.office,
    )


@pytest.fixture
def college_document(tree, personas, campaign):
    return study_document_publish(
        tenant=tree.tenant,
        campaign=campaign,
        title="学院学习材料",
        body="只发给文学与传播学院",
        units=[tree.college],
        actor=personas.office,
    )
