"""The representatives of a congress as an export (``congress.representatives``: Excel, CSV): every
representative in office with the electing unit, delegation, post, gender and the leader flag, for
anyone of the school (who may read the congress). One query whatever the number of rows."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.congress.models import Congress, Representative
from chuangxian.congress.permissions import can_view_congress
from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param


class RepresentativesExporter(Exporter):
    name = "congress.representatives"
    label = gettext_lazy("教代会代表名单")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("序号"), Kind.NUMBER, width=6),
        Column(gettext_lazy("代表团"), width=24),
        Column(gettext_lazy("选举单位"), width=24),
        Column(gettext_lazy("姓名"), width=12),
        Column(gettext_lazy("工号"), Kind.ID, width=12),
        Column(gettext_lazy("性别"), width=6),
        Column(gettext_lazy("岗位类别"), width=10),
        Column(gettext_lazy("领导干部"), width=10),
        Column(gettext_lazy("当选日期"), Kind.DATE),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        congress = fetch_param(actor, Congress.objects.select_related("unit"), params.get("congress"))
        return {"congress": congress}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_congress(actor, objs["congress"])

    def title(self, **objs: Any) -> str:
        return _("%(congress)s代表名单") % {"congress": objs["congress"]}

    def count(self, actor: Actor, **objs: Any) -> int | None:
        congress = objs["congress"]
        return Representative.objects.filter(
            tenant_id=congress.tenant_id, congress=congress, ended_on__isnull=True
        ).count()

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        congress = objs["congress"]
        rows = (
            Representative.objects.filter(
                tenant_id=congress.tenant_id, congress=congress, ended_on__isnull=True
            )
            .select_related("member", "unit", "delegation")
            .order_by("delegation__name", "unit__path", "member__name", "pk")
        )
        for number, rep in enumerate(rows.iterator(chunk_size=500), start=1):
            yield (
                number,
                rep.delegation.name if rep.delegation else "",
                rep.unit.name,
                rep.member.name,
                rep.member.staff_no,
                rep.member.get_gender_display(),
                rep.member.get_post_display(),
                _("是") if rep.is_leader else "",
                rep.elected_on,
            )
