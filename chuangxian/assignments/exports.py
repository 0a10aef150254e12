"""A unit's task list (本单位任务) as an export (``assignments.unit_tasks``: Excel, CSV)."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.assignments import selectors
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_view_unit


class UnitTasksExporter(Exporter):
    """A unit's own tasks in a campaign with their statuses as the page shows them: for the unit's
    members and the roles covering it (the page's ``access_unit``)."""

    name = "assignments.unit_tasks"
    label = gettext_lazy("单位任务")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("阶段"), width=16),
        Column(gettext_lazy("任务"), width=30, wrap=True),
        Column(gettext_lazy("截止日期"), Kind.DATE),
        Column(gettext_lazy("状态"), width=10),
        Column(gettext_lazy("责任人"), width=12),
        Column(gettext_lazy("责任人工号"), Kind.ID, width=14),
        Column(gettext_lazy("佐证类型"), width=14),
        Column(gettext_lazy("佐证"), width=30, wrap=True),
        Column(gettext_lazy("退回意见"), width=30, wrap=True),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        unit = fetch_param(actor, Unit.objects.all(), params.get("unit"))
        campaign = fetch_param(actor, Campaign.objects.all(), params.get("campaign"))
        if campaign.tenant_id != unit.tenant_id:
            raise Refused(_("找不到要导出的记录，或您没有导出它的权限。"), code="not_found")
        return {"unit": unit, "campaign": campaign}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_unit(actor, objs["unit"])

    def title(self, **objs: Any) -> str:
        return f"{objs['unit'].name}的任务 · {objs['campaign'].title}"

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for row in selectors.unit_task_list_for_unit(objs["unit"], objs["campaign"]):
            ut, task = row.unit_task, row.task
            responsible = ut.responsible
            yield (
                f"{task.phase.order}. {task.phase.name}",
                task.title,
                row.status.due,
                row.status.title,
                responsible.name if responsible else "",
                responsible.staff_no if responsible else "",
                task.get_evidence_kind_display(),
                ut.evidence_label,
                ut.review_comment if row.status.base == "returned" else "",
            )
