"""Two nominations of one unit at once for its last place: exactly one passes the quota check (the
unit's row lock), the other is refused with the quota's arithmetic."""

from collections.abc import Callable

from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.models import Entry
from chuangxian.selections.tests.factories import make_selection, make_type, nominate
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def test_two_nominations_for_the_last_place_make_one_entry(tree, campaign):
    selection = make_selection(campaign, make_type(tree.tenant, quota_max=1))
    first, second, third = (MemberFactory(unit=tree.college) for _ in range(3))

    def nominating(member):
        return lambda: nominate(selection, tree.college, member, actor=SYSTEM)

    assert _race(nominating(first), nominating(second), nominating(third)) == [
        "ok",
        "quota_full",
        "quota_full",
    ]
    assert Entry.objects.filter(selection=selection).count() == 1


def test_the_same_member_twice_at_once_is_one_entry(tree, campaign):
    selection = make_selection(campaign, make_type(tree.tenant, quota_max=5))
    member = MemberFactory(unit=tree.college)

    def call():
        nominate(selection, tree.college, member, actor=SYSTEM)

    assert _race(call, call) == ["duplicate", "ok"]
    assert Entry.objects.filter(selection=selection).count() == 1
