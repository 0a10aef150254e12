"""The meetings pages as exports: a unit's meeting list (``meetings.list``) and one meeting's
attendance roster (``meetings.attendance``), each for whom the page shows it to."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.meetings import selectors
from chuangxian.meetings.models import Meeting
from chuangxian.meetings.permissions import can_manage_meeting, can_view_unit_meetings
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_manage_unit


class MeetingListExporter(Exporter):
    """A unit's meetings with their attendance counts: for whom may see the unit's meetings; drafts
    only for those who manage the unit (as on the page)."""

    name = "meetings.list"
    label = gettext_lazy("会议")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("会议名称"), width=30, wrap=True),
        Column(gettext_lazy("会议类型"), width=14),
        Column(gettext_lazy("开始时间"), Kind.DATETIME),
        Column(gettext_lazy("地点"), width=20),
        Column(gettext_lazy("主持人"), width=12),
        Column(gettext_lazy("状态"), width=10),
        Column(gettext_lazy("出席人数"), Kind.NUMBER, width=10),
        Column(gettext_lazy("应出席人数"), Kind.NUMBER, width=10),
        Column(gettext_lazy("出席率"), Kind.PERCENT, width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"unit": fetch_param(actor, Unit.objects.all(), params.get("unit"))}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_unit_meetings(actor, objs["unit"])

    def title(self, **objs: Any) -> str:
        return _("%(unit)s的会议") % {"unit": objs["unit"].name}

    def _meetings(self, actor: Actor, unit: Unit) -> Any:
        return selectors.meeting_list_for_unit(unit, include_drafts=can_manage_unit(actor, unit))

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._meetings(actor, objs["unit"]).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        unit = objs["unit"]
        total = selectors.active_member_count(unit)
        for m in self._meetings(actor, unit).iterator(chunk_size=2000):
            yield (
                m.title,
                m.get_kind_display(),
                m.starts_at,
                m.place,
                m.host.name if m.host else "",
                m.get_status_display(),
                m.attended,
                total,
                round(100 * m.attended / total, 1) if total else 0,
            )


class AttendanceExporter(Exporter):
    """One meeting's roster: every active member of the unit's subtree, whether and how they attended
    (then attendees who have left since); for those who manage the meeting, who see it on its page."""

    name = "meetings.attendance"
    label = gettext_lazy("会议出席")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("工号"), Kind.ID, width=14),
        Column(gettext_lazy("姓名"), width=12),
        Column(gettext_lazy("所在组织"), width=24),
        Column(gettext_lazy("出席"), width=8),
        Column(gettext_lazy("签到方式"), width=10),
        Column(gettext_lazy("签到时间"), Kind.DATETIME),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        meetings = Meeting.objects.select_related("unit", "host", "campaign")
        return {"meeting": fetch_param(actor, meetings, params.get("meeting"))}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_manage_meeting(actor, objs["meeting"])

    def title(self, **objs: Any) -> str:
        meeting = objs["meeting"]
        return _("%(title)s出席情况（%(day)s）") % {
            "title": meeting.title,
            "day": f"{meeting.starts_at:%Y-%m-%d}",
        }

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for row in selectors.meeting_roster(objs["meeting"]):
            a = row.attendance
            yield (
                row.member.staff_no,
                row.member.name,
                row.member.unit.name,
                _("是") if a is not None else _("否"),
                a.get_method_display() if a is not None else "",
                a.at if a is not None else None,
            )
