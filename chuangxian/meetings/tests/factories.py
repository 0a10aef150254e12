from datetime import datetime
from typing import Any

from django.utils import timezone

from chuangxian.meetings.models import Meeting, MeetingKind, MeetingStatus
from chuangxian.meetings.services import MeetingData, meeting_create
from chuangxian.orgs.models import Unit


def at(text: str) -> datetime:
    """An aware datetime in the installation's time zone from 'YYYY-MM-DD HH:MM'."""
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


def make_meeting(unit: Unit, actor: Any, *, starts_at: str = "2010-12-20 15:00", **fields: Any) -> Meeting:
    data = {
        "kind": MeetingKind.MOBILISATION,
        "title": "创先争优活动动员大会",
        "starts_at": at(starts_at),
        "place": "行政楼三楼会议室",
        "status": MeetingStatus.SCHEDULED,
        **fields,
    }
    return meeting_create(unit=unit, data=MeetingData(**data), actor=actor)
