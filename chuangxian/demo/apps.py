from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "chuangxian.demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        from chuangxian.audit.labels import register

        # The demo's own entries: the platform admin it creates, the demo school it deletes.
        register(
            {
                "demo.admin.created": _("演示数据：创建平台管理员账号"),
                "demo.tenant.deleted": _("演示数据：删除演示学校"),
            }
        )
