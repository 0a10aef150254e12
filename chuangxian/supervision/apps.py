from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "chuangxian.supervision"
    verbose_name = "督查"
