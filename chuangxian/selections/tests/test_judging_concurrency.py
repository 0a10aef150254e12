"""A judge's sheet submitted twice at once (a double tap on a phone, two tabs): one submission
counts, the other is refused as already submitted (the panel entry's row lock, then the sheet's)."""

import time

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.selections.models import Entry
from chuangxian.selections.models_scoring import Mark, Sheet
from chuangxian.selections.services import scoring
from chuangxian.selections.tests.factories_judging import (
    judge,
    make_panel,
    score,
    scoring_selection,
    to_scoring,
)
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def test_two_submissions_of_one_sheet_at_once_count_once(tree, campaign, monkeypatch):
    selection = scoring_selection(campaign, [tree.sibling])
    user, member = judge(tree.root)
    panel = make_panel(selection, [member])
    to_scoring(selection)
    entry = Entry.objects.get(tenant_id=tree.tenant.pk, selection=selection)
    score(panel, entry, user, "45", None, submit=False)  # a draft first: its row exists
    checking = scoring.sheet_problems

    def slow_check(*args, **kwargs):  # widen the window between the sheet's state read and its write
        time.sleep(0.3)
        return checking(*args, **kwargs)

    monkeypatch.setattr(scoring, "sheet_problems", slow_check)
    outcomes: list[str] = []
    calls = [
        recording(outcomes, lambda: score(panel, entry, user, "50", "30")),
        recording(outcomes, lambda: score(panel, entry, user, "40", "20")),
    ]
    assert run_together(*calls) == []
    assert sorted(outcomes) == ["ok", "submitted"]
    sheet = Sheet.objects.get(tenant_id=tree.tenant.pk, panel_entry__entry=entry)
    assert sheet.total in (80, 60)
    assert Mark.objects.filter(tenant_id=tree.tenant.pk, sheet=sheet).count() == 2
    assert AuditEntry.objects.filter(action="selections.sheet.submitted").count() == 1


def test_two_panels_taking_one_entry_at_once_get_it_once(tree, campaign, monkeypatch):
    """The office's two tabs put the same entry in two panels at once: the selection's lock (taken
    by every panel service) lets one have it; the other is refused, the entry is in one panel."""
    from chuangxian.selections.models_scoring import PanelEntry
    from chuangxian.selections.services import panels

    selection = scoring_selection(campaign, [tree.sibling])
    first = make_panel(selection, [])
    second = make_panel(selection, [], name="第二评审组")
    entry = Entry.objects.get(tenant_id=tree.tenant.pk, selection=selection)
    panels.panel_entries_set(panel=first, entries=[], actor=SYSTEM)  # the entry is in no panel now
    reading = panels.panel_entries

    def slow_read(*args, **kwargs):  # widen the window between the other-panel check and the write
        time.sleep(0.3)
        return reading(*args, **kwargs)

    monkeypatch.setattr(panels, "panel_entries", slow_read)
    outcomes: list[str] = []
    calls = [
        recording(outcomes, lambda: panels.panel_entries_set(panel=first, entries=[entry], actor=SYSTEM)),
        recording(outcomes, lambda: panels.panel_entries_set(panel=second, entries=[entry], actor=SYSTEM)),
    ]
    assert run_together(*calls) == []
    assert sorted(outcomes) == ["ok", "other_panel"]
    assert PanelEntry.objects.filter(tenant_id=tree.tenant.pk, entry=entry).count() == 1
