from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "chuangxian.activities"
    verbose_name = "活动场次"
