from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "chuangxian.assignments"
    verbose_name = "阶段任务"
