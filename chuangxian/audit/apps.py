from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chuangxian.audit"
    verbose_name = "审计日志"
