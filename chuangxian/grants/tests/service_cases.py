"""The grants services on the permission table (tests/service_permissions)."""

from datetime import date

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.grants.models import GrantKind
from chuangxian.grants.services import grant_create, grant_revoke
from chuangxian.orgs.tests.factories import MemberFactory
from tests.service_permissions.harness import ServiceCase

# Judges of a campaign are named by the tenant's office (campaigns/apps.py registers the kind).
NAMERS = {"office", "admin", "system"}


def _judge_grant(w, actor):
    campaign = make_campaign(w.tree.tenant)
    member = MemberFactory(unit=w.tree.sibling)
    return grant_create(
        kind=GrantKind.JUDGE, target=campaign, member=member, starts_on=date(2011, 3, 1), actor=actor
    )


CASES = [
    ServiceCase(
        service=grant_create,
        allowed=NAMERS,
        arrange=lambda w: (make_campaign(w.tree.tenant), MemberFactory(unit=w.tree.sibling)),
        act=lambda w, ctx, actor: grant_create(
            kind=GrantKind.JUDGE, target=ctx[0], member=ctx[1], starts_on=date(2011, 3, 1), actor=actor
        ),
    ),
    ServiceCase(
        service=grant_revoke,
        allowed=NAMERS,
        arrange=lambda w: _judge_grant(w, SYSTEM),
        act=lambda w, grant, actor: grant_revoke(grant=grant, actor=actor),
    ),
]
