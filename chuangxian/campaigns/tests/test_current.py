"""The running campaign every page asks for: kept per school for a few seconds, dropped when a
campaigns service changes a campaign of the school."""

from datetime import date

import pytest
from django.urls import reverse

from chuangxian.campaigns.models import CampaignStatus
from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.campaigns.services import (
    PhaseSpec,
    campaign_set_phases,
    campaign_set_status,
    campaign_set_themes,
    campaign_update,
)
from chuangxian.campaigns.tests.factories import SEED_PHASES, make_campaign
from chuangxian.core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def test_the_second_ask_makes_no_query(tree, django_assert_num_queries):
    campaign = make_campaign(tree.tenant)
    with django_assert_num_queries(3):  # the campaign, its phases, its themes
        first = campaign_current_for_tenant(tree.tenant.pk)
    with django_assert_num_queries(0):
        again = campaign_current_for_tenant(tree.tenant.pk)
        assert again == first == campaign
        assert [p.name for p in again.phases.all()] == [p.name for p in SEED_PHASES]
        assert [t.name for t in again.themes.all()] == ["师德建设常态化", "教学竞赛常规化"]
    assert again is not first  # each caller gets its own copy to change


def test_no_running_campaign_is_kept_too(tree, django_assert_num_queries):
    assert campaign_current_for_tenant(tree.tenant.pk) is None
    with django_assert_num_queries(0):
        assert campaign_current_for_tenant(tree.tenant.pk) is None


def test_each_school_has_its_own(tree):
    campaign = make_campaign(tree.tenant)
    assert campaign_current_for_tenant(tree.tenant.pk) == campaign
    assert campaign_current_for_tenant(tree.other_tenant.pk) is None
    other = make_campaign(tree.other_tenant)
    assert campaign_current_for_tenant(tree.other_tenant.pk) == other
    assert campaign_current_for_tenant(tree.tenant.pk) == campaign


def test_a_change_through_the_services_is_seen_at_once(tree):
    campaign = make_campaign(tree.tenant)
    assert campaign_current_for_tenant(tree.tenant.pk) == campaign
    campaign_update(campaign=campaign, title="新名称", actor=SYSTEM)
    assert campaign_current_for_tenant(tree.tenant.pk).title == "新名称"
    campaign_set_themes(campaign=campaign, names=["只有一个主题"], actor=SYSTEM)
    assert [t.name for t in campaign_current_for_tenant(tree.tenant.pk).themes.all()] == ["只有一个主题"]
    moved = [PhaseSpec(p.name, p.starts_on, p.ends_on, p.actions) for p in SEED_PHASES[:3]]
    moved[-1] = PhaseSpec(moved[-1].name, moved[-1].starts_on, date(2012, 12, 31), moved[-1].actions)
    campaign_set_phases(campaign=campaign, phases=moved, actor=SYSTEM)
    assert campaign_current_for_tenant(tree.tenant.pk).phases.all()[2].ends_on == date(2012, 12, 31)
    campaign_set_status(campaign=campaign, status=CampaignStatus.CLOSED, actor=SYSTEM)
    assert campaign_current_for_tenant(tree.tenant.pk) is None
    newer = make_campaign(tree.tenant)
    assert campaign_current_for_tenant(tree.tenant.pk) == newer


def test_a_page_shows_the_change_made_by_the_office(client, tree, personas):
    campaign = make_campaign(tree.tenant)
    client.force_login(personas.member)
    assert "创先争优活动" in client.get(reverse("home")).content.decode()
    campaign_update(campaign=campaign, title="教工创先争优", actor=personas.office)
    assert "教工创先争优" in client.get(reverse("home")).content.decode()
