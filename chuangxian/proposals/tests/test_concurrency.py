"""Numbering under concurrent acceptance: two proposals of one session accepted at the same moment
get numbers 1 and 2 (the session's collection row is locked while a number is taken), never one
number twice."""

from chuangxian.core.actors import SYSTEM
from chuangxian.proposals.models import Proposal
from chuangxian.proposals.services import ProposalData, proposal_decide
from chuangxian.proposals.services import _common as common
from chuangxian.proposals.tests.factories import congressmen, submitted
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def test_two_acceptances_at_once_take_two_numbers(tree, monkeypatch):
    world = congressmen(tree)
    first = submitted(world)
    second = submitted(world, ProposalData("关于增设教工食堂夜间窗口的提案", "理由", "建议", "logistics"))
    taking = common.collection_of

    def slow_take(*args, **kwargs):  # widen the window between reading the sequence and writing it
        found = taking(*args, **kwargs)
        import time

        time.sleep(0.3)
        return found

    monkeypatch.setattr("chuangxian.proposals.services.handling.collection_of", slow_take)
    outcomes: list[str] = []
    calls = [
        recording(outcomes, lambda p=p: proposal_decide(proposal=p, decision="accept", actor=SYSTEM))
        for p in (first, second)
    ]
    assert run_together(*calls) == []
    assert outcomes == ["ok", "ok"]
    numbers = sorted(Proposal.objects.filter(tenant_id=tree.tenant.pk).values_list("number", flat=True))
    assert numbers == [1, 2]
