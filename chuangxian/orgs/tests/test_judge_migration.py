"""orgs migration 0005: the judge role held at units becomes judge grants on the school's campaigns that
are not closed, for each campaign's term; the role rows go (issue 12)."""

import importlib
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from chuangxian.campaigns.models import CampaignStatus
from chuangxian.campaigns.services import campaign_set_status
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.grants.services import grant_create
from chuangxian.orgs.models import RoleAssignment
from chuangxian.orgs.tests.factories import MemberFactory, make_user

NAME = "0005_judge_role_to_campaign_grants"
MIGRATION = importlib.import_module(f"chuangxian.orgs.migrations.{NAME}")


@pytest.fixture
def historical_apps():
    """The models as the migration sees them (plain managers, the choices of before)."""
    return MigrationLoader(connection).project_state(("orgs", NAME), at_end=False).apps


def _judge_role(member: Any, unit: Any) -> Any:  # historical models
    """A row of the removed role, as the old code wrote it."""
    return RoleAssignment.objects.create(tenant_id=unit.tenant_id, member=member, unit=unit, role="judge")


def test_judge_roles_become_grants_on_the_campaigns_not_closed(tree, historical_apps):
    running, draft = make_campaign(tree.tenant), make_campaign(tree.tenant, active=False)
    closed = make_campaign(tree.tenant)
    campaign_set_status(campaign=closed, status=CampaignStatus.CLOSED, actor=SYSTEM)
    judge, other = MemberFactory(unit=tree.college), MemberFactory(unit=tree.sibling)
    _judge_role(judge, tree.root)
    _judge_role(judge, tree.college)  # held at two units: still one grant per campaign
    _judge_role(other, tree.root)
    kept = RoleAssignment.objects.create(
        tenant=tree.tenant, member=other, unit=tree.root, role="representative"
    )
    already = grant_create(
        kind=GrantKind.JUDGE, target=running, member=other, starts_on=date(2011, 1, 1), actor=SYSTEM
    )
    outsider_school = MemberFactory(unit=tree.other_unit)  # a school with no campaign: the role is dropped
    _judge_role(outsider_school, tree.other_root)

    for _run in range(2):  # a second run gives no second grant
        MIGRATION.judge_roles_to_grants(historical_apps, None)

    rows = sorted(
        (g.target_id, g.member_id, g.starts_on, g.ends_on, g.granted_by_id, g.target_label)
        for g in Grant.objects.filter(kind=GrantKind.JUDGE).exclude(pk=already.pk)
    )
    term = (date(2010, 12, 15), date(2012, 11, 8))
    assert rows == sorted(
        [
            (running.pk, judge.pk, *term, None, str(running)),
            (draft.pk, judge.pk, *term, None, str(draft)),
            (draft.pk, other.pk, *term, None, str(draft)),
        ]
    )
    assert not RoleAssignment.objects.filter(role="judge").exists()
    assert list(RoleAssignment.objects.filter(member=other)) == [kept]
    assert not Grant.objects.filter(member=outsider_school).exists()
    judge_user = make_user(judge)
    with time_machine.travel("2011-03-01 09:00 +0800", tick=False):
        assert holds_grant(judge_user, GrantKind.JUDGE, running)
        assert not holds_grant(judge_user, GrantKind.JUDGE, closed)


def test_a_campaign_without_phases_gets_judges_from_the_day_of_the_migration(tree, historical_apps):
    campaign = make_campaign(tree.tenant)
    campaign.phases.all().delete()
    judge = MemberFactory(unit=tree.college)
    _judge_role(judge, tree.root)
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        MIGRATION.judge_roles_to_grants(historical_apps, None)
    grant = Grant.objects.get(member=judge)
    assert (grant.target_id, grant.starts_on, grant.ends_on) == (campaign.pk, date(2026, 3, 2), None)


def test_backwards_the_judges_hold_the_role_at_the_root_again(tree, historical_apps):
    campaign = make_campaign(tree.tenant)
    judge = MemberFactory(unit=tree.college)
    _judge_role(judge, tree.college)
    MIGRATION.judge_roles_to_grants(historical_apps, None)
    assert Grant.objects.filter(member=judge, target_id=campaign.pk).exists()
    MIGRATION.grants_to_judge_roles(historical_apps, None)
    assert list(RoleAssignment.objects.filter(member=judge).values_list("role", "unit")) == [
        ("judge", tree.root.pk)
    ]
