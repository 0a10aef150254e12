"""What the meetings app offers other apps: task evidence and the member's home-page to-do items."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from chuangxian.assignments.evidence import EvidenceOption
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_require_open
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.meetings.models import MeetingKind, MeetingStatus
from chuangxian.meetings.selectors import meetings_for_evidence, meetings_to_attend
from chuangxian.orgs.permissions import can_manage_unit, member_for


def task_meeting_kind(task: Any) -> str:
    """The kind of meeting a task asks for (``Task.meeting_kind``), or "" for any meeting."""
    kind = getattr(task, "meeting_kind", "") or ""
    return kind if kind in MeetingKind.values else ""


class MeetingEvidence:
    """A unit task that needs a meeting record offers the unit's meetings in the campaign, of the kind
    the task asks for (召开动员大会: the mobilisation meeting, never a 学习会)."""

    def options(self, *, unit: Any, campaign: Any, task: Any = None) -> list[EvidenceOption]:
        meetings, total = meetings_for_evidence(unit, campaign, kind=task_meeting_kind(task))
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

    def subkind_choices(self) -> list[tuple[str, str]]:
        """The meeting kinds a task may ask for (``Task.meeting_kind``)."""
        return [(str(value), str(label)) for value, label in MeetingKind.choices]

    def record_url(self, *, user: Actor, unit_task: Any, back: str) -> str | None:
        """记录会议: the unit's meeting form with the task's kind and campaign chosen, returning to
        ``back`` (the task page) once saved; only for those who may record the unit's meetings, and
        only while the campaign's meeting window is open for the unit (or reopened for it)."""
        unit = unit_task.unit
        if not can_manage_unit(user, unit):
            return None
        try:  # no link to a form whose save the phase window would refuse
            phase_require_open(campaign=unit_task.task.campaign, action=PhaseAction.MEETING, unit=unit)
        except PhaseClosedError:
            return None
        query = {"campaign": unit_task.task.campaign_id, "next": back}
        kind = task_meeting_kind(unit_task.task)
        if kind:
            query["kind"] = kind
        return f"{reverse('meetings:create', args=[unit.pk])}?{urlencode(query)}"


def meeting_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
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
