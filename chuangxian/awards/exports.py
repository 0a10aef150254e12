"""A selection's results as an export (``awards.results``: Excel, CSV): every winner with their
unit, honour, date, certificate number and whether they are an exemplar. The results are public
within the school, so whoever sees the selection may export them."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.awards.permissions import can_view_results
from chuangxian.awards.selectors import awards_of_selection
from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.selections.models import Selection


class ResultsExporter(Exporter):
    name = "awards.results"
    label = gettext_lazy("评选结果")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("证书编号"), width=12),
        Column(gettext_lazy("获奖者"), width=30),
        Column(gettext_lazy("单位"), width=24),
        Column(gettext_lazy("荣誉"), width=20),
        Column(gettext_lazy("授予日期"), Kind.DATE),
        Column(gettext_lazy("先进典型"), width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        selection = fetch_param(actor, Selection.objects.select_related("type"), params.get("selection"))
        return {"selection": selection}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_results(actor, objs["selection"].tenant_id)

    def title(self, **objs: Any) -> str:
        return _("%(selection)s · 评选结果") % {"selection": objs["selection"].title}

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for award in awards_of_selection(objs["selection"]):
            yield (
                award.certificate_no,
                award.name,
                award.unit_name,
                award.honour,
                award.awarded_on,
                _("是") if award.exemplar else "",
            )
