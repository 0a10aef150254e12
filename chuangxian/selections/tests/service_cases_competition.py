"""The teaching competitions' services on the permission table (appended to ``service_cases.CASES``).

Everything of a competition — the default rubric, the draw, starting and ending a lecture, the
promotion to the final — is the panel secretary's, the school's campaign office
(``can_configure_selections``: with the platform admin and the system). The chairs, the member, the
leader and the other school's office are refused; a judge of the panel is refused too
(``test_competition_services``).
"""

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.selections.models_scoring import Round
from chuangxian.selections.services import panel_create
from chuangxian.selections.services.competition import (
    lecture_end,
    lecture_start,
    panel_draw,
    panel_promote,
    panel_rubric_default,
)
from chuangxian.selections.services.panel_settings import CompetitionSettings
from chuangxian.selections.tests.factories_competition import Competition, make_competition, row, score_all
from chuangxian.selections.tests.factories_judging import scoring_selection, to_scoring
from tests.service_permissions.harness import ServiceCase, World

CONFIGURERS = {"office", "admin", "system"}


def _contest(w: World, *, scoring: bool = False) -> Competition:
    tree = w.tree
    contest = make_competition(
        make_campaign(tree.tenant), [tree.college, tree.sibling, tree.library, tree.library], root=tree.root
    )
    if scoring:
        to_scoring(contest.selection)
    return contest


def _scored(w: World) -> Competition:
    contest = _contest(w, scoring=True)
    first, second = contest.entries[2:]
    score_all(contest.sciences, contest.judges, {first.pk: ("10", "70", "3"), second.pk: ("14", "78", "5")})
    return contest


COMPETITION_CASES = [
    ServiceCase(
        service=panel_rubric_default,
        allowed=CONFIGURERS,
        arrange=lambda w: panel_create(
            selection=scoring_selection(make_campaign(w.tree.tenant), [w.tree.sibling]),
            name="人文社科组初赛",
            competition=CompetitionSettings(Round.PRELIMINARY, "人文社科"),
            actor=SYSTEM,
        ),
        act=lambda w, panel, actor: panel_rubric_default(panel=panel, actor=actor),
    ),
    ServiceCase(
        service=panel_draw,
        allowed=CONFIGURERS,
        arrange=_contest,
        act=lambda w, contest, actor: panel_draw(panel=contest.humanities, actor=actor),
    ),
    ServiceCase(
        service=lecture_start,
        allowed=CONFIGURERS,
        arrange=lambda w: _contest(w, scoring=True),
        act=lambda w, contest, actor: lecture_start(
            row=row(contest.humanities, contest.entries[0]), actor=actor
        ),
    ),
    ServiceCase(
        service=lecture_end,
        allowed=CONFIGURERS,
        arrange=lambda w: _contest(w, scoring=True),
        act=lambda w, contest, actor: lecture_end(
            row=row(contest.humanities, contest.entries[0]), duration_seconds=1300, actor=actor
        ),
    ),
    ServiceCase(
        service=panel_promote,
        allowed=CONFIGURERS,
        arrange=_scored,
        act=lambda w, contest, actor: panel_promote(panel=contest.sciences, actor=actor),
    ),
]
