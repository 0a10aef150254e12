"""A 公示 as an export (``publicnotice.notice``: Excel, CSV): the notice's items (name, unit,
achievements) for anyone of the school, who may read the notice; and, for the office and the
selection's discipline-inspection grant (who answer objections), a second sheet of every objection
of the selection's notices with the objector's real name, contact, the text and the written answer.
Two queries per sheet whatever the number of rows."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, SheetSpec, fetch_param
from chuangxian.publicnotice.models import NoticeItem, Objection, PublicNotice
from chuangxian.publicnotice.permissions import can_answer, can_view_notice

OBJECTION_COLUMNS = (
    Column(gettext_lazy("第几次公示"), width=10),
    Column(gettext_lazy("针对的公示对象"), width=24),
    Column(gettext_lazy("提出人（实名）"), width=14),
    Column(gettext_lazy("联系方式"), Kind.ID, width=18),
    Column(gettext_lazy("异议内容"), width=40),
    Column(gettext_lazy("提出时间"), Kind.DATETIME),
    Column(gettext_lazy("状态"), width=10),
    Column(gettext_lazy("书面答复"), width=40),
    Column(gettext_lazy("答复时间"), Kind.DATETIME),
)


class NoticeExporter(Exporter):
    name = "publicnotice.notice"
    label = gettext_lazy("公示对象")
    formats = ("xlsx",)  # a CSV holds one sheet: the objections would be left out silently
    columns = (
        Column(gettext_lazy("序号"), Kind.NUMBER, width=6),
        Column(gettext_lazy("姓名 / 名称"), width=24),
        Column(gettext_lazy("单位"), width=24),
        Column(gettext_lazy("主要事迹"), width=60),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        notice = fetch_param(actor, PublicNotice.objects.select_related("selection"), params.get("notice"))
        return {"notice": notice}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_notice(actor, objs["notice"])

    def title(self, **objs: Any) -> str:
        return str(objs["notice"].title)

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        notice = objs["notice"]
        items = NoticeItem.objects.filter(tenant_id=notice.tenant_id, notice=notice).order_by(
            "position", "id"
        )
        for number, item in enumerate(items, start=1):
            yield (number, item.name, item.unit_name, item.achievements)

    def _objections(self, notice: PublicNotice) -> Iterator[Sequence[Any]]:
        objections = (
            Objection.objects.filter(tenant_id=notice.tenant_id, notice__selection_id=notice.selection_id)
            .select_related("notice", "item")
            .order_by("filed_at", "id")
        )
        for objection in objections:
            yield (
                objection.notice.round_no,
                objection.item.name if objection.item else _("（整体或其他）"),
                objection.real_name,
                objection.contact,
                objection.text,
                objection.filed_at,
                objection.get_status_display(),
                objection.answer,
                objection.answered_at,
            )

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        notice = objs["notice"]
        sheets = [SheetSpec(title=str(self.label), columns=self.columns, rows=self.rows(actor, **objs))]
        if can_answer(actor, notice.selection):
            sheets.append(
                SheetSpec(title=_("异议及答复"), columns=OBJECTION_COLUMNS, rows=self._objections(notice))
            )
        return sheets
