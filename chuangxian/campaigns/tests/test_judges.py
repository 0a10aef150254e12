"""The judges of a campaign: a grant on the campaign for its term, named by the school's office (the
judge role at a unit is gone, issue 12)."""

from dataclasses import replace
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import CampaignStatus
from chuangxian.campaigns.selectors import campaign_term
from chuangxian.campaigns.services import (
    CampaignError,
    PhaseSpec,
    campaign_judges_name,
    campaign_set_phases,
    campaign_set_status,
)
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


@time_machine.travel("2011-03-01 09:00 +0800", tick=False)  # inside the campaign's term
def test_the_office_names_and_removes_judges_on_the_campaigns_judges_page(client, tree, personas):
    campaign = make_campaign(tree.tenant)
    _user, member = _judge(tree)
    url = reverse("campaigns:judges", args=[campaign.pk])
    client.force_login(personas.office)
    assert url in client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "还没有聘请评委" in client.get(url).content.decode()
    response = client.post(url, {"members": [member.pk]})
    assert response.status_code == 302
    grant = Grant.objects.get(member=member, kind=GrantKind.JUDGE, target_id=campaign.pk)
    page = client.get(url).content.decode()
    assert "评委甲" in page and "2010-12-15 至 2012-11-08" in page and "在任" in page
    revoke = reverse("campaigns:judge_revoke", args=[campaign.pk, grant.pk])
    assert revoke in page
    assert client.post(revoke).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == personas.office and grant.revoked_at is not None
    page = client.get(url).content.decode()
    assert "已收回" in page and revoke not in page


def test_only_the_office_opens_the_judges_page_and_a_closed_campaign_takes_no_more(client, tree, personas):
    campaign = make_campaign(tree.tenant)
    _user, member = _judge(tree)
    url = reverse("campaigns:judges", args=[campaign.pk])
    for persona in (personas.chair, personas.leader, personas.member, personas.other_office):
        client.force_login(persona)
        assert client.get(url).status_code == 404
        assert client.post(url, {"members": [member.pk]}).status_code == 404
    assert not Grant.objects.exists()
    client.force_login(personas.office)
    outsider = MemberFactory(unit=tree.other_unit)
    response = client.post(url, {"members": [outsider.pk]})  # another school's member is no choice
    assert response.status_code == 200 and not Grant.objects.exists()
    campaign_set_status(campaign=campaign, status=CampaignStatus.CLOSED, actor=personas.office)
    assert 'name="members"' not in client.get(url).content.decode()
    client.post(url, {"members": [member.pk]})
    assert not Grant.objects.exists()


@pytest.mark.parametrize("judges", [1, 10])
def test_the_judges_page_takes_the_same_queries_for_one_judge_or_ten(
    client, tree, personas, judges, django_assert_max_num_queries
):
    campaign = make_campaign(tree.tenant)
    members = [MemberFactory(unit=tree.sibling) for _ in range(judges)]
    campaign_judges_name(campaign=campaign, members=members, actor=SYSTEM)
    client.force_login(personas.office)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("campaigns:judges", args=[campaign.pk])).content.decode()
    assert page.count('data-confirm="确定解聘这位评委吗？"') == judges


def test_moving_the_phases_moves_the_judges_term_with_them(tree, personas):
    """Review finding F4: a judge named for the campaign's term still judges after the office extends
    the last phase; the grant is renewed for the new term (taken back and given again, audited)."""
    campaign = make_campaign(tree.tenant)
    member = MemberFactory(unit=tree.sibling, name="评委甲")
    user = make_user(member)
    campaign_judges_name(campaign=campaign, members=[member], actor=personas.office)
    phases = [
        PhaseSpec(name=p.name, starts_on=p.starts_on, ends_on=p.ends_on, actions=p.actions)
        for p in campaign.phases.order_by("order")
    ]
    old_end = phases[-1].ends_on
    new_end = old_end.replace(year=old_end.year + 1)
    phases[-1] = replace(phases[-1], ends_on=new_end)
    campaign_set_phases(campaign=campaign, phases=phases, actor=personas.office)

    live = Grant.objects.get(kind=GrantKind.JUDGE, member=member, revoked_at__isnull=True)
    assert (live.starts_on, live.ends_on) == (phases[0].starts_on, new_end)
    assert Grant.objects.filter(kind=GrantKind.JUDGE, member=member, revoked_at__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="grants.grant.revoked").count() == 1
    with time_machine.travel(f"{new_end.isoformat()} 09:00 +0800", tick=False):
        assert holds_grant(user, GrantKind.JUDGE, campaign)
    # Naming the judge again keeps the one renewed grant.
    assert campaign_judges_name(campaign=campaign, members=[member], actor=personas.office) == []
    assert Grant.objects.filter(kind=GrantKind.JUDGE, member=member).count() == 2
