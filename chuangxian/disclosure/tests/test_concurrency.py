"""Races on PostgreSQL: one question answered twice at once (the responsible office and a named
handler) keeps one answer and tells the asker once (the item's, then the question's row lock); a
question posted while the item is withdrawn is refused or lands before the withdrawal, never after
(the item's row lock)."""

from collections.abc import Callable

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.disclosure.models import DisclosureItem, Feedback
from chuangxian.disclosure.services import item_handlers_name, item_withdraw, question_answer
from chuangxian.disclosure.tests.factories import ask, make_item
from chuangxian.notifications.models import Notification
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def test_one_question_answered_twice_at_once_keeps_one_answer(tree, personas):
    item = make_item(tree.root, units=[tree.college])
    handler = MemberFactory(unit=tree.library)
    item_handlers_name(item=item, members=[handler], actor=SYSTEM)
    question = ask(item, personas.member)

    def answering(actor, text: str) -> Callable[[], object]:  # type: ignore[no-untyped-def]
        return lambda: question_answer(question=question, answer=text, actor=actor)

    assert _race(answering(personas.office, "答复一"), answering(make_user(handler), "答复二")) == [
        "answered",
        "ok",
    ]
    assert AuditEntry.objects.filter(action="disclosure.question.answered").count() == 1
    assert Notification.objects.filter(tenant_id=tree.tenant.pk, kind="disclosure.answer").count() == 1


def test_a_question_during_a_withdrawal_never_lands_on_a_withdrawn_item(tree, personas):
    item = make_item(tree.root)
    outcomes = _race(
        lambda: ask(item, personas.member),
        lambda: item_withdraw(item=item, reason="撤回", actor=personas.office),
    )
    assert outcomes in (["ok", "ok"], ["ok", "withdrawn"])
    withdrawn = DisclosureItem.objects.get(tenant_id=tree.tenant.pk, pk=item.pk).withdrawn_at
    for question in Feedback.objects.filter(tenant_id=tree.tenant.pk):
        assert question.posted_at <= withdrawn
