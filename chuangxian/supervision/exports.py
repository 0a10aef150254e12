"""The office's supervision matrix (任务督查) as an export (``supervision.matrix``): one row per unit,
one column per task of the phase with its status as the page shows it (逾期 too), and the unit's
overdue count; the page's phase and unit category."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, SheetSpec, fetch_param
from chuangxian.orgs.models import UnitCategory
from chuangxian.supervision import selectors
from chuangxian.supervision.permissions import can_supervise


class MatrixExporter(Exporter):
    """Units × tasks of one phase, for the campaign office (who sees the matrix)."""

    name = "supervision.matrix"
    label = gettext_lazy("任务督查")
    formats = ("xlsx", "csv")
    # The task columns are the phase's tasks (``sheets``); these frame them.
    columns = (
        Column(gettext_lazy("单位"), width=28),
        Column(gettext_lazy("类别"), width=10),
        Column(gettext_lazy("逾期任务数"), Kind.NUMBER, width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        campaign = fetch_param(actor, Campaign.objects.all(), params.get("campaign"))
        phases = Phase.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign)
        category = str(params.get("category", ""))
        return {
            "campaign": campaign,
            "phase": fetch_param(actor, phases, params.get("phase")),
            "category": category if category in UnitCategory.values else "",
        }

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_supervise(actor) and actor.tenant_id == objs["campaign"].tenant_id

    def title(self, **objs: Any) -> str:
        return _("任务督查 · %(campaign)s · %(phase)s") % {
            "campaign": objs["campaign"].title,
            "phase": objs["phase"].name,
        }

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        matrix = selectors.supervision_matrix(objs["campaign"], objs["phase"], category=objs["category"])
        unit, category, overdue = self.columns
        tasks = [
            Column(
                _("%(task)s（%(due)s截止）") % {"task": c.task.title, "due": f"{c.task.due_on:%Y-%m-%d}"},
                width=16,
            )
            for c in matrix.columns
        ]
        rows = (
            (
                r.unit.name,
                r.unit.get_category_display(),
                *(cell.row.status.title if cell else "—" for cell in r.cells),
                r.tally.overdue,
            )
            for r in matrix.rows
        )
        return [SheetSpec(title=str(self.label), columns=(unit, category, *tasks, overdue), rows=rows)]
