"""Evidence kinds are a registry: an app that registers a provider adds a kind tasks may ask for,
with its label, without touching the assignments app; an unknown kind is refused."""

import pytest

from chuangxian.assignments import evidence
from chuangxian.assignments.evidence import EvidenceKind, evidence_kind_choices, register_provider
from chuangxian.assignments.forms import TaskForm
from chuangxian.assignments.services import task_create
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.errors import DomainError


class SummaryEvidence:
    """A later app's evidence (a unit's summary), as the summaries app would register it."""

    def options(self, *, unit, campaign, task=None):
        return []

    def mirrored_status(self, *, unit, campaign):
        return None


@pytest.fixture
def summaries_registered():
    saved_providers, saved_labels = dict(evidence._providers), dict(evidence._labels)
    register_provider("summary", SummaryEvidence(), label="工作总结")
    yield
    evidence._providers.clear()
    evidence._providers.update(saved_providers)
    evidence._labels.clear()
    evidence._labels.update(saved_labels)


def test_the_apps_register_the_meeting_and_plan_kinds_and_assignments_serves_its_own():
    choices = dict(evidence_kind_choices())
    assert str(choices[EvidenceKind.MEETING]) == "会议记录"  # registered by meetings
    assert str(choices[EvidenceKind.PLAN]) == "工会活动方案"  # registered by plans
    assert str(choices[EvidenceKind.DOCUMENT]) == "文件材料"
    assert str(choices[EvidenceKind.NONE]) == "无需材料"


def test_a_registered_kind_is_offered_accepted_and_labelled(tree, personas, summaries_registered):
    campaign = make_campaign(tree.tenant)
    phase = campaign.phases.get(order=1)
    assert ("summary", "工作总结") in [(k, str(v)) for k, v in TaskForm.base_fields["evidence_kind"].choices]
    task = task_create(
        campaign=campaign, phase=phase, title="提交工作总结", evidence_kind="summary", actor=personas.office
    )
    assert task.get_evidence_kind_display() == "工作总结"


def test_an_unregistered_kind_is_refused_with_a_reason(tree, personas):
    campaign = make_campaign(tree.tenant)
    with pytest.raises(DomainError) as error:
        task_create(
            campaign=campaign,
            phase=campaign.phases.get(order=1),
            title="提交工作总结",
            evidence_kind="summary",
            actor=personas.office,
        )
    assert error.value.code == "bad_evidence" and error.value.message == "所需材料类型无效。"
