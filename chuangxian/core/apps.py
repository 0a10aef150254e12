from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chuangxian.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.urls import reverse

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu

        register_menu(
            MenuEntry("core.home", _("首页"), "house", lambda menu: reverse("home"), order=0),
            MenuEntry(
                "core.admin",
                _("后台管理"),
                "gear",
                lambda menu: reverse("admin:index") if menu.user.is_superuser else None,
                order=90,
                section="office",
            ),
        )
