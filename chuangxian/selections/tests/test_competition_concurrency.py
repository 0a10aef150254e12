"""Two lectures started at once (the timekeeper's double tap, two tabs on two entries): one entry is
on stage, the other start is refused (the selection's, then the panel's row lock, taken before the
panel's ``current`` is read)."""

import time

from chuangxian.audit.models import AuditEntry
from chuangxian.selections.models_scoring import Panel, PanelEntry
from chuangxian.selections.services import competition
from chuangxian.selections.tests.factories_competition import make_competition, row
from chuangxian.selections.tests.factories_judging import to_scoring
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def test_two_lectures_started_at_once_put_one_entry_on_stage(tree, campaign, personas, monkeypatch):
    contest = make_competition(
        campaign, [tree.college, tree.sibling, tree.library, tree.library], root=tree.root
    )
    to_scoring(contest.selection)
    panel = contest.humanities
    first, second = (row(panel, entry) for entry in contest.entries[:2])
    checking = competition._require_scoring

    def slow_check(*args, **kwargs):  # widen the window between the panel's read and its write
        time.sleep(0.3)
        return checking(*args, **kwargs)

    monkeypatch.setattr(competition, "_require_scoring", slow_check)
    outcomes: list[str] = []
    calls = [
        recording(outcomes, lambda: competition.lecture_start(row=first, actor=personas.office)),
        recording(outcomes, lambda: competition.lecture_start(row=second, actor=personas.office)),
    ]
    assert run_together(*calls) == []
    assert sorted(outcomes) == ["lecture_running", "ok"]
    assert PanelEntry.objects.filter(panel=panel, started_at__isnull=False).count() == 1
    assert Panel.objects.get(pk=panel.pk).current_id in (first.pk, second.pk)
    assert AuditEntry.objects.filter(action="selections.lecture.started").count() == 1
