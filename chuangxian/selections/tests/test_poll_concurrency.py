"""The democratic recommendation started twice at once (a double tap, two colleagues): one poll is
made, the other is refused as existing (the selection's row lock, then the check)."""

import time

from chuangxian.audit.models import AuditEntry
from chuangxian.selections.models_poll import SelectionPoll
from chuangxian.selections.services import poll as poll_services
from chuangxian.selections.tests.factories_poll import make_selection_poll, poll_selection, to_poll
from chuangxian.voting.models import Poll
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def test_two_starts_at_once_make_one_poll(tree, campaign, monkeypatch):
    selection, _entries = poll_selection(campaign, [(tree.college, "张老师"), (tree.sibling, "王老师")])
    selection = to_poll(selection)
    reading = poll_services.poll_candidates

    def slow_read(*args, **kwargs):  # widen the window between the existence check and the write
        time.sleep(0.3)
        return reading(*args, **kwargs)

    monkeypatch.setattr(poll_services, "poll_candidates", slow_read)
    outcomes: list[str] = []
    calls = [recording(outcomes, lambda: make_selection_poll(selection, [tree.library], 1)) for _ in range(2)]
    assert run_together(*calls) == []
    assert sorted(outcomes) == ["ok", "poll_exists"]
    assert SelectionPoll.objects.filter(tenant_id=tree.tenant.pk, selection=selection).count() == 1
    assert Poll.objects.filter(tenant_id=tree.tenant.pk).count() == 1
    assert AuditEntry.objects.filter(action="selections.poll.created").count() == 1
