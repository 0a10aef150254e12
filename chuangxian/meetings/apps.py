from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "chuangxian.meetings"
    verbose_name = "会议与签到"

    def ready(self) -> None:
        from chuangxian.assignments.evidence import EvidenceKind, register_provider
        from chuangxian.audit.labels import register, register_values
        from chuangxian.campaigns import todos
        from chuangxian.core.checkin.adapter import register as register_checkin
        from chuangxian.meetings.models import MeetingKind
        from chuangxian.meetings.providers import MeetingEvidence, meeting_todos
        from chuangxian.meetings.services import CHECKIN

        register(
            {
                "meetings.meeting.created": _("记录会议"),
                "meetings.meeting.updated": _("修改会议记录"),
                "meetings.attendance.set": _("登记会议出席"),
                "meetings.attendance.checked_in": _("会议扫码签到"),
                "meetings.attendance.ticked": _("登记一人出席会议"),
                "meetings.attendance.unticked": _("取消一人的会议出席"),
                "meetings.file.added": _("上传会议附件"),
                "meetings.file.deleted": _("删除会议附件"),
            }
        )
        register_provider(EvidenceKind.MEETING, MeetingEvidence(), label=_("会议记录"))

        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.meetings.exports import AttendanceExporter, MeetingListExporter

        register_exporter(MeetingListExporter())
        register_exporter(AttendanceExporter())
        # A task's meeting kind is a MeetingKind value the assignments app keeps opaque: its labels.
        register_values("meeting_kind", MeetingKind.choices, action="assignments.task")
        todos.register(meeting_todos)
        register_checkin(CHECKIN)
