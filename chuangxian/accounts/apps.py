from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chuangxian.accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from chuangxian.audit.labels import register, register_keys, register_values
        from chuangxian.core.models import InitialPasswordMode, Tenant

        register(
            {
                "accounts.user.created": _("开通账号"),
                "accounts.users.created": _("批量开通账号"),
                "accounts.user.rearmed": _("用初始密码登录"),
                "accounts.user.password_changed": _("修改密码"),
                "accounts.user.password_reset": _("重置密码"),
                "accounts.user.password_set": _("设置密码"),
                "accounts.initial_passwords.issued": _("发放随机初始密码"),
                "accounts.tenant.initial_password_mode_changed": _("修改初始密码方式"),
            }
        )
        mode = Tenant._meta.get_field("initial_password_mode")
        register_keys({mode.name: mode.verbose_name}, action="accounts.tenant")
        register_values(mode.name, InitialPasswordMode.choices, action="accounts.tenant")
