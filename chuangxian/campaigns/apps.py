from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "chuangxian.campaigns"
    verbose_name = "活动与阶段"
