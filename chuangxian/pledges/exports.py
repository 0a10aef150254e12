"""The unit's pledge wall as an export (``pledges.wall``: Excel, CSV) and as a printable PDF
(WeasyPrint, Noto CJK fonts)."""

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.pdf import render_pdf
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_view_unit
from chuangxian.pledges.models import Pledge
from chuangxian.pledges.selectors import pledge_wall


def wall_pledges(*, unit: Unit, campaign: Campaign) -> list[Pledge]:
    return list(pledge_wall(unit=unit, campaign=campaign))


class WallExporter(Exporter):
    """A unit's published pledges (its subtree's), for the unit's members and the roles covering it."""

    name = "pledges.wall"
    label = gettext_lazy("承诺墙")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("单位"), width=24),
        Column(gettext_lazy("工号"), Kind.ID, width=14),
        Column(gettext_lazy("姓名"), width=12),
        Column(gettext_lazy("承诺类型"), width=12),
        Column(gettext_lazy("承诺内容"), width=50, wrap=True),
        Column(gettext_lazy("完成时限"), Kind.DATE),
        Column(gettext_lazy("检验标准"), width=36, wrap=True),
        Column(gettext_lazy("状态"), width=14),
        Column(gettext_lazy("践诺次数"), Kind.NUMBER, width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        unit = fetch_param(actor, Unit.objects.filter(is_active=True), params.get("unit"))
        campaign = fetch_param(actor, Campaign.objects.all(), params.get("campaign"))
        if campaign.tenant_id != unit.tenant_id:
            raise Refused(_("找不到要导出的记录，或您没有导出它的权限。"), code="not_found")
        return {"unit": unit, "campaign": campaign}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_unit(actor, objs["unit"])

    def title(self, **objs: Any) -> str:
        return f"{objs['unit'].name}承诺墙 · {objs['campaign'].title}"

    def count(self, actor: Actor, **objs: Any) -> int:
        return pledge_wall(unit=objs["unit"], campaign=objs["campaign"]).count()

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for pledge in pledge_wall(unit=objs["unit"], campaign=objs["campaign"]).iterator(chunk_size=2000):
            yield (
                pledge.unit.name,
                pledge.member.staff_no,
                pledge.member.name,
                pledge.get_type_display(),
                pledge.content,
                pledge.due_on,
                pledge.check_standard,
                pledge.get_status_display(),
                getattr(pledge, "progress_count", 0),
            )


def wall_pdf(*, unit: Unit, campaign: Campaign, printed_on: date) -> bytes:
    context = {
        "unit": unit,
        "campaign": campaign,
        "pledges": wall_pledges(unit=unit, campaign=campaign),
        "printed_on": printed_on,
    }
    return render_pdf(
        html_template="pledges/print/wall.html", css_template="pledges/print/wall.css", context=context
    )
