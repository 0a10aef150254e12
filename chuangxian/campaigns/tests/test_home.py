"""The home page of each kind of user: the platform admin's start page, the office's link to its
campaigns, and the notice of what is to come for the roles whose pages do not exist yet."""

import re

import pytest
import time_machine
from django.urls import reverse

from chuangxian.campaigns import todos
from chuangxian.campaigns.selectors import platform_overview
from chuangxian.campaigns.services import campaign_judges_name
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.campaigns.todos import TodoItem, role_outlook_for
from chuangxian.core.actors import SYSTEM
from chuangxian.core.roles import Role
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.services import grant_revoke
from chuangxian.orgs.models import Member
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, TenantFactory, make_unit, make_user

HREF = re.compile(r'href="(/[^"#]*)"')
IN_PHASE_2 = "2011-03-01 09:00 +0800"  # 创先争优，扎实推进: pledges, activities, nominations


def _holder(unit, role, at=None):
    member = MemberFactory(unit=unit)
    role_grant(member=member, unit=at or unit, role=role, actor=SYSTEM)
    return make_user(member)


def _judge(unit, campaign):
    """A judge of ``campaign``: a grant on it for its term (no role)."""
    member = MemberFactory(unit=unit)
    campaign_judges_name(campaign=campaign, members=[member], actor=SYSTEM)
    return make_user(member)


def _schools(count):
    """``count`` more schools, each with two office members and a running campaign."""
    for n in range(count):
        tenant = TenantFactory(name=f"扩展学院{n}", slug=f"grown{n}")
        root = make_unit(tenant, f"扩展学院{n}工会")
        for _ in range(2):
            role_grant(member=MemberFactory(unit=root), unit=root, role=Role.OFFICE, actor=SYSTEM)
        make_campaign(tenant)


def test_platform_admin_starts_on_the_schools_their_office_and_running_campaigns(client, tree, personas):
    campaign = make_campaign(tree.tenant)
    office_row = Member.objects.get(user=personas.office)
    client.force_login(personas.admin)
    with time_machine.travel(IN_PHASE_2, tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    rows = {row.tenant.pk: row for row in response.context["tenants"]}
    assert [m.pk for m in rows[tree.tenant.pk].office] == [office_row.pk]
    assert [(c.campaign.pk, c.current.phase.name) for c in rows[tree.tenant.pk].campaigns] == [
        (campaign.pk, "创先争优，扎实推进")
    ]
    assert rows[tree.other_tenant.pk].campaigns == []
    page = response.content.decode()
    for text in (
        tree.tenant.name,
        tree.other_tenant.name,
        office_row.name,
        office_row.staff_no,
        campaign.title,
    ):
        assert text in page
    assert "去创建或启用一个创先活动" not in page  # the school user's page, whose link was a 404 here


def test_every_link_on_the_platform_start_page_opens(client, tree, personas):
    make_campaign(tree.tenant)
    client.force_login(personas.admin)
    page = client.get(reverse("home")).content.decode()
    links = set(HREF.findall(page)) - {"/static/"}
    assert reverse("admin:core_tenant_change", args=[tree.tenant.pk]) in links
    assert reverse("campaigns:list") not in links
    broken = [
        url for url in sorted(links) if not url.startswith("/static/") and client.get(url).status_code != 200
    ]
    assert broken == []


@pytest.mark.parametrize("schools", [1, 12])
def test_platform_overview_query_count_does_not_grow_with_schools(
    client, tree, personas, schools, django_assert_max_num_queries
):
    _schools(schools)
    with django_assert_max_num_queries(4):
        overview = platform_overview()
    assert len(overview) == schools + 2
    assert all(len(row.office) == 2 for row in overview if row.tenant.slug.startswith("grown"))
    client.force_login(personas.admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200


def test_office_without_campaign_is_sent_to_its_campaigns(client, tree, personas):
    client.force_login(personas.office)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("campaigns:list")}"' in page
    assert client.get(reverse("campaigns:list")).status_code == 200


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (GrantKind.JUDGE, "作为评委"),
    ],
)
def test_a_role_or_grant_without_pages_yet_is_told_what_is_coming(client, tree, role, text):
    campaign = make_campaign(tree.tenant)
    holder = _judge(tree.college, campaign) if role == GrantKind.JUDGE else _holder(tree.college, role)
    client.force_login(holder)
    with time_machine.travel(IN_PHASE_2, tick=False):
        page = client.get(reverse("home")).content.decode()
    assert text in page
    assert "评选、教代会和诉求的页面将在后续版本开放" in page
    assert "暂无待办事项" not in page


def test_the_judge_is_told_when_the_selections_are(tree):
    campaign = make_campaign(tree.tenant)
    judge = _judge(tree.college, campaign)
    with time_machine.travel(IN_PHASE_2, tick=False):
        [outlook] = role_outlook_for(judge, campaign)
        assert role_outlook_for(judge, None) == []
    assert (outlook.role, outlook.label) == (GrantKind.JUDGE, "评委")
    assert [name for name, _first, _last in outlook.phases] == ["创先争优，扎实推进", "树立典型，注重特色"]


def test_the_judges_notice_follows_the_grant_not_the_campaign(tree):
    """A judge of one campaign is told nothing on another, nor once the term is over or the grant
    taken back."""
    campaign, other = make_campaign(tree.tenant), make_campaign(tree.tenant)
    judge = _judge(tree.college, campaign)
    with time_machine.travel(IN_PHASE_2, tick=False):
        assert role_outlook_for(judge, other) == []
    with time_machine.travel("2012-11-09 09:00 +0800", tick=False):  # the day after the campaign's last
        assert role_outlook_for(judge, campaign) == []
    grant = Grant.objects.get(member__user=judge)
    grant_revoke(grant=grant, actor=SYSTEM)
    with time_machine.travel(IN_PHASE_2, tick=False):
        assert role_outlook_for(judge, campaign) == []


def test_a_plain_member_gets_no_notice(client, tree, personas):
    make_campaign(tree.tenant)
    client.force_login(personas.member)
    assert role_outlook_for(personas.member, None) == []
    assert "后续版本开放" not in client.get(reverse("home")).content.decode()


def test_the_notice_gives_way_once_a_provider_serves_the_role(client, tree):
    campaign = make_campaign(tree.tenant)
    judge = _judge(tree.college, campaign)

    def scoring(user, campaign):
        return [TodoItem(title="为推荐的先进集体评分", url="/")]

    todos.register(scoring, serves=(GrantKind.JUDGE,))
    try:
        with time_machine.travel(IN_PHASE_2, tick=False):
            assert role_outlook_for(judge, campaign) == []
            client.force_login(judge)
            page = client.get(reverse("home")).content.decode()
        assert "为推荐的先进集体评分" in page
        assert "作为评委" not in page
    finally:
        todos.unregister(scoring)
    with time_machine.travel(IN_PHASE_2, tick=False):
        assert [o.role for o in role_outlook_for(judge, campaign)] == [GrantKind.JUDGE]
