from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "chuangxian.supervision"
    verbose_name = "督查"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_office

        register_menu(
            MenuEntry(
                "supervision.index",
                _("督查"),
                "grid-3x3",
                for_office("supervision:index"),
                order=10,
                section="office",
            )
        )

        from chuangxian.audit.labels import register
        from chuangxian.campaigns import todos
        from chuangxian.supervision.todos import unit_task_todos

        register({"supervision.reminder.sent": _("发送督办提醒")})
        todos.register(unit_task_todos)

        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.supervision.exports import MatrixExporter

        register_exporter(MatrixExporter())
