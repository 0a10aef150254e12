from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "chuangxian.pledges"
    verbose_name = "公开承诺"
