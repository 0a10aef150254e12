from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "chuangxian.review"
    verbose_name = "审核流程"
