from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "chuangxian.notifications"
    verbose_name = "通知与提醒"
