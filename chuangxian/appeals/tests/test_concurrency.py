"""Races on PostgreSQL: one appeal answered twice at once (the chair and the liaison) keeps one
answer of its round, and rated twice at once (two tabs of the member) reopens it only once (the
appeal's row lock; the unique round of an answer backs the first)."""

from collections.abc import Callable

from chuangxian.appeals.models import AppealAnswer, AppealStatus, Rating
from chuangxian.appeals.services import appeal_answer, appeal_rate
from chuangxian.appeals.tests.factories import accepted, answered
from chuangxian.core.actors import Actor
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def test_two_answers_at_once_keep_one(tree, personas):
    appeal = accepted(personas.member)

    def answering(actor: Actor) -> Callable[[], object]:
        return lambda: appeal_answer(appeal=appeal, text="答复", actor=actor)

    assert _race(answering(personas.chair), answering(personas.liaison)) == ["bad_transition", "ok"]
    assert AppealAnswer.objects.filter(tenant_id=tree.tenant.pk, appeal=appeal).count() == 1


def test_two_ratings_at_once_reopen_once(tree, personas):
    appeal = answered(personas.member)

    def rating() -> Callable[[], object]:
        return lambda: appeal_rate(appeal=appeal, rating=Rating.UNSATISFIED, actor=personas.member)

    assert _race(rating(), rating()) == ["bad_transition", "ok"]
    appeal.refresh_from_db()
    assert (appeal.status, appeal.round) == (AppealStatus.ACCEPTED, 2)
