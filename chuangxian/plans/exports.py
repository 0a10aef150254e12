"""The office's plan review list (各单位工会活动方案) as an export (``plans.office_list``); with
``scope=managed`` the chairs' own page (我负责的单位), for the units whose plan they write."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import Unit, UnitCategory
from chuangxian.plans import selectors
from chuangxian.plans.models import PlanStatus
from chuangxian.plans.permissions import can_edit_plan, can_review_plans, managed_unit_ids

_STATUSES = {selectors.NOT_STARTED, *PlanStatus.values}
_CATEGORIES = {value for value, _label in UnitCategory.choices}
_CHUNK = 2000
MANAGED = "managed"


class PlanListExporter(Exporter):
    """Every unit expected to write a plan in the campaign, with its plan's status, version and when
    it was submitted, filtered as on the page: for the campaign office, who reviews the plans.

    ``scope=managed``: the units the actor writes the plan of by a role held there (the chairs'
    plans page), or the one of them ``unit`` names; for whoever manages every unit listed."""

    name = "plans.office_list"
    label = gettext_lazy("工会活动方案")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("单位"), width=28),
        Column(gettext_lazy("类别"), width=12),
        Column(gettext_lazy("状态"), width=10),
        Column(gettext_lazy("当前版本"), Kind.NUMBER, width=10),
        Column(gettext_lazy("提交时间"), Kind.DATETIME),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        status = str(params.get("status", ""))
        category = str(params.get("category", ""))
        campaign = fetch_param(actor, Campaign.objects.all(), params.get("campaign"))
        managed = None
        if params.get("scope") == MANAGED:
            units = Unit.objects.filter(tenant_id=campaign.tenant_id, is_active=True)
            if params.get("unit"):
                managed = [fetch_param(actor, units, params["unit"])]
            else:
                managed = list(units.filter(pk__in=managed_unit_ids(actor)))
        return {
            "campaign": campaign,
            "status": status if status in _STATUSES else "",
            "category": category if category in _CATEGORIES else "",
            "managed": managed,
        }

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        if objs["managed"] is not None:
            return bool(objs["managed"]) and all(can_edit_plan(actor, unit) for unit in objs["managed"])
        return can_review_plans(actor, objs["campaign"].tenant_id)

    def title(self, **objs: Any) -> str:
        if objs["managed"] is not None:
            return _("我负责的单位的工会活动方案 · %(campaign)s") % {"campaign": objs["campaign"].title}
        return _("各单位工会活动方案 · %(campaign)s") % {"campaign": objs["campaign"].title}

    def _units(self, **objs: Any) -> Any:
        if objs["managed"] is not None:
            ids = [unit.pk for unit in objs["managed"]]
            return Unit.objects.filter(tenant_id=objs["campaign"].tenant_id, pk__in=ids).order_by("path")
        return selectors.plan_units_for_office(
            campaign=objs["campaign"], status=objs["status"], category=objs["category"]
        )

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._units(**objs).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        labels = {selectors.NOT_STARTED: _("未填写"), **dict(PlanStatus.choices)}
        units = self._units(**objs).iterator(chunk_size=_CHUNK)
        while True:
            chunk = [unit for _i, unit in zip(range(_CHUNK), units, strict=False)]
            if not chunk:
                return
            for row in selectors.plan_rows(campaign=objs["campaign"], units=chunk):
                plan = row.plan
                yield (
                    row.unit.name,
                    row.unit.get_category_display(),
                    str(labels[row.status]),
                    plan.current_number if plan else None,
                    getattr(plan, "submitted_at", None) if plan else None,
                )
