"""The judges of a campaign's selections: a judge is a grant on the campaign (``grants``), held for the
campaign's term, not a role at a unit."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign, CampaignStatus
from chuangxian.campaigns.selectors import campaign_term
from chuangxian.campaigns.services._common import CampaignError, _require_office
from chuangxian.core.actors import Actor
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.services import grant_create, grant_revoke
from chuangxian.orgs.models import Member


@transaction.atomic
def campaign_judges_name(*, campaign: Campaign, members: Sequence[Member], actor: Actor) -> list[Grant]:
    """Make each of ``members`` a judge of ``campaign`` for the campaign's term (``campaign_term``:
    the first day of its first phase to the last day of its last). A member who already holds a judge
    grant on it that was not taken back keeps it, its term first brought into line (``_judges_reterm``). Returns the new grants, each audited by ``grant_create``.

    Locks the campaign row, so that two namings at once cannot both find a member without a grant.
    Refused 'not_office' unless ``actor`` is the school's campaign office or the system; raises
    CampaignError 'campaign_closed' for a campaign that has ended, and what ``grant_create`` raises
    (a member of another school: 'wrong_tenant').
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk, tenant_id=campaign.tenant_id)
    _require_office(actor, campaign.tenant_id)
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignError(code="campaign_closed", message=_("该创先活动已结束，不能再聘请评委。"))
    _judges_reterm(campaign=campaign, actor=actor)
    starts_on, ends_on = campaign_term(campaign)
    judging = set(
        grants_on(campaign)
        .filter(kind=GrantKind.JUDGE, revoked_at__isnull=True)
        .values_list("member_id", flat=True)
    )
    grants = []
    for member in dict.fromkeys(members):
        if member.pk in judging:
            continue
        grants.append(
            grant_create(
                kind=GrantKind.JUDGE,
                target=campaign,
                member=member,
                starts_on=starts_on,
                ends_on=ends_on,
                actor=actor,
            )
        )
    return grants


def _judges_reterm(*, campaign: Campaign, actor: Actor) -> int:
    """Bring the term of every judge grant on ``campaign`` that was not taken back into line with the
    campaign's term (``campaign_term``), after its phases moved: each such grant is taken back and
    given again for the new term (``grant_revoke`` and ``grant_create``, both audited), so an
    expired grant of a campaign that runs longer is live again. Returns how many were renewed.

    Called with the campaign row locked by ``campaign_set_phases`` and ``campaign_judges_name``,
    whose rules (the school's campaign office or the system) the grant services check again."""
    starts_on, ends_on = campaign_term(campaign)
    stale = (
        grants_on(campaign)
        .filter(kind=GrantKind.JUDGE, revoked_at__isnull=True, member__isnull=False)
        .exclude(starts_on=starts_on, ends_on=ends_on)
        .select_related("member")
    )
    renewed = 0
    for grant in list(stale):
        member = grant.member
        assert member is not None
        grant_revoke(grant=grant, actor=actor)
        grant_create(
            kind=GrantKind.JUDGE,
            target=campaign,
            member=member,
            starts_on=starts_on,
            ends_on=ends_on,
            actor=actor,
        )
        renewed += 1
    return renewed
