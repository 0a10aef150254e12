from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "chuangxian.notifications"
    verbose_name = "通知与提醒"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry, MenuRequest
        from chuangxian.core.menu import register as register_menu
        from chuangxian.notifications.selectors import notification_unread_count
        from chuangxian.orgs.menu import for_members, menu_member

        def unread(menu: MenuRequest) -> int:
            member = menu_member(menu)
            return notification_unread_count(member) if member is not None else 0

        register_menu(
            MenuEntry(
                "notifications.inbox",
                _("通知"),
                "bell",
                for_members("notifications:inbox"),
                order=10,
                badge=unread,
            )
        )
