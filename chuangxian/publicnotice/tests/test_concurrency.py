"""Races on PostgreSQL: two publications of one selection's notice at once make one round (the
selection's row lock; the unique round number backs it), and one objection answered twice at once
(the office and the discipline-inspection holder) keeps one answer (the objection's row lock)."""

from collections.abc import Callable
from datetime import date

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.publicnotice.models import Objection, PublicNotice
from chuangxian.publicnotice.services import discipline_name, notice_publish, objection_answer
from chuangxian.publicnotice.tests.factories import CONTACT, object_to, selection_at_notice
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def _selection(tree):  # type: ignore[no-untyped-def]
    return selection_at_notice(tree.tenant, [(tree.college, MemberFactory(unit=tree.college, name="林老师"))])


def test_two_publications_at_once_make_one_round(tree):
    selection = _selection(tree)

    def publishing(start: date) -> Callable[[], object]:
        return lambda: notice_publish(selection=selection, starts_on=start, contact=CONTACT, actor=SYSTEM)

    today = clock.today()
    assert _race(publishing(today), publishing(today)) == ["already_published", "ok"]
    assert PublicNotice.objects.filter(tenant_id=tree.tenant.pk, selection=selection).count() == 1


def test_one_objection_answered_twice_at_once_keeps_one_answer(tree, personas):
    selection = _selection(tree)
    notice = notice_publish(selection=selection, starts_on=clock.today(), contact=CONTACT, actor=SYSTEM)
    inspector = MemberFactory(unit=tree.root)
    discipline_name(selection=selection, members=[inspector], actor=SYSTEM)
    objection = object_to(notice, personas.member, item=notice.items.get(tenant_id=notice.tenant_id))

    def answering(actor, substantiated: bool) -> Callable[[], object]:  # type: ignore[no-untyped-def]
        return lambda: objection_answer(
            objection=objection, substantiated=substantiated, answer="答复", actor=actor
        )

    outcomes = _race(answering(personas.office, False), answering(make_user(inspector), True))
    assert outcomes == ["answered", "ok"]
    assert (
        Objection.objects.filter(tenant_id=tree.tenant.pk, pk=objection.pk, answered_at__isnull=False).count()
        == 1
    )
