from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "chuangxian.grants"
    verbose_name = "单项授权"

    def ready(self) -> None:
        from chuangxian.audit.labels import register

        register(
            {
                "grants.grant.created": _("授予单项权限"),
                "grants.grant.revoked": _("收回单项权限"),
            }
        )
