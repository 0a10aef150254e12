"""The demo's judges: a panel named by the office as judges of the seed's campaign for its term (a
grant on the campaign), not a role at the root (issue 12)."""

from datetime import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import campaign_term
from chuangxian.demo.cast import JUDGES
from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.tests.conftest import AS_OF
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.models import RoleAssignment


def test_the_judge_persona_holds_a_live_grant_on_the_campaign_and_no_judge_role(demo, client):
    campaign = Campaign.objects.get(tenant=demo)
    judge = Persona.objects.select_related("member", "user").get(tenant=demo, key=PersonaKey.JUDGE)
    office = Persona.objects.get(tenant=demo, key=PersonaKey.OFFICE)
    grant = Grant.objects.get(tenant=demo, member=judge.member)
    assert (grant.kind, grant.target_id, grant.revoked_at) == (GrantKind.JUDGE, campaign.pk, None)
    assert (grant.starts_on, grant.ends_on) == campaign_term(campaign)
    assert grant.starts_on < AS_OF < grant.ends_on
    assert grant.granted_by_id == office.user_id
    assert holds_grant(judge.user, GrantKind.JUDGE, campaign, on=AS_OF)
    assert not RoleAssignment.objects.filter(tenant=demo, member=judge.member).exists()
    assert not RoleAssignment.objects.filter(tenant=demo, role="judge").exists()

    judges = Grant.objects.filter(tenant=demo, kind=GrantKind.JUDGE, target_id=campaign.pk)
    assert judges.count() == JUDGES
    assert len({g.member.unit.path[:8] for g in judges.select_related("member__unit")}) == JUDGES  # colleges

    with time_machine.travel(
        timezone.make_aware(datetime(AS_OF.year, AS_OF.month, AS_OF.day, 12)), tick=False
    ):
        client.force_login(judge.user)  # on the demo's day: a session of today would have expired
        page = client.get(reverse("home")).content.decode()
    assert "作为评委" in page


def test_demo_logins_says_the_judges_are_judges_of_the_campaign_for_its_term(demo):
    campaign = Campaign.objects.get(tenant=demo)
    first, last = campaign_term(campaign)
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert f"评委不是单位的角色：校工会聘请的 {JUDGES} 位评委是创先活动「{campaign}」的评委" in text
    assert f"任期 {first} 至 {last}" in text
