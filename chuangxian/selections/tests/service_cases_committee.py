"""The committee's decision on the permission table (appended to ``service_cases.CASES``): the
office's (``can_configure_tenant``: with the platform admin and the system)."""

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.selections.models import Entry, Selection, Stage
from chuangxian.selections.services import selection_advance
from chuangxian.selections.services.committee import CommitteeVote, committee_decide
from chuangxian.selections.tests.factories_judging import scoring_selection
from tests.service_permissions.harness import ServiceCase, World

CONFIGURERS = {"office", "admin", "system"}


def _at_committee(w: World) -> Selection:
    """A selection (nomination → committee → final) at its committee stage, an entry of the library."""
    selection = scoring_selection(make_campaign(w.tree.tenant), [w.tree.library])
    selection.stages = [Stage.NOMINATION, Stage.COMMITTEE, Stage.FINAL]
    selection.save(update_fields=["stages"])
    return selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)


def _decide(w: World, selection: Selection, actor: object) -> int:
    entry = Entry.objects.get(tenant_id=selection.tenant_id, selection=selection)
    return committee_decide(selection=selection, votes={entry.pk: CommitteeVote("agree")}, actor=actor)


COMMITTEE_CASES = [
    ServiceCase(service=committee_decide, allowed=CONFIGURERS, arrange=_at_committee, act=_decide)
]
