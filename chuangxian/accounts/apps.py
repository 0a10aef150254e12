from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chuangxian.accounts"
    verbose_name = "账号"
