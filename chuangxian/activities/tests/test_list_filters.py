"""The activity list's search box and filters (text, kind, organiser, status, start date)."""

import pytest
from django.urls import reverse

from chuangxian.activities.models import Activity
from chuangxian.activities.tests.factories import at, make_activity

pytestmark = pytest.mark.usefixtures("in_phase2")


@pytest.fixture
def three(tree, personas, campaign):
    """师德讲座 (school, 03-20, ethics), 羽毛球赛 (college, 03-25, culture), a draft 读书会 (school)."""
    ethics = make_activity(campaign, tree.root, personas.office, kind="ethics", title="师德师风专题讲座")
    sport = make_activity(
        campaign,
        tree.college,
        personas.chair,
        kind="culture",
        title="教职工羽毛球赛",
        place="体育馆",
        whole_tenant=False,
        audience_units=[tree.college],
        starts_at=at("2011-03-25 14:00"),
        ends_at=at("2011-03-25 17:00"),
    )
    draft = make_activity(
        campaign, tree.root, personas.office, publish=False, kind="other", title="读书分享会"
    )
    return ethics, sport, draft


def _titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def _get(client, **params):
    return client.get(reverse("activities:list"), params)


def test_search_finds_chinese_text_in_title_and_place(client, personas, three):
    client.force_login(personas.member)
    assert _titles(_get(client, tab="all", q="师德")) == ["师德师风专题讲座"]
    assert _titles(_get(client, tab="all", q="体育馆")) == ["教职工羽毛球赛"]
    assert _titles(_get(client, tab="all", q="不存在的活动")) == []
    assert sorted(_titles(_get(client, tab="all"))) == ["师德师风专题讲座", "教职工羽毛球赛"]


def test_kind_organiser_and_date_filters(client, tree, personas, three):
    client.force_login(personas.member)
    assert _titles(_get(client, tab="all", kind="culture")) == ["教职工羽毛球赛"]
    # The organiser filter covers the unit's subtree: the school's root holds both.
    assert _titles(_get(client, tab="all", unit=tree.college.pk)) == ["教职工羽毛球赛"]
    assert len(_titles(_get(client, tab="all", unit=tree.root.pk))) == 2
    # Days of the installation's time zone, both ends included.
    assert _titles(_get(client, tab="all", start="2011-03-25", end="2011-03-25")) == ["教职工羽毛球赛"]
    assert _titles(_get(client, tab="all", end="2011-03-20")) == ["师德师风专题讲座"]


def test_status_filter_on_the_organised_tab(client, personas, three):
    client.force_login(personas.office)
    assert _titles(_get(client, tab="organised", status="draft")) == ["读书分享会"]
    assert "读书分享会" not in _titles(_get(client, tab="organised", status="published"))


def test_bad_values_are_dropped_not_fatal(client, tree, personas, three):
    """A unit of another tenant, an unknown kind, a reversed range: the list still answers, unfiltered
    by the bad value, and a member never sees a draft by asking for one."""
    client.force_login(personas.member)
    response = _get(client, tab="all", unit=tree.other_unit.pk, kind="nope", status="draft")
    assert response.status_code == 200
    assert "读书分享会" not in _titles(response)
    assert len(_titles(_get(client, tab="all", start="2011-03-26", end="2011-03-01"))) == 2


def test_the_form_keeps_the_chosen_values_and_pages_keep_the_filters(client, tree, personas, campaign):
    base = make_activity(campaign, tree.root, personas.office, kind="training", title="培训0")
    fields = {f: getattr(base, f) for f in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")}
    Activity.objects.bulk_create(
        Activity(
            tenant=tree.tenant,
            campaign=campaign,
            unit=tree.root,
            kind="training",
            title=f"培训{i}",
            whole_tenant=True,
            status="published",
            **fields,
        )
        for i in range(1, 40)
    )
    client.force_login(personas.member)
    html = _get(client, tab="all", q="培训", kind="training").content.decode()
    assert 'value="培训"' in html
    assert '<option value="training" selected>' in html
    assert "?tab=all&amp;q=%E5%9F%B9%E8%AE%AD&amp;kind=training&amp;page=2" in html


@pytest.mark.parametrize("n", [10, 200])
def test_filtered_list_query_count_is_flat(
    client, tree, personas, campaign, django_assert_max_num_queries, n
):
    base = make_activity(
        campaign,
        tree.college,
        personas.chair,
        kind="culture",
        title="文体0",
        whole_tenant=False,
        audience_units=[tree.college],
    )
    fields = {f: getattr(base, f) for f in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")}
    Activity.objects.bulk_create(
        Activity(
            tenant=tree.tenant,
            campaign=campaign,
            unit=tree.college,
            kind="culture",
            title=f"文体{i}",
            whole_tenant=True,
            status="published",
            **fields,
        )
        for i in range(1, n)
    )
    params = {
        "q": "文体",
        "kind": "culture",
        "unit": tree.college.pk,
        "start": "2011-03-01",
        "end": "2011-03-31",
    }
    client.force_login(personas.member)
    with django_assert_max_num_queries(10):
        response = _get(client, tab="all", **params)
    assert response.context["page"].paginator.count == n
    client.force_login(personas.office)
    with django_assert_max_num_queries(10):
        response = _get(client, tab="organised", status="published", **params)
    assert response.context["page"].paginator.count == n
