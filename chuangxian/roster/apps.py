from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "chuangxian.roster"
    verbose_name = "名册导入"
