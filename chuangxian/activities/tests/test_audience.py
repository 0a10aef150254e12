"""Audience groups (限定人群): post category, 青年, 女, 党员, on top of units or the whole tenant."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from chuangxian.activities.audience import (
    GROUP_OF_POST,
    groups_label,
    member_in_groups,
    youth_ends_at,
)
from chuangxian.activities.checkin import CheckinError, code_make
from chuangxian.activities.models import Activity, ActivityAudienceGroup, AudienceGroup, Registration
from chuangxian.activities.permissions import member_in_audience
from chuangxian.activities.selectors import activities_for_member
from chuangxian.activities.services import (
    ActivityError,
    attendance_checkin,
    attendance_set,
    registration_signup,
)
from chuangxian.activities.tests.factories import at, make_activity
from chuangxian.audit.models import AuditEntry
from chuangxian.orgs.models import Gender, Political, Post
from chuangxian.orgs.tests.factories import MemberFactory, make_user

pytestmark = pytest.mark.usefixtures("in_phase2")

# The factories' activity starts at 2011-03-20 14:00.


def test_every_filled_in_post_category_has_a_group():
    assert set(GROUP_OF_POST) == {p for p in Post.values if p}


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "turns_35"),
    [
        (date(1976, 3, 21), None, "2011-03-21 00:00"),
        (date(1980, 2, 29), None, "2015-03-01 00:00"),
        (None, 1977, "2012-01-01 00:00"),
        (None, None, None),
    ],
)
def test_youth_ends_on_the_35th_birthday(tree, birth_date, birth_year, turns_35):
    member = MemberFactory.build(unit=tree.college, birth_date=birth_date, birth_year=birth_year)
    assert youth_ends_at(member) == (at(turns_35) if turns_35 else None)


def test_groups_label():
    assert groups_label([AudienceGroup.WOMEN]) == "女教职工"
    assert groups_label([AudienceGroup.SUPPORT, AudienceGroup.TEACHER]) == "教师或教辅人员"
    assert groups_label([AudienceGroup.YOUTH, AudienceGroup.TEACHER]) == (
        "教师、青年教职工（未满35周岁）（须同时满足）"
    )
    assert groups_label([]) == ""


# Who each group admits, checked in Python (sign-up, check-in, ticking) and in SQL (the list).
PEOPLE = {
    "young_woman_teacher": {
        "gender": Gender.FEMALE,
        "birth_date": date(1985, 5, 1),
        "post": Post.TEACHER,
        "political": Political.MASSES,
    },
    "woman_admin_party": {
        "gender": Gender.FEMALE,
        "birth_date": date(1970, 1, 1),
        "post": Post.ADMIN,
        "political": Political.CPC,
    },
    "man_support_probationary": {
        "gender": Gender.MALE,
        "birth_year": 1980,
        "post": Post.SUPPORT,
        "political": Political.CPC_PROBATIONARY,
    },
    # Turns 35 at midnight on the day the activity starts: no longer young.
    "turns_35_that_day": {"gender": Gender.MALE, "birth_date": date(1976, 3, 20), "post": Post.TEACHER},
    # Turns 35 the day after: still young when it starts.
    "turns_35_next_day": {"gender": Gender.MALE, "birth_date": date(1976, 3, 21), "post": Post.TEACHER},
    # Only a birth year, turning 35 during 2011: not known to be young.
    "year_only_1976": {"gender": Gender.MALE, "birth_year": 1976, "post": Post.TEACHER},
    "blank_roster": {},
}

ADMITTED = [
    ([], set(PEOPLE)),
    ([AudienceGroup.WOMEN], {"young_woman_teacher", "woman_admin_party"}),
    ([AudienceGroup.PARTY], {"woman_admin_party", "man_support_probationary"}),
    (
        [AudienceGroup.YOUTH],
        {"young_woman_teacher", "man_support_probationary", "turns_35_next_day"},
    ),
    (
        [AudienceGroup.TEACHER],
        {"young_woman_teacher", "turns_35_that_day", "turns_35_next_day", "year_only_1976"},
    ),
    ([AudienceGroup.ADMIN, AudienceGroup.SUPPORT], {"woman_admin_party", "man_support_probationary"}),
    ([AudienceGroup.TEACHER, AudienceGroup.YOUTH], {"young_woman_teacher", "turns_35_next_day"}),
    ([AudienceGroup.WOMEN, AudienceGroup.PARTY], {"woman_admin_party"}),
    (
        [AudienceGroup.TEACHER, AudienceGroup.ADMIN, AudienceGroup.WOMEN],
        {"young_woman_teacher", "woman_admin_party"},
    ),
]


@pytest.mark.parametrize(("groups", "admitted"), ADMITTED)
def test_groups_admit_the_same_members_in_python_and_in_the_list(
    tree, personas, campaign, groups, admitted, django_assert_num_queries
):
    activity = make_activity(campaign, tree.root, personas.office, audience_groups=groups)
    people = {key: MemberFactory(unit=tree.group, **fields) for key, fields in PEOPLE.items()}
    activity = Activity.objects.prefetch_related("audience__unit", "audience_groups").get(pk=activity.pk)
    assert {key for key, m in people.items() if member_in_audience(m, activity)} == admitted
    listed = set()
    for key, member in people.items():
        with django_assert_num_queries(1):
            if activity in list(activities_for_member(member)):
                listed.add(key)
    assert listed == admitted


def test_groups_narrow_a_unit_audience_too(tree, personas, campaign):
    activity = make_activity(
        campaign,
        tree.college,
        personas.chair,
        whole_tenant=False,
        audience_units=[tree.college],
        audience_groups=[AudienceGroup.WOMEN],
    )
    inside = MemberFactory(unit=tree.group, gender=Gender.FEMALE)
    elsewhere = MemberFactory(unit=tree.sibling, gender=Gender.FEMALE)
    man = MemberFactory(unit=tree.group, gender=Gender.MALE)
    assert list(activities_for_member(inside)) == [activity]
    assert list(activities_for_member(elsewhere)) == []
    assert list(activities_for_member(man)) == []
    assert registration_signup(activity=activity, member=inside, actor=None).status == "confirmed"
    with pytest.raises(ActivityError) as error:
        registration_signup(activity=activity, member=elsewhere, actor=None)
    assert error.value.code == "not_in_audience"  # units are checked first


def test_create_stores_groups_and_logs_them(tree, personas, campaign):
    activity = make_activity(
        campaign, tree.root, personas.office, audience_groups=[AudienceGroup.WOMEN, AudienceGroup.YOUTH]
    )
    stored = set(ActivityAudienceGroup.objects.filter(activity=activity).values_list("group", flat=True))
    assert stored == {"women", "youth"}
    entry = AuditEntry.objects.get(action="activities.activity.created")
    assert entry.data["audience_groups"] == ["youth", "women"]


def test_unknown_group_refused(tree, personas, campaign):
    with pytest.raises(ActivityError) as error:
        make_activity(campaign, tree.root, personas.office, audience_groups=["retired"])
    assert error.value.code == "bad_group" and error.value.field == "audience_groups"
    assert not Activity.objects.exists()


# refusals


@pytest.fixture
def womens_day(tree, personas, campaign):
    """三八 activity: the whole tenant, women only."""
    return make_activity(
        campaign, tree.root, personas.office, title="三八节健步走", audience_groups=[AudienceGroup.WOMEN]
    )


def test_signup_outside_the_groups_refused_with_the_reason(tree, womens_day):
    woman = MemberFactory(unit=tree.group, gender=Gender.FEMALE)
    assert registration_signup(activity=womens_day, member=woman, actor=None).status == "confirmed"
    for gender in (Gender.MALE, Gender.UNKNOWN):
        other = MemberFactory(unit=tree.group, gender=gender)
        with pytest.raises(ActivityError) as error:
            registration_signup(activity=womens_day, member=other, actor=None)
        assert error.value.code == "not_in_groups"
        assert "只面向女教职工" in error.value.message
    assert Registration.objects.filter(activity=womens_day).count() == 1


def test_checkin_outside_the_groups_refused(tree, personas, womens_day, in_phase2):
    in_phase2.move_to("2011-03-20 14:05 +0800")
    token = code_make(womens_day.pk).token
    with pytest.raises(CheckinError) as error:
        attendance_checkin(activity_id=womens_day.pk, code=token, actor=personas.member)
    assert error.value.code == "not_in_groups"
    assert "女教职工" in error.value.message
    woman = MemberFactory(unit=tree.group, gender=Gender.FEMALE)
    result = attendance_checkin(activity_id=womens_day.pk, code=token, actor=make_user(woman))
    assert not result.already


def test_ticking_outside_the_groups_refused_naming_who(tree, personas, womens_day):
    woman = MemberFactory(unit=tree.group, gender=Gender.FEMALE, name="林秀")
    man = MemberFactory(unit=tree.group, gender=Gender.MALE, name="吴强")
    with pytest.raises(ActivityError) as error:
        attendance_set(activity=womens_day, member_ids=[woman.pk, man.pk], actor=personas.office)
    assert error.value.code == "not_in_audience"
    assert "吴强" in error.value.message and "林秀" not in error.value.message
    assert "女教职工" in error.value.message
    assert attendance_set(activity=womens_day, member_ids=[woman.pk], actor=personas.office) == (1, 0)


def test_youth_is_judged_at_the_activity_start(tree, personas, campaign):
    """The same member is young for an activity this week and not for one after their birthday."""
    member = MemberFactory(unit=tree.group, birth_date=date(1976, 3, 25))
    before = make_activity(campaign, tree.root, personas.office, audience_groups=[AudienceGroup.YOUTH])
    after = make_activity(
        campaign,
        tree.root,
        personas.office,
        audience_groups=[AudienceGroup.YOUTH],
        starts_at=at("2011-03-25 09:00"),
        ends_at=at("2011-03-25 11:00"),
    )
    assert member_in_groups(member, before) and not member_in_groups(member, after)
    assert list(activities_for_member(member)) == [before]


# pages


def test_form_offers_groups_and_stores_them(client, tree, personas, campaign):
    client.force_login(personas.office)
    url = reverse("activities:create", args=[tree.root.pk])
    form = client.get(url).context["form"]
    assert [code for code, _label in form.fields["audience_groups"].choices] == AudienceGroup.values
    response = client.post(
        url,
        {
            "kind": "culture",
            "title": "青年教师演讲比赛",
            "starts_at": "2011-03-20T14:00",
            "ends_at": "2011-03-20T17:00",
            "signup_opens_at": "2011-03-01T08:00",
            "signup_closes_at": "2011-03-19T18:00",
            "whole_tenant": "on",
            "audience_groups": ["teacher", "youth"],
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="青年教师演讲比赛")
    assert set(activity.audience_groups.values_list("group", flat=True)) == {"teacher", "youth"}
    edit = client.get(reverse("activities:edit", args=[activity.pk])).context["form"]
    assert edit.initial["audience_groups"] == ["teacher", "youth"]
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "限定人群" in page and "教师、青年教职工（未满35周岁）（须同时满足）" in page


def test_detail_hidden_from_members_outside_the_groups(client, personas, womens_day):
    client.force_login(personas.member)  # the factory leaves the gender blank
    assert client.get(reverse("activities:detail", args=[womens_day.pk])).status_code == 404
    assert womens_day not in client.get(reverse("activities:list") + "?tab=all").context["page"].object_list


def test_viewer_outside_the_groups_sees_why_sign_up_is_refused(client, tree, personas, womens_day):
    """A school leader may view every activity; signing up for a women-only one says why not."""
    client.force_login(personas.leader)
    page = client.get(reverse("activities:detail", args=[womens_day.pk])).content.decode()
    assert "女教职工" in page
    response = client.post(reverse("activities:signup", args=[womens_day.pk]), follow=True)
    assert "这项活动只面向女教职工" in response.content.decode()


def test_scan_outside_the_groups_shows_the_reason(client, personas, womens_day):
    with time_machine.travel("2011-03-20 14:05 +0800", tick=False):
        client.force_login(personas.member)
        url = reverse("activities:checkin", args=[womens_day.pk]) + "?code=" + code_make(womens_day.pk).token
        response = client.get(url)
    assert response.status_code == 400
    assert "这项活动只面向女教职工" in response.content.decode()
