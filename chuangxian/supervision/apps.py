from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "chuangxian.supervision"
    verbose_name = "督查"

    def ready(self) -> None:
        from chuangxian.audit.labels import register
        from chuangxian.campaigns import todos
        from chuangxian.supervision.todos import unit_task_todos

        register({"supervision.reminder.sent": _("发送督办提醒")})
        todos.register(unit_task_todos)
