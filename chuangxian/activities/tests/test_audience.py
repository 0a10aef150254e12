"""Audience groups (限定人群): post category, 青年, 女, 党员, on top of units or the whole tenant; and
what happens to registrations when an edit narrows the audience."""

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
from chuangxian.activities.checkin import code_make
from chuangxian.activities.models import Activity, ActivityAudienceGroup, AudienceGroup, Registration
from chuangxian.activities.permissions import member_in_audience
from chuangxian.activities.selectors import activities_for_member
from chuangxian.activities.services import (
    ActivityError,
    activity_update,
    attendance_checkin,
    attendance_set,
    registration_signup,
)
from chuangxian.activities.tests.factories import activity_data, at, login_of, make_activity
from chuangxian.audit.models import AuditEntry
from chuangxian.core.errors import Refused
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import Gender, Member, MemberStatus, Political, Post
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
    assert registration_signup(activity=activity, member=inside, actor=login_of(inside)).status == "confirmed"
    with pytest.raises(ActivityError) as error:
        registration_signup(activity=activity, member=elsewhere, actor=login_of(elsewhere))
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
    assert registration_signup(activity=womens_day, member=woman, actor=login_of(woman)).status == "confirmed"
    for gender in (Gender.MALE, Gender.UNKNOWN):
        other = MemberFactory(unit=tree.group, gender=gender)
        with pytest.raises(ActivityError) as error:
            registration_signup(activity=womens_day, member=other, actor=login_of(other))
        assert error.value.code == "not_in_groups"
        assert "只面向女教职工" in error.value.message
    assert Registration.objects.filter(activity=womens_day).count() == 1


def test_checkin_outside_the_groups_refused(tree, personas, womens_day, in_phase2):
    in_phase2.move_to("2011-03-20 14:05 +0800")
    token = code_make(womens_day.pk).token
    with pytest.raises(Refused) as error:
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


# narrowing the audience of an activity people already signed up for


def _signup(activity, *people):
    return [registration_signup(activity=activity, member=m, actor=login_of(m)) for m in people]


def test_narrowing_units_is_refused_naming_who_and_changes_nothing(tree, personas, campaign):
    activity = make_activity(
        campaign, tree.root, personas.office, whole_tenant=False, audience_units=[tree.college, tree.sibling]
    )
    inside = MemberFactory(unit=tree.group, name="林秀")
    outside = MemberFactory(unit=tree.sibling, name="吴强")
    _signup(activity, inside, outside)
    narrowed = activity_data(whole_tenant=False, audience_units=[tree.college], title="新名称")
    with pytest.raises(ActivityError) as error:
        activity_update(activity=activity, data=narrowed, actor=personas.office)
    assert error.value.code == "audience_excludes_registered"
    assert "吴强（数学与计算机科学学院，已报名）" in error.value.message
    assert "林秀" not in error.value.message
    activity.refresh_from_db()
    assert activity.title == "青年教师教学竞赛"
    assert set(activity.audience.values_list("unit_id", flat=True)) == {tree.college.pk, tree.sibling.pk}
    assert not Registration.objects.filter(status="cancelled").exists()
    assert not AuditEntry.objects.filter(action="activities.activity.updated").exists()


def test_narrowing_with_confirmation_cancels_notifies_and_promotes(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=2)
    man1 = MemberFactory(unit=tree.group, gender=Gender.MALE)
    woman1 = MemberFactory(unit=tree.group, gender=Gender.FEMALE)
    man2 = MemberFactory(unit=tree.college, gender=Gender.MALE)  # first on the waiting list
    woman2 = MemberFactory(unit=tree.library, gender=Gender.FEMALE)  # second on the waiting list
    _signup(activity, man1, woman1, man2, woman2)
    activity = activity_update(
        activity=activity,
        data=activity_data(capacity=2, audience_groups=[AudienceGroup.WOMEN]),
        actor=personas.office,
        cancel_outside=True,
    )
    statuses = dict(Registration.objects.filter(activity=activity).values_list("member_id", "status"))
    assert statuses == {
        man1.pk: "cancelled",
        woman1.pk: "confirmed",
        man2.pk: "cancelled",
        woman2.pk: "confirmed",
    }
    assert set(
        Notification.objects.filter(kind="activities.excluded").values_list("recipient", flat=True)
    ) == {
        man1.pk,
        man2.pk,
    }
    assert Notification.objects.get(kind="activities.promoted").recipient_id == woman2.pk
    excluded = AuditEntry.objects.get(action="activities.registration.excluded")
    assert sorted(excluded.data["members"]) == sorted([man1.name, man2.name])
    updated = AuditEntry.objects.get(action="activities.activity.updated")
    assert updated.changes["audience_groups"] == [[], ["women"]]


def test_narrowing_and_lowering_capacity_together(tree, personas, campaign):
    """The capacity is checked against who is left after the excluded are cancelled."""
    activity = make_activity(campaign, tree.root, personas.office, capacity=3)
    _signup(activity, *(MemberFactory(unit=tree.group, gender=g) for g in ("M", "M", "F")))
    data = activity_data(capacity=1, audience_groups=[AudienceGroup.WOMEN])
    with pytest.raises(ActivityError) as error:
        activity_update(activity=activity, data=data, actor=personas.office)
    assert error.value.code == "audience_excludes_registered"
    activity_update(activity=activity, data=data, actor=personas.office, cancel_outside=True)
    assert Registration.objects.filter(activity=activity, status="confirmed").count() == 1


def test_a_later_start_that_ages_a_registered_member_out_of_youth_counts(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, audience_groups=[AudienceGroup.YOUTH])
    member = MemberFactory(unit=tree.group, birth_date=date(1976, 3, 22))
    _signup(activity, member)
    later = activity_data(
        audience_groups=[AudienceGroup.YOUTH],
        starts_at=at("2011-03-22 14:00"),
        ends_at=at("2011-03-22 17:00"),
    )
    with pytest.raises(ActivityError) as error:
        activity_update(activity=activity, data=later, actor=personas.office)
    assert error.value.code == "audience_excludes_registered"


def test_widening_or_members_already_outside_need_no_confirmation(tree, personas, campaign):
    activity = make_activity(
        campaign, tree.root, personas.office, whole_tenant=False, audience_units=[tree.college, tree.sibling]
    )
    left = MemberFactory(unit=tree.sibling)
    stays = MemberFactory(unit=tree.group)
    _signup(activity, left, stays)
    Member.objects.filter(pk=left.pk).update(status=MemberStatus.LEFT)
    # 'left' is outside whatever the audience now: the edit is not what excludes them.
    activity_update(
        activity=activity,
        data=activity_data(whole_tenant=False, audience_units=[tree.college]),
        actor=personas.office,
    )
    activity_update(activity=activity, data=activity_data(whole_tenant=True), actor=personas.office)
    assert not Registration.objects.filter(status="cancelled").exists()


def test_edit_page_asks_for_confirmation_then_cancels(client, tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, title="健步走")
    man = MemberFactory(unit=tree.group, gender=Gender.MALE, name="吴强")
    _signup(activity, man)
    client.force_login(personas.office)
    url = reverse("activities:edit", args=[activity.pk])
    post = {
        "kind": "culture",
        "title": "健步走",
        "starts_at": "2011-03-20T14:00",
        "ends_at": "2011-03-20T17:00",
        "signup_opens_at": "2011-03-01T08:00",
        "signup_closes_at": "2011-03-19T18:00",
        "whole_tenant": "on",
        "audience_groups": ["women"],
    }
    response = client.post(url, post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "吴强" in page and 'name="cancel_outside"' in page
    assert Registration.objects.get(member=man).status == "confirmed"
    response = client.post(url, {**post, "cancel_outside": "on"})
    assert response.status_code == 302
    assert Registration.objects.get(member=man).status == "cancelled"
    assert 'name="cancel_outside"' not in client.get(url).content.decode()
