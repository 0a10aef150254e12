from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "chuangxian.activities"
    verbose_name = "活动场次"

    def ready(self) -> None:
        from chuangxian.activities.exports import (
            MemberActivitiesExporter,
            OrganisedExporter,
            SignupsExporter,
        )
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(OrganisedExporter())
        register_exporter(SignupsExporter())
        register_exporter(MemberActivitiesExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members

        register_menu(
            MenuEntry(
                "activities.list", _("活动"), "calendar-event", for_members("activities:list"), order=50
            )
        )

        from chuangxian.activities.providers import activity_todos
        from chuangxian.activities.services import CHECKIN
        from chuangxian.audit.labels import register
        from chuangxian.campaigns import todos
        from chuangxian.core.checkin.adapter import register as register_checkin

        register(
            {
                "activities.activity.created": _("创建活动"),
                "activities.activity.updated": _("修改活动"),
                "activities.activity.published": _("发布活动"),
                "activities.activity.closed": _("结束活动"),
                "activities.registration.signed_up": _("活动报名"),
                "activities.registration.waitlisted": _("活动候补报名"),
                "activities.registration.cancelled": _("取消活动报名"),
                "activities.registration.promoted": _("候补转正式报名"),
                "activities.registration.excluded": _("参加范围调整取消报名"),
                "activities.attendance.checked_in": _("活动扫码签到"),
                "activities.attendance.checked_in_many": _("批量记录活动扫码签到"),
                "activities.registrations.signed_up": _("批量记录活动报名"),
                "activities.registrations.waitlisted": _("批量记录活动候补报名"),
                "activities.attendance.set": _("登记活动出席"),
                "activities.attendance.ticked": _("登记一人出席活动"),
                "activities.attendance.unticked": _("取消一人的活动出席"),
                "activities.photo.added": _("上传活动照片"),
            }
        )
        todos.register(activity_todos)
        register_checkin(CHECKIN)
