from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "chuangxian.demo"
    verbose_name = "演示数据"
