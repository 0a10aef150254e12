"""Races on PostgreSQL: one member elected twice at once is one representative with one grant (the
congress's row lock; the partial unique constraint on live representatives and the grants' own back
it), and a replacement racing a second replacement of the same representative ends it once."""

from collections.abc import Callable

from chuangxian.congress.models import Representative
from chuangxian.congress.services import representative_elect, representative_replace
from chuangxian.congress.tests.factories import elect, make_congress
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.orgs.tests.factories import MemberFactory
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def test_one_member_elected_twice_at_once_is_one_representative(tree):
    congress = make_congress(tree.root)
    member = MemberFactory(unit=tree.college)

    def electing() -> object:
        return representative_elect(
            congress=congress, member=member, unit=tree.college, elected_on=clock.today(), actor=SYSTEM
        )

    assert _race(electing, electing) == ["duplicate", "ok"]
    assert (
        Representative.objects.filter(tenant_id=tree.tenant.pk, congress=congress, member=member).count() == 1
    )
    assert (
        Grant.objects.filter(tenant_id=tree.tenant.pk, kind=GrantKind.REPRESENTATIVE, member=member).count()
        == 1
    )


def test_one_representative_replaced_twice_at_once_is_ended_once(tree):
    congress = make_congress(tree.root)
    rep = elect(congress, MemberFactory(unit=tree.college))
    successors = [MemberFactory(unit=tree.college) for _ in range(2)]

    def replacing(successor) -> Callable[[], object]:  # type: ignore[no-untyped-def]
        return lambda: representative_replace(
            representative=rep, successor=successor, elected_on=clock.today(), reason="调离", actor=SYSTEM
        )

    assert _race(*(replacing(s) for s in successors)) == ["already_ended", "ok"]
    live = Representative.objects.filter(tenant_id=tree.tenant.pk, congress=congress, ended_on__isnull=True)
    assert live.count() == 1
