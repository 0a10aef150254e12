import pytest
import time_machine
from django.urls import reverse

from chuangxian.campaigns.models import Campaign, PhaseWindowReopen
from chuangxian.campaigns.tests.factories import make_campaign


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


def test_home_shows_current_phase_and_days_left(client, campaign, personas):
    client.force_login(personas.member)
    with time_machine.travel("2011-12-30 09:00 +0800", tick=False):
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert "创先争优，扎实推进" in page
    assert response.context["current"].days_left == 2
    assert "您还没有提交承诺" in page  # the pledge to-do of issue 4 (PLEDGE is open in phase 2)


def test_home_without_campaign(client, tree, personas):
    client.force_login(personas.member)
    assert "暂无进行中的创先活动" in client.get(reverse("home")).content.decode()


def test_other_tenant_does_not_see_the_campaign(client, campaign, personas):
    client.force_login(personas.other_office)
    assert "创先争优，扎实推进" not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["chair", "member", "leader"])
def test_campaign_configuration_is_office_only(client, campaign, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("campaigns:list")).status_code == 404
    assert client.get(reverse("campaigns:phases", args=[campaign.pk])).status_code == 404


def phase_post(rows):
    data = {
        "phases-TOTAL_FORMS": str(len(rows)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
    }
    for i, (name, start, end, actions) in enumerate(rows):
        data.update({f"phases-{i}-name": name, f"phases-{i}-starts_on": start, f"phases-{i}-ends_on": end})
        if actions:
            data[f"phases-{i}-actions"] = actions
    return data


def test_office_creates_campaign_from_scratch(client, tree, personas):
    client.force_login(personas.office)
    data = {
        "title": "师德建设年",
        "themes": "师德建设常态化\n教学竞赛常规化",
        **phase_post(
            [
                ("动员", "2027-01-01", "2027-01-31", ["meeting"]),
                ("推进", "2027-02-01", "2027-06-30", ["activity"]),
            ]
        ),
    }
    response = client.post(reverse("campaigns:new"), data)
    campaign = Campaign.objects.get(title="师德建设年")
    assert response.url == reverse("campaigns:detail", args=[campaign.pk])
    assert [p.actions for p in campaign.phases.all()] == [["meeting"], ["activity"]]


def test_gap_between_phases_is_refused_with_message(client, tree, personas):
    client.force_login(personas.office)
    data = {
        "title": "有空档的活动",
        **phase_post([("一", "2027-01-01", "2027-01-31", []), ("二", "2027-02-03", "2027-03-01", [])]),
    }
    response = client.post(reverse("campaigns:new"), data)
    assert response.status_code == 200
    assert "中间不能留空档" in response.content.decode()
    assert not Campaign.objects.filter(title="有空档的活动").exists()


def test_office_copies_a_campaign_as_template(client, campaign, personas):
    client.force_login(personas.office)
    client.post(
        reverse("campaigns:copy"),
        {"source": campaign.pk, "title": "第二轮创先争优", "starts_on": "2027-03-01"},
    )
    copy = Campaign.objects.get(title="第二轮创先争优")
    assert copy.phases.first().starts_on.isoformat() == "2027-03-01"


def test_office_reopens_window_for_a_unit(client, campaign, personas, tree):
    client.force_login(personas.office)
    phase1 = campaign.phases.get(order=1)
    with time_machine.travel("2011-02-01 09:00 +0800", tick=False):
        response = client.post(
            reverse("campaigns:reopen", args=[campaign.pk]),
            {"phase": phase1.pk, "unit": tree.college.pk, "until": "2011-02-10", "reason": "补交方案"},
        )
    assert response.status_code == 302
    assert PhaseWindowReopen.objects.get().unit == tree.college


def test_campaign_pages_query_counts(client, campaign, personas, django_assert_max_num_queries):
    client.force_login(personas.office)
    for name in ("campaigns:list",):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200
    # Issue 4: the pledge and activity to-do providers add one query each; issue 5: the polls to vote in;
    # issue 12: whether the user is a judge of the campaign (a grant, no longer a cached role); issue 16:
    # the campaign's running selections (the selections' to-dos); the selections at their notice stage
    # (the public notice's to-dos). Issue 17: the staff congress's and the disclosure's to-dos, the
    # proposals' (three for the office: 0e00e2e), the appeals waiting for the handler and the answers
    # waiting for the member's rating (one query).
    with django_assert_max_num_queries(24):
        assert client.get(reverse("home")).status_code == 200


def test_a_missing_reason_and_a_past_until_show_in_one_response(client, campaign, personas, tree):
    """The date rule is not held back until the required field is filled in (a second round)."""
    client.force_login(personas.office)
    phase1 = campaign.phases.get(order=1)
    with time_machine.travel("2011-02-01 09:00 +0800", tick=False):
        response = client.post(
            reverse("campaigns:reopen", args=[campaign.pk]),
            {"phase": phase1.pk, "unit": tree.college.pk, "until": "2011-01-31", "reason": ""},
        )
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.as_data()
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "reason": ["required"],
        "until": ["until_past"],
    }
    page = response.content.decode()
    assert "补交截止日期不能早于今天" in page and form.errors["reason"][0] in page
    assert not PhaseWindowReopen.objects.exists()
