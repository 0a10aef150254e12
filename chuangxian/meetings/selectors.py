"""Reads of meetings shared by pages, the task evidence and the home page. Query counts are bounded.

The attendance rate of a meeting is the number of its attendees who are active members of the unit's
subtree, over the number of active members of that subtree (the roster as it is now).
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.scope import lineage
from chuangxian.meetings.checkin import CLOSES_AFTER
from chuangxian.meetings.models import Attendance, Meeting, MeetingFile, MeetingStatus
from chuangxian.orgs.models import Member, MemberStatus, Unit


@dataclass(frozen=True)
class Rate:
    attended: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.total) if self.total else 0


@dataclass(frozen=True)
class RosterRow:
    member: Member
    attendance: Attendance | None


def active_member_count(unit: Unit) -> int:
    return Member.objects.filter(
        tenant_id=unit.tenant_id, status=MemberStatus.ACTIVE, unit__path__startswith=unit.path
    ).count()


def _attended_filter(unit: Unit) -> Q:
    return Q(
        attendances__member__status=MemberStatus.ACTIVE,
        attendances__member__unit__path__startswith=unit.path,
    )


def meeting_list_for_unit(unit: Unit, *, include_drafts: bool) -> QuerySet[Meeting]:
    """The unit's meetings, newest first, each with ``attended`` (active attendees); one query."""
    meetings = Meeting.objects.filter(tenant_id=unit.tenant_id, unit=unit)
    if not include_drafts:
        meetings = meetings.exclude(status=MeetingStatus.DRAFT)
    return (
        meetings.select_related("host", "campaign")
        .annotate(attended=Count("attendances", filter=_attended_filter(unit)))
        .order_by("-starts_at", "-pk")
    )


def meeting_rate(meeting: Meeting) -> Rate:
    """Attended active members over active members of the unit's subtree; two queries."""
    unit = meeting.unit
    attended = Attendance.objects.filter(
        tenant_id=meeting.tenant_id,
        meeting=meeting,
        member__status=MemberStatus.ACTIVE,
        member__unit__path__startswith=unit.path,
    ).count()
    return Rate(attended=attended, total=active_member_count(unit))


def meeting_checked_in_count(meeting: Meeting) -> int:
    return Attendance.objects.filter(tenant_id=meeting.tenant_id, meeting=meeting).count()


def meeting_roster(meeting: Meeting) -> list[RosterRow]:
    """Every active member of the unit's subtree with their attendance (or None), then attendees who
    have left since; two queries."""
    unit = meeting.unit
    attendances = {
        a.member_id: a
        for a in Attendance.objects.filter(tenant_id=meeting.tenant_id, meeting=meeting).select_related(
            "member", "member__unit"
        )
    }
    members = (
        Member.objects.filter(
            tenant_id=unit.tenant_id, status=MemberStatus.ACTIVE, unit__path__startswith=unit.path
        )
        .select_related("unit")
        .order_by("unit__path", "staff_no")
    )
    rows = [RosterRow(member=m, attendance=attendances.pop(m.pk, None)) for m in members]
    rows.extend(RosterRow(member=a.member, attendance=a) for a in attendances.values())
    return rows


def meeting_files(meeting: Meeting) -> list[MeetingFile]:
    return list(
        MeetingFile.objects.filter(tenant_id=meeting.tenant_id, meeting=meeting).order_by("uploaded_at", "pk")
    )


def meetings_for_evidence(unit: Unit, campaign: Campaign, *, kind: str = "") -> tuple[list[Meeting], int]:
    """The unit's published meetings in ``campaign`` (newest first, with ``attended``), only those of
    ``kind`` when given, and the unit's active member count; two queries."""
    meetings = meeting_list_for_unit(unit, include_drafts=False).filter(
        campaign=campaign, tenant_id=campaign.tenant_id
    )
    if kind:
        meetings = meetings.filter(kind=kind)
    return list(meetings), active_member_count(unit)


def meetings_to_attend(member: Member, campaign: Campaign | None = None) -> list[Meeting]:
    """Published meetings of the member's unit or the units above it whose check-in has not closed
    yet (today's and later ones), that the member has not checked in to (of ``campaign`` or of no
    campaign, when given); one query."""
    if member.status != MemberStatus.ACTIVE:
        return []
    meetings = Meeting.objects.filter(
        tenant_id=member.tenant_id,
        unit__path__in=lineage(member.unit.path, member.unit.steplen),
        starts_at__gte=clock.now() - CLOSES_AFTER,
    ).exclude(status=MeetingStatus.DRAFT)
    if campaign is not None:
        meetings = meetings.filter(Q(campaign=campaign) | Q(campaign__isnull=True))
    attended = Attendance.objects.filter(tenant_id=member.tenant_id, meeting=OuterRef("pk"), member=member)
    return list(meetings.filter(~Exists(attended)).select_related("unit").order_by("starts_at")[:20])
