from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chuangxian.accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from chuangxian.audit.labels import register

        register(
            {
                "accounts.user.created": _("开通账号"),
                "accounts.user.rearmed": _("用初始密码登录"),
                "accounts.user.password_changed": _("修改密码"),
                "accounts.user.password_reset": _("重置密码"),
                "accounts.user.password_set": _("设置密码"),
            }
        )
