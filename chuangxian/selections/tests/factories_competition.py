"""Test helpers for teaching competitions: a competition with two groups' preliminary panels feeding
one final, the default rubric and an overtime rule, and the scoring of a whole panel."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from chuangxian.accounts.models import User
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Member, Unit
from chuangxian.selections.models import Entry, Selection
from chuangxian.selections.models_scoring import Panel, PanelEntry, Round
from chuangxian.selections.scoring import OvertimeRule
from chuangxian.selections.services import panel_create, panel_entries_set, panel_judges_set
from chuangxian.selections.services.competition import panel_rubric_default
from chuangxian.selections.services.panel_settings import CompetitionSettings
from chuangxian.selections.tests.factories_judging import judge, row_of, score, scoring_selection

# 20 minutes, 1 point per started minute over, at most 5 points, 30 seconds' grace.
RULE = OvertimeRule(limit_seconds=20 * 60, per_minute=Decimal(1), cap=Decimal(5), grace_seconds=30)


@dataclass
class Competition:
    selection: Selection
    final: Panel
    humanities: Panel  # 人文社科组 (初赛)
    sciences: Panel  # 自然科学组 (初赛)
    judges: list[tuple[User, Member]]  # judge every panel (of the school union: never recused)
    entries: list[Entry]  # the humanities' two, then the sciences' two


def competition_panel(
    selection: Selection,
    name: str,
    *,
    round: int,
    group: str = "",
    advances_to: Panel | None = None,
    advance_count: int | None = None,
    judges: Sequence[Member] = (),
) -> Panel:
    panel = panel_create(
        selection=selection,
        name=name,
        advance_count=advance_count,
        competition=CompetitionSettings(round, group, advances_to, RULE),
        actor=SYSTEM,
    )
    panel_rubric_default(panel=panel, actor=SYSTEM)
    if judges:
        panel_judges_set(panel=panel, members=list(judges), actor=SYSTEM)
    return panel


def make_competition(
    campaign: Campaign,
    units: list[Unit],
    *,
    root: Unit,
    judges: int = 3,
    places: int = 1,
    title: str = "2011年青年教师教学竞赛",
) -> Competition:
    """An entry per unit of ``units`` (at least four), still at the nomination stage: the
    first two in the humanities' preliminary, the last two in the sciences', each advancing
    ``places`` to the final; ``judges`` judges of the school union (``root``) on every panel."""
    selection = scoring_selection(campaign, units, title=title)
    entries = list(Entry.objects.filter(tenant_id=selection.tenant_id, selection=selection).order_by("pk"))
    people = [judge(root, f"评委{n}") for n in range(1, judges + 1)]
    members = [member for _user, member in people]
    final = competition_panel(selection, "决赛", round=Round.FINAL, judges=members)
    panels = [
        competition_panel(
            selection,
            f"{group}组初赛",
            round=Round.PRELIMINARY,
            group=group,
            advances_to=final,
            advance_count=places,
            judges=members,
        )
        for group in ("人文社科", "自然科学")
    ]
    panel_entries_set(panel=panels[0], entries=entries[:2], actor=SYSTEM)
    panel_entries_set(panel=panels[1], entries=entries[2:], actor=SYSTEM)
    return Competition(selection, final, panels[0], panels[1], people, entries)


def score_all(
    panel: Panel, people: list[tuple[User, Member]], marks: dict[int, tuple[str, str, str]]
) -> None:
    """Every judge gives each entry (by Entry id) the same ``marks`` (教学设计, 课堂教学, 教学反思)."""
    for entry_id, values in marks.items():
        entry = Entry.objects.get(tenant_id=panel.tenant_id, pk=entry_id)
        for user, _member in people:
            score(panel, entry, user, *values)


def row(panel: Panel, entry: Entry) -> PanelEntry:
    return row_of(panel, entry)
