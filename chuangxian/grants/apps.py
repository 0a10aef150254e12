from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "chuangxian.grants"
    verbose_name = "单项授权"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from chuangxian.grants.models import Grant
        from chuangxian.grants.permissions import grants_changed

        post_save.connect(grants_changed, sender=Grant, dispatch_uid="grants_changed_save")
        post_delete.connect(grants_changed, sender=Grant, dispatch_uid="grants_changed_delete")

        from chuangxian.audit.labels import register

        register(
            {
                "grants.grant.created": _("授予单项权限"),
                "grants.grant.revoked": _("收回单项权限"),
            }
        )
