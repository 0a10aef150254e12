from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "chuangxian.plans"
    verbose_name = "工会活动方案"
