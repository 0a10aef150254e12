"""The judges of a campaign: a grant on the campaign for its term, named by the school's office (the
judge role at a unit is gone, issue 12)."""

from datetime import date

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import CampaignStatus
from chuangxian.campaigns.selectors import campaign_term
from chuangxian.campaigns.services import CampaignError, campaign_judges_name, campaign_set_status
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.core.roles import Role
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.grants.services import GrantError
from chuangxian.orgs.tests.factories import MemberFactory, make_user


def _judge(tree):
    member = MemberFactory(unit=tree.sibling, name="评委甲")
    return make_user(member), member


def test_the_office_names_judges_for_the_campaigns_term(tree, personas):
    campaign = make_campaign(tree.tenant)
    user, member = _judge(tree)
    with time_machine.travel("2011-03-01 09:00 +0800", tick=False):
        [grant] = campaign_judges_name(campaign=campaign, members=[member, member], actor=personas.office)
        assert holds_grant(user, GrantKind.JUDGE, campaign)
        assert campaign_judges_name(campaign=campaign, members=[member], actor=personas.office) == []
    assert (grant.kind, grant.member, grant.granted_by) == (GrantKind.JUDGE, member, personas.office)
    assert (grant.starts_on, grant.ends_on) == (date(2010, 12, 15), date(2012, 11, 8))
    assert Grant.objects.filter(member=member).count() == 1
    assert AuditEntry.objects.filter(action="grants.grant.created", target_id=grant.pk).count() == 1
    for day, holds in (
        ("2010-12-14", False),
        ("2010-12-15", True),
        ("2012-11-08", True),
        ("2012-11-09", False),
    ):
        with time_machine.travel(f"{day} 09:00 +0800", tick=False):
            assert holds_grant(user, GrantKind.JUDGE, campaign) is holds, day
    assert Role.values.count("judge") == 0  # judging is no role at a unit any more


def test_a_campaign_without_phases_gives_a_term_from_today_without_an_end(tree):
    campaign = make_campaign(tree.tenant)
    campaign.phases.all().delete()
    with time_machine.travel("2011-03-01 09:00 +0800", tick=False):
        assert campaign_term(campaign) == (date(2011, 3, 1), None)


def test_only_the_schools_office_names_judges(tree, personas):
    campaign = make_campaign(tree.tenant)
    _user, member = _judge(tree)
    for actor in (personas.chair, personas.leader, personas.member, personas.other_office, personas.admin):
        with pytest.raises(Refused) as refused:
            campaign_judges_name(campaign=campaign, members=[member], actor=actor)
        assert refused.value.code == "not_office"
    assert not Grant.objects.exists()
    assert [g.member for g in campaign_judges_name(campaign=campaign, members=[member], actor=SYSTEM)] == [
        member
    ]


def test_a_closed_campaign_or_a_member_of_another_school_takes_no_judge(tree, personas):
    campaign = make_campaign(tree.tenant)
    outsider = MemberFactory(unit=tree.other_unit)
    with pytest.raises(GrantError) as wrong:
        campaign_judges_name(campaign=campaign, members=[outsider], actor=personas.office)
    assert wrong.value.code == "wrong_tenant"
    campaign_set_status(campaign=campaign, status=CampaignStatus.CLOSED, actor=personas.office)
    _user, member = _judge(tree)
    with pytest.raises(CampaignError) as closed:
        campaign_judges_name(campaign=campaign, members=[member], actor=personas.office)
    assert closed.value.code == "campaign_closed"
    assert not Grant.objects.exists()
