"""待我评议: the reported pledges a user may rate, by the same rule as pledge_rate."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.accounts.models import User
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.campaigns.todos import todos_for
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.pledges.models import Pledge, PledgeRating, PledgeStatus, RaterKind
from chuangxian.pledges.rating import pledge_rate, rater_kind_for
from chuangxian.pledges.selectors import pledges_to_rate, pledges_to_rate_counts, rate_rows
from chuangxian.pledges.services import pledge_report_submit, pledge_review, pledge_submit
from chuangxian.pledges.tests.conftest import AFTER_PHASE_2, CONTENT
from chuangxian.pledges.todos import pledge_todos

pytestmark = pytest.mark.usefixtures("phase2")

PERSONAS = ("admin", "office", "leader", "chair", "liaison", "member", "sibling_chair", "other_office")


def _reported(member, campaign, reviewer):
    user = member.user or make_user(member)
    pledge = pledge_submit(member=member, campaign=campaign, content=CONTENT, actor=user)
    pledge_review(pledge=pledge, approve=True, actor=reviewer)
    pledge_report_submit(pledge=pledge, text="已兑现", actor=user)
    pledge.refresh_from_db()
    return pledge


@pytest.fixture
def world(tree, personas, campaign):
    """Reported pledges: the member's and a colleague's (中文系工会小组), the college chair's, one in the
    sibling college; one in the group still under review; one in the other tenant."""
    colleague = MemberFactory(unit=tree.group, name="同组同事")
    colleague_user = make_user(colleague)
    sibling = MemberFactory(unit=tree.sibling, name="数计会员")
    pledges = {
        "member": _reported(personas.member_row, campaign, personas.chair),
        "colleague": _reported(colleague, campaign, personas.chair),
        "chair": _reported(personas.chair_row, campaign, personas.office),
        "sibling": _reported(sibling, campaign, personas.sibling_chair),
    }
    in_review = MemberFactory(unit=tree.group, name="审核中")
    pledge_submit(member=in_review, campaign=campaign, content=CONTENT, actor=make_user(in_review))
    other_campaign = make_campaign(tree.other_tenant)
    outsider = MemberFactory(unit=tree.other_unit, name="外校会员")
    pledges["other"] = _reported(outsider, other_campaign, personas.other_office)
    return {"pledges": pledges, "colleague": colleague_user, "other_campaign": other_campaign}


def _listed(response) -> str:
    page = response.content.decode()
    return page[page.index('data-testid="to-rate"') :]


def _names(user, campaign, **kwargs):
    return {p.member.name for p in pledges_to_rate(user=user, campaign=campaign, **kwargs)}


# Selectors: the list follows the rule of pledge_rate, pledge by pledge.


@pytest.mark.parametrize("who", PERSONAS)
def test_the_list_is_exactly_the_reported_pledges_rater_kind_for_allows(personas, world, campaign, who):
    user = getattr(personas, who)
    listed = set(pledges_to_rate(user=user, campaign=campaign).values_list("pk", flat=True))
    allowed = {
        p.pk
        for p in Pledge.objects.filter(campaign=campaign, status=PledgeStatus.REPORTED).select_related("unit")
        if rater_kind_for(user, p) is not None
    }
    assert listed == allowed


def test_member_rates_own_pledge_and_colleagues_only(personas, world, campaign):
    assert _names(personas.member, campaign) == {"普通会员", "同组同事"}
    rows = {
        r.pledge.member.name: r.kind
        for r in rate_rows(personas.member, pledges_to_rate(user=personas.member, campaign=campaign))
    }
    assert rows == {"普通会员": RaterKind.SELF.label, "同组同事": RaterKind.PEER.label}


def test_unit_leader_rates_the_subtree_not_a_sibling_unit(personas, world, campaign):
    # The chair's own pledge is rated as 自评; the group's as 单位领导评议.
    assert _names(personas.chair, campaign) == {"学院主席", "普通会员", "同组同事"}
    assert _names(personas.sibling_chair, campaign) == {"数计会员"}
    assert _names(personas.leader, campaign) == {"普通会员", "同组同事", "学院主席", "数计会员"}


def test_office_rates_the_whole_tenant_and_not_another(personas, world, campaign):
    assert _names(personas.office, campaign) == {"普通会员", "同组同事", "学院主席", "数计会员"}
    assert _names(personas.other_office, campaign) == set()
    assert _names(personas.office, world["other_campaign"]) == set()
    assert _names(personas.other_office, world["other_campaign"]) == {"外校会员"}


def test_rated_filter_grade_and_counts(personas, world, campaign):
    pledge_rate(pledge=world["pledges"]["colleague"], grade="合格", actor=personas.member)
    assert _names(personas.member, campaign, rated=True) == {"同组同事"}
    assert _names(personas.member, campaign, rated=False) == {"普通会员"}
    grades = {p.member.name: p.my_grade for p in pledges_to_rate(user=personas.member, campaign=campaign)}
    assert grades == {"普通会员": None, "同组同事": "合格"}
    assert pledges_to_rate_counts(user=personas.member, campaign=campaign) == {"unrated": 1, "rated": 1}
    # Someone else's rating does not count as the member's.
    assert pledges_to_rate_counts(user=world["colleague"], campaign=campaign) == {"unrated": 2, "rated": 0}


def test_rated_pledges_leave_the_list(personas, world, campaign):
    from chuangxian.pledges.rating import pledge_rating_finalize

    pledge_rate(pledge=world["pledges"]["member"], grade="优秀", actor=personas.office)
    pledge_rating_finalize(unit=personas.member_row.unit, campaign=campaign, actor=personas.office)
    assert "普通会员" not in _names(personas.office, campaign)


# To-do on the home page, only while the pledge window is open.


def _titles(user, campaign):
    return [item.title for item in todos_for(user, campaign)]


def test_todo_counts_the_unrated_pledges(personas, world, campaign):
    assert "有 2 份承诺等待您评议" in _titles(personas.member, campaign)
    assert "有 4 份承诺等待您评议" in _titles(personas.office, campaign)
    pledge_rate(pledge=world["pledges"]["member"], grade="优秀", actor=personas.member)
    assert "有 1 份承诺等待您评议" in _titles(personas.member, campaign)
    pledge_rate(pledge=world["pledges"]["colleague"], grade="优秀", actor=personas.member)
    assert not [t for t in _titles(personas.member, campaign) if "等待您评议" in t]


def test_no_rating_todo_outside_the_pledge_window(personas, world, campaign):
    with time_machine.travel(AFTER_PHASE_2, tick=False):
        assert not [t for t in _titles(personas.office, campaign) if "等待您评议" in t]


def test_no_rating_todo_for_the_other_tenant(personas, world, campaign):
    assert not [t for t in _titles(personas.other_office, campaign) if "等待您评议" in t]


# Views.


def test_page_lists_filters_and_links_to_the_pledge(client, personas, world, campaign):
    client.force_login(personas.member)
    assert reverse("pledges:to_rate") in client.get(reverse("pledges:mine")).content.decode()
    page = _listed(client.get(reverse("pledges:to_rate")))
    assert "同组同事" in page and "普通会员" in page and "数计会员" not in page
    assert reverse("pledges:detail", args=[world["pledges"]["colleague"].pk]) in page
    client.post(reverse("pledges:rate", args=[world["pledges"]["colleague"].pk]), {"grade": "合格"})
    unrated = _listed(client.get(reverse("pledges:to_rate")))
    assert "同组同事" not in unrated and "普通会员" in unrated
    rated = _listed(client.get(reverse("pledges:to_rate"), {"show": "rated"}))
    assert "同组同事" in rated and "合格" in rated and "普通会员" not in rated
    everything = _listed(client.get(reverse("pledges:to_rate"), {"show": "bogus"}))
    assert "普通会员" in everything  # an unknown filter falls back to 未评


def test_page_for_a_user_without_a_role_or_pledges_is_empty(client, tree, personas, world):
    outsider = make_user(MemberFactory(unit=tree.library, name="馆员"))
    client.force_login(outsider)
    response = client.get(reverse("pledges:to_rate"))
    assert response.status_code == 200
    assert "没有等待您评议的承诺" in response.content.decode()


def test_other_tenant_never_sees_these_pledges(client, personas, world):
    client.force_login(personas.other_office)
    page = _listed(client.get(reverse("pledges:to_rate")))
    assert "外校会员" in page and "普通会员" not in page


def test_page_needs_a_running_campaign_and_a_login(client, tree, personas):
    assert client.get(reverse("pledges:to_rate")).status_code == 302  # to the login page
    client.force_login(personas.other_office)  # the other tenant has no campaign here
    assert client.get(reverse("pledges:to_rate")).status_code == 404


def _many_reported(tree, campaign, n: int, rater) -> None:
    members = Member.objects.bulk_create([MemberFactory.build(unit=tree.group) for _ in range(n)])
    pledges = Pledge.objects.bulk_create(
        Pledge(
            tenant_id=tree.tenant.pk,
            campaign=campaign,
            member=m,
            unit=tree.group,
            content=f"承诺{i}",
            due_on=date(2011, 7, 1),
            check_standard="标准",
            status=PledgeStatus.REPORTED,
        )
        for i, m in enumerate(members)
    )
    PledgeRating.objects.bulk_create(
        PledgeRating(tenant_id=tree.tenant.pk, pledge=p, rater=rater, kind=RaterKind.ORG, grade="合格")
        for p in pledges[::2]
    )


@pytest.mark.parametrize("n", [10, 2000])
def test_page_and_todo_queries_do_not_grow(client, tree, personas, campaign, n):
    _many_reported(tree, campaign, n, personas.office)
    client.force_login(personas.office)
    counts = {}
    for show in ("unrated", "rated", "all"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("pledges:to_rate"), {"show": show, "page": 2})
        assert response.status_code == 200
        counts[show] = len(queries)
    assert max(counts.values()) <= 11, counts
    office = User.objects.get(pk=personas.office.pk)  # nothing cached
    with CaptureQueriesContext(connection) as queries:
        titles = [item.title for item in pledge_todos(office, campaign)]
    assert f"有 {n - (n + 1) // 2} 份承诺等待您评议" in titles
    assert len(queries) <= 5, [q["sql"] for q in queries]
