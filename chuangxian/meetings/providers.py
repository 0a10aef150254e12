"""What the meetings app offers other apps: task evidence and the member's home-page to-do items."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.assignments.evidence import EvidenceOption
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.meetings.models import MeetingStatus
from chuangxian.meetings.selectors import meetings_for_evidence, meetings_to_attend
from chuangxian.orgs.permissions import member_for


class MeetingEvidence:
    """A unit task that needs a meeting record offers the unit's meetings in the campaign."""

    def options(self, *, unit: Any, campaign: Any) -> list[EvidenceOption]:
        meetings, total = meetings_for_evidence(unit, campaign)
        options = []
        for meeting in meetings:
            label = _("%(date)s %(kind)s「%(title)s」（出席 %(n)s/%(total)s）") % {
                "date": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d"),
                "kind": meeting.get_kind_display(),
                "title": meeting.title,
                "n": meeting.attended,  # type: ignore[attr-defined]
                "total": total,
            }
            if meeting.status != MeetingStatus.HELD:
                label += _("（%(status)s）") % {"status": meeting.get_status_display()}
            options.append(
                EvidenceOption(
                    key=f"meetings.meeting:{meeting.pk}",
                    label=label,
                    url=reverse("meetings:detail", args=[meeting.pk]),
                )
            )
        return options

    def mirrored_status(self, *, unit: Any, campaign: Any) -> str | None:
        return None


def meeting_todos(user: Any, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id:
        return []
    return [
        TodoItem(
            title=_("参加会议：%(title)s") % {"title": meeting.title},
            url=reverse("meetings:detail", args=[meeting.pk]),
            due=timezone.localtime(meeting.starts_at).date(),
            detail=_("%(time)s · %(place)s")
            % {"time": timezone.localtime(meeting.starts_at).strftime("%m-%d %H:%M"), "place": meeting.place},
        )
        for meeting in meetings_to_attend(member, campaign)
    ]
