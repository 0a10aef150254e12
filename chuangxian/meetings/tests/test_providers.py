import pytest
import time_machine

from chuangxian.assignments.evidence import EvidenceKind, provider_for
from chuangxian.audit.labels import label_for
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.meetings.models import MeetingStatus
from chuangxian.meetings.services import attendance_set
from chuangxian.meetings.tests.factories import make_meeting


def test_meeting_evidence_lists_the_units_meetings_in_the_campaign(tree, personas):
    campaign = make_campaign(tree.tenant)
    # The day after the meeting (2010-12-20 15:00): a meeting is recorded as held once it has begun.
    with time_machine.travel("2010-12-21 09:00 +0800", tick=False):
        held = make_meeting(tree.college, personas.chair, campaign=campaign, status=MeetingStatus.HELD)
        make_meeting(
            tree.college, personas.chair, campaign=campaign, title="草稿", status=MeetingStatus.DRAFT
        )
        make_meeting(tree.college, personas.chair, title="不属于活动")
        make_meeting(tree.sibling, personas.sibling_chair, campaign=campaign, title="别的学院")
    attendance_set(meeting=held, member_ids=[personas.member_row.pk], actor=personas.chair)
    provider = provider_for(EvidenceKind.MEETING)
    assert provider is not None
    options = provider.options(unit=tree.college, campaign=campaign)
    assert [o.key for o in options] == [f"meetings.meeting:{held.pk}"]
    assert options[0].label == "2010-12-20 动员大会「创先争优活动动员大会」（出席 1/3）"
    assert options[0].url == f"/meetings/{held.pk}/"
    assert provider.mirrored_status(unit=tree.college, campaign=campaign) is None


def test_scheduled_meetings_say_so_in_the_label(tree, personas):
    campaign = make_campaign(tree.tenant)
    with time_machine.travel("2010-12-18 09:00 +0800", tick=False):
        make_meeting(tree.college, personas.chair, campaign=campaign)
    provider = provider_for(EvidenceKind.MEETING)
    assert provider is not None
    assert provider.options(unit=tree.college, campaign=campaign)[0].label.endswith("（待召开）")


@pytest.mark.parametrize(
    ("code", "label"),
    [("meetings.meeting.created", "记录会议"), ("meetings.attendance.checked_in", "会议扫码签到")],
)
def test_audit_labels_are_registered(code, label):
    assert label_for(code) == label
