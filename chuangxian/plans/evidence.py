"""The unit plan as evidence of the phase-1 task 制定工会活动方案: the task mirrors the plan's review."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.assignments.evidence import EvidenceOption
from chuangxian.plans.models import PlanStatus, UnitPlan

STATUS_TO_TASK = {
    PlanStatus.DRAFT: "in_progress",
    PlanStatus.SUBMITTED: "submitted",
    PlanStatus.RETURNED: "returned",
    PlanStatus.APPROVED: "done",
}


def _plan(unit: Any, campaign: Any) -> UnitPlan | None:
    return UnitPlan.objects.filter(tenant_id=unit.tenant_id, campaign=campaign, unit=unit).first()


class PlanEvidence:
    def options(self, *, unit: Any, campaign: Any, task: Any = None) -> list[EvidenceOption]:
        plan = _plan(unit, campaign)
        if plan is None:
            return []
        label = _("工会活动方案（第%(n)s版，%(status)s）") % {
            "n": plan.current_number,
            "status": plan.get_status_display(),
        }
        return [
            EvidenceOption(
                key=f"plans.unitplan:{plan.pk}", label=label, url=reverse("plans:detail", args=[plan.pk])
            )
        ]

    def mirrored_status(self, *, unit: Any, campaign: Any) -> str | None:
        plan = _plan(unit, campaign)
        return "not_started" if plan is None else STATUS_TO_TASK[PlanStatus(plan.status)]

    def mirrored_statuses(self, *, units: list[Any], campaign: Any) -> dict[int, str | None]:
        """The same for many units in one query (the supervision matrix)."""
        if not units:
            return {}
        found = dict(
            UnitPlan.objects.filter(
                tenant_id=units[0].tenant_id, campaign=campaign, unit_id__in=[u.pk for u in units]
            ).values_list("unit_id", "status")
        )
        return {
            unit.pk: STATUS_TO_TASK[PlanStatus(found[unit.pk])] if unit.pk in found else "not_started"
            for unit in units
        }
