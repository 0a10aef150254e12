from django.apps import AppConfig


class SelectionsConfig(AppConfig):
    name = "chuangxian.selections"
    verbose_name = "评选"
