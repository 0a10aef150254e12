from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "chuangxian.assignments"
    verbose_name = "阶段任务"

    def ready(self) -> None:
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
