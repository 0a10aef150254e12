"""The campaigns services on the permission table (tests/service_permissions): the campaign office of
the school configures its campaigns; the system too, except reopening a window (a person's call)."""

from datetime import date, timedelta

from chuangxian.campaigns.models import CampaignStatus, PhaseWindowReopen
from chuangxian.campaigns.services import (
    CampaignSpec,
    PhaseSpec,
    campaign_attach_founding_file,
    campaign_copy,
    campaign_create,
    campaign_judges_name,
    campaign_set_phases,
    campaign_set_status,
    campaign_set_themes,
    campaign_update,
    phase_window_reopen,
    phase_window_revoke,
)
from chuangxian.campaigns.tests.factories import SEED_PHASES, make_campaign
from chuangxian.core import clock
from chuangxian.orgs.tests.factories import MemberFactory
from tests.service_permissions.harness import OFFICE, ServiceCase

SPEC = CampaignSpec(
    title="新一届创先争优活动",
    themes=["师德建设"],
    phases=[PhaseSpec("宣传发动", date(2013, 1, 1), date(2013, 3, 31), ["meeting"])],
)


def _reopening(w):
    campaign = make_campaign(w.tree.tenant)
    phase = campaign.phases.get(order=1)
    return PhaseWindowReopen.objects.create(
        tenant_id=campaign.tenant_id,
        phase=phase,
        unit=w.tree.college,
        until=clock.today() + timedelta(days=7),
        reason="迟交",
        created_by=w.personas.office,
    )


CASES = [
    ServiceCase(
        service=campaign_create,
        allowed=OFFICE,
        arrange=lambda w: None,
        act=lambda w, _ctx, actor: campaign_create(tenant=w.tree.tenant, spec=SPEC, actor=actor),
    ),
    ServiceCase(
        service=campaign_copy,
        allowed=OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant),
        act=lambda w, campaign, actor: campaign_copy(
            source=campaign, title="复制的活动", starts_on=date(2013, 1, 1), actor=actor
        ),
    ),
    ServiceCase(
        service=campaign_update,
        allowed=OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant),
        act=lambda w, campaign, actor: campaign_update(campaign=campaign, actor=actor, title="改过的名称"),
    ),
    ServiceCase(
        service=campaign_set_status,
        allowed=OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant, active=False),
        act=lambda w, campaign, actor: campaign_set_status(
            campaign=campaign, status=CampaignStatus.ACTIVE, actor=actor
        ),
    ),
    ServiceCase(
        service=campaign_set_themes,
        allowed=OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant),
        act=lambda w, campaign, actor: campaign_set_themes(campaign=campaign, names=["新主题"], actor=actor),
    ),
    ServiceCase(
        service=campaign_set_phases,
        allowed=OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant),
        act=lambda w, campaign, actor: campaign_set_phases(
            campaign=campaign, phases=SEED_PHASES[:2], actor=actor
        ),
    ),
    ServiceCase(
        service=campaign_attach_founding_file,
        allowed=OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant),
        act=lambda w, campaign, actor: campaign_attach_founding_file(
            campaign=campaign, filename="方案.txt", content="实施方案".encode(), actor=actor
        ),
    ),
    ServiceCase(
        service=campaign_judges_name,
        allowed=OFFICE,
        arrange=lambda w: (make_campaign(w.tree.tenant), MemberFactory(unit=w.tree.sibling)),
        act=lambda w, ctx, actor: campaign_judges_name(campaign=ctx[0], members=[ctx[1]], actor=actor),
    ),
    ServiceCase(
        service=phase_window_reopen,
        allowed={"office"},  # a person answers for a reopening; the system reopens nothing
        arrange=lambda w: make_campaign(w.tree.tenant).phases.get(order=1),
        act=lambda w, phase, actor: phase_window_reopen(
            phase=phase,
            unit=w.tree.college,
            until=clock.today() + timedelta(days=7),
            reason="迟交",
            actor=actor,
        ),
    ),
    ServiceCase(
        service=phase_window_revoke,
        allowed=OFFICE,
        arrange=_reopening,
        act=lambda w, reopening, actor: phase_window_revoke(reopening=reopening, actor=actor),
    ),
]
