from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "chuangxian.orgs"
    verbose_name = "组织与会员"
