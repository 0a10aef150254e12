from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "chuangxian.demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        from chuangxian.activities.models import RegistrationStatus
        from chuangxian.audit.labels import register, register_keys

        # The batch entries of the phase-2 replay: acts of members without logins, written in bulk.
        register(
            {
                "demo.activity.signups_recorded": _("演示数据：批量记录活动报名"),
                "demo.activity.checkins_recorded": _("演示数据：批量记录扫码签到"),
                "demo.admin.created": _("演示数据：创建平台管理员账号"),
                "demo.tenant.deleted": _("演示数据：删除演示学校"),
            }
        )
        register_keys({**dict(RegistrationStatus.choices), "checked_in": _("已签到")}, action="demo.activity")
