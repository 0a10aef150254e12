import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangxian.activities.checkin import code_make
from chuangxian.activities.models import Activity, ActivityPhoto, Attendance, Registration, RegistrationStatus
from chuangxian.activities.services import registration_cancel, registration_signup
from chuangxian.activities.tests.factories import login_of, make_activity
from chuangxian.campaigns.todos import todos_for
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("in_phase2")


@pytest.fixture
def activity(tree, personas, campaign):
    return make_activity(campaign, tree.root, personas.office, capacity=1)


def test_office_creates_through_the_form(client, tree, personas, campaign):
    client.force_login(personas.office)
    url = reverse("activities:create", args=[tree.root.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "culture",
            "title": "教职工羽毛球赛",
            "starts_at": "2011-03-20T14:00",
            "ends_at": "2011-03-20T17:00",
            "signup_opens_at": "2011-03-01T08:00",
            "signup_closes_at": "2011-03-19T18:00",
            "place": "体育馆",
            "capacity": "40",
            "audience_units": [tree.college.pk, tree.library.pk],
        },
    )
    created = Activity.objects.get(title="教职工羽毛球赛")
    assert response.status_code == 302
    assert response.url == reverse("activities:organise", args=[created.pk])
    assert created.capacity == 40 and not created.whole_tenant
    assert set(created.audience.values_list("unit_id", flat=True)) == {tree.college.pk, tree.library.pk}


def test_form_error_is_shown_and_nothing_saved(client, tree, personas, campaign):
    client.force_login(personas.chair)
    response = client.post(
        reverse("activities:create", args=[tree.college.pk]),
        {
            "kind": "culture",
            "title": "学院活动",
            "starts_at": "2011-03-20T14:00",
            "ends_at": "2011-03-20T17:00",
            "signup_opens_at": "2011-03-01T08:00",
            "signup_closes_at": "2011-03-19T18:00",
        },
    )
    assert response.status_code == 200
    assert "请选择参加范围" in response.content.decode()
    assert not Activity.objects.exists()


def test_chair_form_offers_only_own_subtree(client, tree, personas, campaign):
    client.force_login(personas.chair)
    form = client.get(reverse("activities:create", args=[tree.college.pk])).context["form"]
    offered = {pk for pk, _label in form.fields["audience_units"].choices}
    assert offered == {tree.college.pk, tree.group.pk}
    assert "whole_tenant" not in form.fields


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "other_office", "leader"])
def test_create_page_is_404_for_others(client, tree, personas, campaign, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("activities:create", args=[tree.college.pk])).status_code == 404


def test_member_signs_up_then_waits_then_is_promoted(client, tree, personas, activity):
    first = MemberFactory(unit=tree.library)
    registration = registration_signup(activity=activity, member=first, actor=login_of(first))
    client.force_login(personas.member)
    response = client.post(reverse("activities:signup", args=[activity.pk]), follow=True)
    assert "候补名单" in response.content.decode()
    assert "第 1 位" in response.content.decode()
    registration_cancel(registration=registration, actor=personas.office)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "您已报名成功" in page
    client.post(reverse("activities:cancel", args=[activity.pk]))
    assert Registration.objects.get(member=personas.member_row).status == RegistrationStatus.CANCELLED


def test_refused_sign_up_shows_the_reason(client, tree, personas, campaign):
    activity = make_activity(
        campaign, tree.sibling, personas.sibling_chair, whole_tenant=False, audience_units=[tree.sibling]
    )
    client.force_login(personas.member)
    # Outside the audience, the activity does not even exist for this member.
    assert client.post(reverse("activities:signup", args=[activity.pk])).status_code == 404
    own = make_activity(campaign, tree.root, personas.office)
    registration_signup(activity=own, member=personas.member_row, actor=login_of(personas.member_row))
    response = client.post(reverse("activities:signup", args=[own.pk]), follow=True)
    assert "已经报名" in response.content.decode()


def test_draft_is_hidden_from_members(client, tree, personas, campaign):
    draft = make_activity(campaign, tree.root, personas.office, publish=False)
    client.force_login(personas.member)
    assert client.get(reverse("activities:detail", args=[draft.pk])).status_code == 404
    client.force_login(personas.office)
    assert client.get(reverse("activities:organise", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("office", 200), ("chair", 404), ("member", 404), ("other_office", 404)]
)
def test_organiser_page_permissions(client, personas, activity, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("activities:organise", args=[activity.pk])).status_code == status
    assert client.get(reverse("activities:host", args=[activity.pk])).status_code == status


def test_organiser_ticks_from_the_list(client, tree, personas, activity):
    registration_signup(activity=activity, member=personas.member_row, actor=login_of(personas.member_row))
    client.force_login(personas.office)
    client.post(reverse("activities:attendance", args=[activity.pk]), {"attended": [personas.member_row.pk]})
    assert Attendance.objects.filter(activity=activity, member=personas.member_row, method="ticked").exists()


def test_scan_checks_in_and_twice_counts_once(client, personas, activity, in_phase2):
    in_phase2.move_to("2011-03-20 14:05 +0800")
    client.force_login(personas.office)
    host = client.get(reverse("activities:host", args=[activity.pk]))
    assert host.status_code == 200 and "data:image/svg+xml" in host.content.decode()
    url = reverse("activities:checkin", args=[activity.pk]) + "?code=" + code_make(activity.pk).token
    client.force_login(personas.member)
    assert "签到成功" in client.get(url).content.decode()
    assert "重复签到只计一次" in client.get(url).content.decode()
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_bad_code_is_refused_with_a_message(client, personas, activity, in_phase2):
    in_phase2.move_to("2011-03-20 14:05 +0800")
    client.force_login(personas.member)
    response = client.get(reverse("activities:checkin", args=[activity.pk]) + "?code=forged")
    assert response.status_code == 400
    assert "签到码无效" in response.content.decode()


def test_logged_out_scan_goes_to_login(client, activity, in_phase2):
    in_phase2.move_to("2011-03-20 14:05 +0800")
    url = reverse("activities:checkin", args=[activity.pk]) + "?code=" + code_make(activity.pk).token
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url


def test_close_with_report(client, personas, activity, in_phase2):
    in_phase2.move_to("2011-03-20 18:00 +0800")
    client.force_login(personas.office)
    client.post(reverse("activities:close", args=[activity.pk]), {"report": "参加 40 人，效果良好。"})
    activity.refresh_from_db()
    assert activity.status == "closed" and "效果良好" in activity.report


def test_close_without_report_says_so_and_keeps_it_open(client, personas, activity, in_phase2):
    in_phase2.move_to("2011-03-20 18:00 +0800")
    client.force_login(personas.office)
    response = client.post(reverse("activities:close", args=[activity.pk]), {"report": " "}, follow=True)
    assert "请写几句活动总结再结束活动。" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "published" and activity.report == ""
    # the forms let the server say it, rather than a browser bubble WeChat may not show
    page = client.get(reverse("activities:organise", args=[activity.pk])).content.decode()
    assert f'action="{reverse("activities:close", args=[activity.pk])}" novalidate' in page


def test_home_todo_until_attended(tree, personas, campaign, activity):
    items = todos_for(personas.member, campaign)
    assert [i.title for i in items if "活动" in i.title] == ["您还没有参加过活动"]
    assert items[0].url == reverse("activities:list") or any(
        i.url == reverse("activities:list") for i in items
    )
    Attendance.objects.create(
        tenant=tree.tenant,
        activity=activity,
        member=personas.member_row,
        method="ticked",
        at=activity.starts_at,
    )
    assert not [i for i in todos_for(personas.member, campaign) if i.title == "您还没有参加过活动"]
    assert not [i for i in todos_for(personas.other_office, campaign) if i.title == "您还没有参加过活动"]


def test_home_page_shows_the_todo(client, personas, activity):
    client.force_login(personas.member)
    assert "您还没有参加过活动" in client.get("/").content.decode()


# query counts


def _members(unit, n):
    Member.objects.bulk_create([MemberFactory.build(unit=unit) for _ in range(n)])
    return list(Member.objects.filter(unit=unit, user__isnull=True)[:n])


@pytest.mark.parametrize("n", [10, 200])
def test_list_query_count_is_flat(client, tree, personas, campaign, django_assert_max_num_queries, n):
    base = make_activity(campaign, tree.root, personas.office)
    fields = {
        name: getattr(base, name) for name in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")
    }
    Activity.objects.bulk_create(
        [
            Activity(
                tenant=tree.tenant,
                campaign=campaign,
                unit=tree.root,
                kind="training",
                title=f"培训{i}",
                whole_tenant=True,
                status="published",
                capacity=30,
                **fields,
            )
            for i in range(n - 1)
        ]
    )
    registration_signup(activity=base, member=personas.member_row, actor=login_of(personas.member_row))
    client.force_login(personas.member)
    for tab in ("open", "all", "mine"):
        with django_assert_max_num_queries(10):
            response = client.get(reverse("activities:list") + f"?tab={tab}")
        assert response.status_code == 200
    client.force_login(personas.office)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("activities:list") + "?tab=organised")
    assert len(response.context["page"].object_list) == min(n, 30)


@pytest.mark.parametrize("n", [10, 300])
def test_organiser_page_query_count_is_flat(
    client, tree, personas, campaign, django_assert_max_num_queries, n
):
    activity = make_activity(campaign, tree.root, personas.office, capacity=n // 2)
    people = _members(tree.college, n)
    Registration.objects.bulk_create(
        [
            Registration(
                tenant=tree.tenant,
                activity=activity,
                member=m,
                status="confirmed" if i < n // 2 else "waitlisted",
                position=None if i < n // 2 else i - n // 2 + 1,
            )
            for i, m in enumerate(people)
        ]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                tenant=tree.tenant, activity=activity, member=m, method="ticked", at=activity.starts_at
            )
            for m in people[:5]
        ]
    )
    client.force_login(personas.office)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("activities:organise", args=[activity.pk]))
    assert len(response.context["roster"]) == n
    assert response.context["counts"] == {"confirmed": n // 2, "waitlisted": n - n // 2, "attended": 5}
    client.force_login(personas.member)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 200


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_organiser_uploads_photos_members_see_them(client, personas, activity):
    client.force_login(personas.office)
    url = reverse("activities:photo_upload", args=[activity.pk])
    client.post(url, {"file": SimpleUploadedFile("现场.png", PNG, content_type="image/png")})
    photo = ActivityPhoto.objects.get()
    assert photo.kind == "png" and photo.original_name == "现场.png"
    response = client.post(url, {"file": SimpleUploadedFile("a.png", b"%PDF-1.4\n" + b"x" * 64)}, follow=True)
    assert ActivityPhoto.objects.count() == 1
    assert response.status_code == 200
    client.force_login(personas.member)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert reverse("activities:photo", args=[activity.pk, photo.pk]) in page
    assert client.get(reverse("activities:photo", args=[activity.pk, photo.pk])).status_code == 200
    client.force_login(personas.other_office)
    assert client.get(reverse("activities:photo", args=[activity.pk, photo.pk])).status_code == 404
    client.force_login(personas.member)
    assert client.post(url, {"file": SimpleUploadedFile("b.png", PNG)}).status_code == 404


def test_organiser_cancels_a_registration_and_the_next_is_promoted(client, tree, personas, activity):
    volunteer = MemberFactory(unit=tree.library)
    first = registration_signup(activity=activity, member=volunteer, actor=login_of(volunteer))
    registration_signup(activity=activity, member=personas.member_row, actor=login_of(personas.member_row))
    client.force_login(personas.office)
    page = client.get(reverse("activities:organise", args=[activity.pk])).content.decode()
    cancel_url = reverse("activities:cancel_for", args=[activity.pk, first.pk])
    assert cancel_url in page
    client.post(cancel_url)
    assert Registration.objects.get(member=personas.member_row).status == RegistrationStatus.CONFIRMED
    client.force_login(personas.chair)
    assert client.post(cancel_url).status_code == 404


def test_logged_out_scan_counts_after_a_slow_login(client, personas, activity, in_phase2):
    in_phase2.move_to("2011-03-20 14:05 +0800")
    url = reverse("activities:checkin", args=[activity.pk]) + "?code=" + code_make(activity.pk).token
    assert client.get(url).status_code == 302
    in_phase2.shift(5 * 60)  # the code alone is valid for 2 minutes; the session keeps it through the login
    client.force_login(personas.member)
    assert "签到成功" in client.get(url).content.decode()


@pytest.mark.parametrize("n", [10, 300])
def test_host_and_checkin_query_counts_are_flat(
    client, tree, personas, activity, in_phase2, django_assert_max_num_queries, n
):
    people = _members(tree.college, n)
    Attendance.objects.bulk_create(
        [
            Attendance(
                tenant=tree.tenant, activity=activity, member=m, method="ticked", at=activity.starts_at
            )
            for m in people
        ]
    )
    in_phase2.move_to("2011-03-20 14:05 +0800")
    client.force_login(personas.office)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("activities:host_qr", args=[activity.pk]))
    assert response.context["attended"] == n
    client.force_login(personas.member)
    url = reverse("activities:checkin", args=[activity.pk]) + "?code=" + code_make(activity.pk).token
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def _codes(form) -> dict[str, list[str]]:
    return {name: [e.code for e in errors] for name, errors in form.errors.as_data().items()}


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        # No title, an end before the start and a sign-up that closes before it opens.
        (
            {"title": "", "ends_at": "2011-03-20T13:00", "signup_closes_at": "2011-02-28T18:00"},
            {"title": ["required"], "ends_at": ["bad_times"], "signup_closes_at": ["bad_signup"]},
        ),
        # No end at all: the sign-up window is still checked against what is there.
        (
            {"ends_at": "", "signup_closes_at": "2011-02-28T18:00"},
            {"ends_at": ["required"], "signup_closes_at": ["bad_signup"]},
        ),
        # No title and a sign-up that closes after the activity ends.
        (
            {"title": "", "signup_closes_at": "2011-03-21T08:00"},
            {"title": ["required"], "signup_closes_at": ["bad_signup"]},
        ),
    ],
)
def test_a_missing_field_and_bad_times_show_in_one_response(client, tree, personas, campaign, changes, codes):
    """The time rules are not held back until the required fields are filled in (a second round)."""
    client.force_login(personas.office)
    data = {
        "kind": "culture",
        "title": "教职工羽毛球赛",
        "starts_at": "2011-03-20T14:00",
        "ends_at": "2011-03-20T17:00",
        "signup_opens_at": "2011-03-01T08:00",
        "signup_closes_at": "2011-03-19T18:00",
        "whole_tenant": "on",
    }
    response = client.post(reverse("activities:create", args=[tree.root.pk]), {**data, **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert _codes(form) == codes
    page = response.content.decode()
    for name in codes:
        assert form.errors[name][0] in page
    assert not Activity.objects.exists()
