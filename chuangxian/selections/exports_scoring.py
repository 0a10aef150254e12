"""A panel's scores as an export (``selections.scores``: Excel, CSV), for its secretary (the office):
one sheet of every judge's sheet (one row per judge and entry, a column per rubric item, the total,
draft or submitted), one of the results as the panel page shows them (final score, median, top
marks, rank and what decided it). A fixed number of queries whatever the size."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, SheetSpec, fetch_param
from chuangxian.selections.models_scoring import Mark, Panel, RubricItem, Sheet
from chuangxian.selections.permissions_scoring import can_manage_panel
from chuangxian.selections.scoring import CRITERION_LABELS
from chuangxian.selections.selectors_scoring import board, entry_unit, rubric_of

RESULT_COLUMNS = (
    Column(gettext_lazy("名次"), Kind.NUMBER, width=6),
    Column(gettext_lazy("参评对象"), width=30),
    Column(gettext_lazy("所在单位"), width=24),
    Column(gettext_lazy("最后得分"), Kind.NUMBER, width=10),
    Column(gettext_lazy("中位数"), Kind.NUMBER, width=10),
    Column(gettext_lazy("最高分次数"), Kind.NUMBER, width=10),
    Column(gettext_lazy("评委人数"), Kind.NUMBER, width=8),
    Column(gettext_lazy("名次依据"), width=20),
)


class ScoresExporter(Exporter):
    name = "selections.scores"
    label = gettext_lazy("评委评分")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("评委"), width=12),
        Column(gettext_lazy("评委单位"), width=20),
        Column(gettext_lazy("参评对象"), width=30),
        Column(gettext_lazy("推荐单位"), width=20),
        Column(gettext_lazy("状态"), width=8),
        Column(gettext_lazy("提交时间"), Kind.DATETIME),
        Column(gettext_lazy("合计"), Kind.NUMBER, width=8),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"panel": fetch_param(actor, Panel.objects.select_related("selection"), params.get("panel"))}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_manage_panel(actor, objs["panel"])

    def title(self, **objs: Any) -> str:
        panel = objs["panel"]
        return _("%(selection)s · %(panel)s · 评委评分") % {
            "selection": panel.selection.title,
            "panel": panel.name,
        }

    def _sheets(self, panel: Panel) -> Any:
        return (
            Sheet.objects.filter(tenant_id=panel.tenant_id, panel_entry__panel=panel)
            .select_related("judge__unit", "panel_entry__entry__nominating_unit")
            .order_by("judge__name", "judge_id", "panel_entry__position", "panel_entry_id")
        )

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._sheets(objs["panel"]).count())

    def _rows(self, panel: Panel, items: Sequence[RubricItem]) -> Iterator[Sequence[Any]]:
        marks: dict[tuple[int, int], Any] = {
            (sheet_id, item_id): value
            for sheet_id, item_id, value in Mark.objects.filter(
                tenant_id=panel.tenant_id, sheet__panel_entry__panel=panel
            ).values_list("sheet_id", "item_id", "value")
        }
        for sheet in self._sheets(panel):
            entry = sheet.panel_entry.entry
            yield (
                sheet.judge.name,
                sheet.judge.unit.name,
                entry.candidate_name,
                entry.nominating_unit.name,
                sheet.get_status_display(),
                sheet.submitted_at,
                sheet.total,
                *(marks.get((sheet.pk, item.pk)) for item in items),
            )

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        panel = objs["panel"]
        return self._rows(panel, rubric_of(panel))

    def _results(self, panel: Panel) -> Iterator[Sequence[Any]]:
        state = board(panel)
        for row in state.ranking.rows:
            entry = state.by_entry[row.entry].entry
            yield (
                row.rank,
                entry.candidate_name,
                entry_unit(entry).name,
                row.score,
                row.median,
                row.top_marks,
                row.judges,
                str(CRITERION_LABELS.get(row.decided_by, _("并列，待决定"))),
            )

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        panel = objs["panel"]
        items = rubric_of(panel)
        columns = (
            *self.columns,
            *(Column(f"{i.name}（{i.range_text}）", Kind.NUMBER) for i in items),
        )
        return [
            SheetSpec(title=_("评分明细"), columns=columns, rows=self._rows(panel, items)),
            SheetSpec(title=_("评分结果"), columns=RESULT_COLUMNS, rows=self._results(panel)),
        ]
