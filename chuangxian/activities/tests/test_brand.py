"""Brand activities (品牌活动, seed 六(三)): planned from phase 2, held in the brand phase (phase 3)."""

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from chuangxian.activities.models import Activity
from chuangxian.activities.selectors import BrandWindow, brand_window
from chuangxian.activities.services import ActivityError, activity_update
from chuangxian.activities.tests.factories import activity_data, at, make_activity
from chuangxian.campaigns.models import Phase, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_window_reopen
from chuangxian.campaigns.tests.factories import SEED_PHASES, make_campaign

# The seed's phase 3, 树立典型，注重特色, runs 2012-01-01 to 2012-07-31; today (in_phase2) is 2011-03-10.


def phases_without(action: str):
    return [replace(p, actions=[a for a in p.actions if a != action]) for p in SEED_PHASES]


def brand_on(day: str, **fields):
    """A brand activity on ``day`` (YYYY-MM-DD), sign-up open from now until the day before."""
    return {
        "is_brand": True,
        "starts_at": at(f"{day} 14:00"),
        "ends_at": at(f"{day} 17:00"),
        "signup_closes_at": at(f"{day} 09:00"),
        **fields,
    }


def test_brand_window_is_the_brand_phase(tree, campaign):
    assert brand_window(campaign) == BrandWindow("树立典型，注重特色", date(2012, 1, 1), date(2012, 7, 31))
    without = make_campaign(tree.tenant, phases=phases_without(PhaseAction.BRAND))
    assert brand_window(without) is None


@pytest.mark.usefixtures("in_phase2")
def test_brand_activity_planned_in_phase_2_for_phase_3(tree, personas, campaign):
    activity = make_activity(
        campaign,
        tree.college,
        personas.chair,
        whole_tenant=False,
        audience_units=[tree.college],
        **brand_on("2012-03-08"),
    )
    assert activity.is_brand and activity.status == "published"


@pytest.mark.usefixtures("in_phase2")
@pytest.mark.parametrize(
    ("day", "code", "says"),
    [
        ("2011-03-20", "brand_too_early", "开始时间须在 2012-01-01 以后"),
        ("2012-08-05", "brand_too_late", "开始时间不能晚于 2012-07-31"),
    ],
)
def test_brand_activity_outside_phase_3_refused(tree, personas, campaign, day, code, says):
    with pytest.raises(ActivityError) as error:
        make_activity(campaign, tree.root, personas.office, **brand_on(day))
    assert error.value.code == code and error.value.field == "starts_at"
    assert "树立典型，注重特色" in error.value.message and says in error.value.message
    assert not Activity.objects.exists()
    # The same activity, not flagged as a brand one, is an ordinary phase-2 activity.
    make_activity(campaign, tree.root, personas.office, **{**brand_on(day), "is_brand": False})


@pytest.mark.usefixtures("in_phase2")
def test_campaign_without_brand_activities_refuses_the_flag(tree, personas):
    campaign = make_campaign(tree.tenant, phases=phases_without(PhaseAction.BRAND))
    with pytest.raises(ActivityError) as error:
        make_activity(campaign, tree.root, personas.office, **brand_on("2012-03-08"))
    assert error.value.code == "brand_not_in_campaign" and error.value.field == "is_brand"


@pytest.mark.usefixtures("in_phase2")
def test_edit_checks_the_brand_rule_when_flagged_or_moved(tree, personas, campaign):
    plain = make_activity(campaign, tree.root, personas.office)
    with pytest.raises(ActivityError) as error:
        activity_update(activity=plain, data=activity_data(is_brand=True), actor=personas.office)
    assert error.value.code == "brand_too_early"
    brand = make_activity(campaign, tree.root, personas.office, **brand_on("2012-03-08"))
    with pytest.raises(ActivityError) as error:
        activity_update(activity=brand, data=activity_data(is_brand=True), actor=personas.office)
    assert error.value.code == "brand_too_early"
    # The office later moves phase 3; an edit that neither flags nor moves the activity still saves.
    Phase.objects.filter(campaign=campaign, order=3).update(starts_on=date(2012, 4, 1))
    data = replace(activity_data(**brand_on("2012-03-08")), title="品牌活动：教工书画展")
    assert activity_update(activity=brand, data=data, actor=personas.office).title == "品牌活动：教工书画展"


def test_reopened_brand_phase_lets_a_late_unit_hold_it(tree, personas, campaign, in_phase2):
    in_phase2.move_to("2012-08-02 10:00 +0800")  # phase 4: activities are closed
    late = {**brand_on("2012-08-20"), "signup_opens_at": at("2012-08-02 12:00")}
    with pytest.raises(PhaseClosedError):
        make_activity(
            campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college], **late
        )
    phase3 = Phase.objects.get(campaign=campaign, order=3)
    phase_window_reopen(
        phase=phase3, unit=tree.college, until=date(2012, 8, 31), reason="补办品牌活动", actor=personas.office
    )
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college], **late
    )
    assert activity.is_brand
    with pytest.raises(ActivityError) as error:
        make_activity(
            campaign,
            tree.college,
            personas.chair,
            whole_tenant=False,
            audience_units=[tree.college],
            **{**late, **brand_on("2012-09-05")},
        )
    assert error.value.code == "brand_too_late"


def test_brand_phase_without_the_activity_action_still_takes_brand_activities(tree, personas, in_phase2):
    """A campaign may list 品牌活动 in phase 3 without 开展活动: brand activities are created then."""
    phases = [
        replace(p, actions=[a for a in p.actions if a != PhaseAction.ACTIVITY])
        if PhaseAction.BRAND in p.actions
        else p
        for p in SEED_PHASES
    ]
    campaign = make_campaign(tree.tenant, phases=phases)
    in_phase2.move_to("2012-03-01 10:00 +0800")
    day = {**brand_on("2012-03-20"), "signup_opens_at": at("2012-03-01 12:00")}
    with pytest.raises(PhaseClosedError):
        make_activity(campaign, tree.root, personas.office, **{**day, "is_brand": False})
    assert make_activity(campaign, tree.root, personas.office, **day).is_brand


@pytest.mark.usefixtures("in_phase2")
def test_form_tells_the_brand_window_and_shows_the_refusal_by_the_start(client, tree, personas, campaign):
    client.force_login(personas.office)
    url = reverse("activities:create", args=[tree.root.pk])
    page = client.get(url).content.decode()
    assert "开始时间须在 2012-01-01 至 2012-07-31 之间" in page
    response = client.post(
        url,
        {
            "kind": "culture",
            "title": "品牌活动",
            "starts_at": "2011-03-20T14:00",
            "ends_at": "2011-03-20T17:00",
            "signup_opens_at": "2011-03-01T08:00",
            "signup_closes_at": "2011-03-19T18:00",
            "whole_tenant": "on",
            "is_brand": "on",
        },
    )
    assert response.status_code == 200
    assert "现在可以先筹划" in " ".join(response.context["form"].errors["starts_at"])
