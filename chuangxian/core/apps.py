from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chuangxian.core"
    verbose_name = "基础"
