from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "chuangxian.assignments"
    verbose_name = "阶段任务"

    def ready(self) -> None:
        from django.urls import reverse

        from chuangxian.core.menu import MenuEntry, MenuRequest
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_office, menu_officer_units

        def unit_tasks(menu: MenuRequest) -> str | None:
            units = menu_officer_units(menu)
            return reverse("assignments:unit_tasks", args=[units[0]]) if units else None

        register_menu(
            MenuEntry(
                "assignments.unit_tasks", _("本单位任务"), "list-check", unit_tasks, order=30, group="unit"
            ),
            MenuEntry(
                "assignments.index", _("阶段任务"), "list-task", for_office("assignments:index"), 20, "office"
            ),
        )

        from chuangxian.assignments.exports import UnitTasksExporter
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(UnitTasksExporter())

        from chuangxian.audit.labels import register

        register(
            {
                "assignments.task.created": _("新建阶段任务"),
                "assignments.task.updated": _("修改阶段任务"),
                "assignments.task.deleted": _("删除阶段任务"),
                "assignments.task.synced": _("同步单位任务"),
                "assignments.unit_task.responsible_set": _("设置任务责任人"),
                "assignments.unit_task.started": _("开始办理任务"),
                "assignments.unit_task.submitted": _("提交任务"),
                "assignments.unit_task.done": _("标记任务完成"),
                "assignments.unit_task.approved": _("任务审核通过"),
                "assignments.unit_task.returned": _("退回任务"),
            }
        )
