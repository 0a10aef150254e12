"""Certificate numbers under concurrency: two selections of one school announced at once take
distinct, consecutive numbers (the year's sequence row is locked while a number is taken), and the
same selection announced twice at once makes its awards once (the selection's lock)."""

from collections.abc import Callable
from datetime import date

from chuangxian.awards.models import Award
from chuangxian.awards.services import awards_announce
from chuangxian.awards.tests.factories import final_selection
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import MemberFactory
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race

DAY = date(2012, 7, 1)


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def _announcing(selection):
    return lambda: awards_announce(selection=selection, awarded_on=DAY, actor=SYSTEM)


def test_three_selections_announced_at_once_number_their_certificates_without_a_gap_or_a_repeat(tree):
    campaign = make_campaign(tree.tenant)
    selections = [
        final_selection(
            tree.tenant,
            campaign,
            [(tree.college, MemberFactory(unit=tree.college)) for _ in range(3)],
            title=f"评选{i}",
        )[0]
        for i in range(3)
    ]
    assert _race(*[_announcing(s) for s in selections]) == ["ok", "ok", "ok"]
    numbers = sorted(Award.objects.filter(tenant_id=tree.tenant.pk).values_list("number", flat=True))
    assert numbers == list(range(1, 10))


def test_one_selection_announced_twice_at_once_makes_its_awards_once(tree):
    selection, _entries = final_selection(
        tree.tenant, make_campaign(tree.tenant), [(tree.college, MemberFactory(unit=tree.college))]
    )
    assert _race(_announcing(selection), _announcing(selection)) == ["ok", "ok"]
    assert Award.objects.filter(tenant_id=tree.tenant.pk).count() == 1
