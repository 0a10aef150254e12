"""What the judges' scores decide as the selection leaves its scoring stage.

Each entry in the running is judged by its last panel (the highest round it reached). A panel that
``advances_to`` another (a preliminary round) passes its top ``advance_count`` on to that panel; an
entry whose last panel is such a panel did not advance and is removed. A panel that does not advance
to another and has ``advance_count`` N selects its first N (``scoring.top_n`` on its ranking, the
recorded tie decisions included); the others are removed, each with its place. Without N nobody is
removed by the scores: the committee or the notice decides.

``scoring_outcome_refusal`` (registered with the scoring stage's exit checks, after the sheets) keeps
the stage from being left while that cannot be decided: an entry assigned to no panel, a tie across
a panel's cut without a recorded decision, or a preliminary panel whose advancing entries are not
yet in the panel they advance to.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from chuangxian.selections.models import Entry, EntryStatus, Selection
from chuangxian.selections.models_scoring import Panel
from chuangxian.selections.scoring import top_n
from chuangxian.selections.scoring.ranking import Advance, Ranking
from chuangxian.selections.selectors_committee import IN_RUNNING
from chuangxian.selections.selectors_scoring import board, panels_of
from chuangxian.selections.services._common import SelectionError, entries_settle


@dataclass
class PanelResult:
    panel: Panel
    ranking: Ranking[int]
    members: set[int]  # Entry ids in the panel
    cut: Advance[int] | None  # top advance_count, when the panel has one


def _results(selection: Selection) -> list[PanelResult]:
    results = []
    for panel in panels_of(selection):
        state = board(panel)
        cut = top_n(state.ranking, panel.advance_count) if panel.advance_count else None
        results.append(PanelResult(panel, state.ranking, set(state.by_entry), cut))
    return results


def _last_panels(results: list[PanelResult]) -> dict[int, PanelResult]:
    last: dict[int, PanelResult] = {}
    for result in results:
        for entry in result.members:
            held = last.get(entry)
            if held is None or (result.panel.round, result.panel.pk) > (held.panel.round, held.panel.pk):
                last[entry] = result
    return last


def _names(selection: Selection, ids: set[int]) -> str:
    return "、".join(
        Entry.objects.filter(tenant_id=selection.tenant_id, pk__in=list(ids))
        .order_by("pk")
        .values_list("candidate_name", flat=True)
    )


def scoring_outcome_refusal(selection: Selection) -> SelectionError | None:
    running = set(
        Entry.objects.filter(
            tenant_id=selection.tenant_id, selection=selection, status__in=IN_RUNNING
        ).values_list("pk", flat=True)
    )
    results = _results(selection)
    by_panel = {result.panel.pk: result for result in results}
    unassigned = running - set().union(*(result.members for result in results))
    if unassigned:
        return SelectionError(
            code="unassigned",
            message=_("以下推荐对象没有分配到任何评审组，无人评分：%(names)s。请分配后再进入下一环节。")
            % {"names": _names(selection, unassigned)},
        )
    for result in results:
        if result.cut is None:
            continue
        tied = set(result.cut.tied_at_cut) & running
        if tied:
            return SelectionError(
                code="tie_at_cut",
                message=_(
                    "「%(panel)s」入选名额为 %(n)d 名，以下参评对象同分且按同分排序规则无法区分：%(names)s。"
                    "请在评审组页面记录评审委员会的名次决定后再进入下一环节。"
                )
                % {
                    "panel": result.panel.name,
                    "n": result.panel.advance_count,
                    "names": _names(selection, tied),
                },
            )
        target = by_panel.get(result.panel.advances_to_id or 0)
        if target is not None:
            missing = (set(result.cut.advancing) & running) - target.members
            if missing:
                return SelectionError(
                    code="not_promoted",
                    message=_("「%(panel)s」的晋级对象还没有进入「%(target)s」：%(names)s。请先办理晋级。")
                    % {
                        "panel": result.panel.name,
                        "target": target.panel.name,
                        "names": _names(selection, missing),
                    },
                )
    return None


def scoring_settle(selection: Selection) -> int:
    """Remove the entries the scores did not select (see the module's docstring). Returns how many."""
    running = set(
        Entry.objects.filter(
            tenant_id=selection.tenant_id, selection=selection, status__in=IN_RUNNING
        ).values_list("pk", flat=True)
    )
    removed = 0
    for entry, result in _last_panels(_results(selection)).items():
        if entry not in running:
            continue
        place = next((row.rank for row in result.ranking.rows if row.entry == entry), None)
        where = (
            _("%(panel)s第 %(rank)d 名") % {"panel": result.panel.name, "rank": place}
            if place
            else _("%(panel)s未获评分") % {"panel": result.panel.name}
        )
        if result.panel.advances_to_id:
            if result.cut is not None and entry in (*result.cut.advancing, *result.cut.tied_at_cut):
                continue  # placed to advance, not yet promoted (a stage moved by the office): kept
            reason = _("未晋级（%(where)s）") % {"where": where}
        elif result.cut is not None and entry not in (*result.cut.advancing, *result.cut.tied_at_cut):
            reason = _("评委评审未入选（%(where)s，入选 %(n)d 名）") % {
                "where": where,
                "n": result.panel.advance_count,
            }
        else:
            continue
        removed += entries_settle(
            tenant_id=selection.tenant_id, entry_ids=[entry], status=EntryStatus.REMOVED, reason=reason
        )
    return removed
