"""The judges' scoring services on the permission table (appended to ``service_cases.CASES``).

The secretary's services (panels, rubric, entries, judges, reminders, tie decisions) are the
office's (``can_configure_tenant``: with the platform admin and the system). A sheet is saved only by
a judge of the panel in person: the plain member persona (of 中文系工会小组) is made the judge and
scores an entry of 数学与计算机科学学院; the college's chair, the sibling's chair (a judge of no
panel), the office, the other school and the system may not. A judge of another panel is refused
too (``test_judging_services``).
"""

from decimal import Decimal
from typing import Any

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.selections.models import Entry
from chuangxian.selections.models_scoring import Panel
from chuangxian.selections.services import (
    RubricLine,
    panel_create,
    panel_entries_set,
    panel_judges_set,
    panel_remind,
    panel_rubric_set,
    panel_update,
    sheet_save,
    tie_decide,
)
from chuangxian.selections.tests.factories_judging import (
    RUBRIC,
    make_panel,
    marks,
    row_of,
    score,
    scoring_selection,
    to_scoring,
)
from tests.service_permissions.harness import ServiceCase, World

CONFIGURERS = {"office", "admin", "system"}


def _panel(w: World, *, judged: bool = True) -> tuple[Panel, list[Entry]]:
    """A panel of a selection at its scoring stage, with entries of the sibling college and the
    library, judged by the member persona."""
    selection = scoring_selection(make_campaign(w.tree.tenant), [w.tree.sibling, w.tree.library])
    panel = make_panel(selection, [w.personas.member_row] if judged else [])
    to_scoring(selection)
    entries = list(Entry.objects.filter(tenant_id=w.tree.tenant.pk, selection=selection).order_by("pk"))
    return panel, entries


def _tied(w: World) -> tuple[Panel, list[Entry]]:
    panel, entries = _panel(w)
    for entry in entries:
        score(panel, entry, w.personas.member, "50", "30")
    return panel, entries


def _act_sheet(w: World, pair: Any, actor: Any) -> Any:
    panel, entries = pair
    return sheet_save(row=row_of(panel, entries[0]), marks=marks(panel, "50", "30"), submit=True, actor=actor)


JUDGING_CASES = [
    ServiceCase(
        service=panel_create,
        allowed=CONFIGURERS,
        arrange=lambda w: scoring_selection(make_campaign(w.tree.tenant), [w.tree.sibling]),
        act=lambda w, selection, actor: panel_create(selection=selection, name="第二评审组", actor=actor),
    ),
    ServiceCase(
        service=panel_update,
        allowed=CONFIGURERS,
        arrange=lambda w: _panel(w)[0],
        act=lambda w, panel, actor: panel_update(
            panel=panel, name="复评组", tie_break=["top_marks", "decision"], advance_count=3, actor=actor
        ),
    ),
    ServiceCase(
        service=panel_rubric_set,
        allowed=CONFIGURERS,
        arrange=lambda w: _panel(w)[0],
        act=lambda w, panel, actor: panel_rubric_set(
            panel=panel, items=[*RUBRIC, RubricLine("答辩", Decimal(10))], actor=actor
        ),
    ),
    ServiceCase(
        service=panel_entries_set,
        allowed=CONFIGURERS,
        arrange=_panel,
        act=lambda w, pair, actor: panel_entries_set(panel=pair[0], entries=pair[1][:1], actor=actor),
    ),
    ServiceCase(
        service=panel_judges_set,
        allowed=CONFIGURERS,
        arrange=lambda w: _panel(w, judged=False)[0],
        act=lambda w, panel, actor: panel_judges_set(
            panel=panel, members=[w.personas.member_row], actor=actor
        ),
    ),
    ServiceCase(
        service=panel_remind,
        allowed=CONFIGURERS,
        arrange=lambda w: _panel(w)[0],
        act=lambda w, panel, actor: panel_remind(panel=panel, actor=actor),
    ),
    ServiceCase(
        service=tie_decide,
        allowed=CONFIGURERS,
        arrange=_tied,
        act=lambda w, pair, actor: tie_decide(
            panel=pair[0], order=[e.pk for e in reversed(pair[1])], note="评审委员会表决", actor=actor
        ),
    ),
    ServiceCase(service=sheet_save, allowed={"member"}, arrange=_panel, act=_act_sheet),
]
