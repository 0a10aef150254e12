import pytest
import time_machine

from chuangxian.activities.checkin import CheckinError, code_make
from chuangxian.activities.models import (
    ActivityStatus,
    Attendance,
    AttendanceMethod,
    Registration,
    RegistrationStatus,
)
from chuangxian.activities.services import (
    ActivityError,
    activity_close,
    activity_update,
    attendance_checkin,
    attendance_set,
    registration_cancel,
    registration_signup,
)
from chuangxian.activities.tests.factories import activity_data, at, login_of, make_activity
from chuangxian.audit.labels import label_for
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.services import PhaseClosedError
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.meetings.checkin import code_make as meeting_code_make
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("in_phase2")


def members(unit, n):
    return [MemberFactory(unit=unit) for _ in range(n)]


# creation, permissions, phases


@pytest.mark.parametrize("persona", ["office"])
def test_office_creates_a_whole_tenant_activity(tree, personas, campaign, persona):
    activity = make_activity(campaign, tree.root, getattr(personas, persona), publish=False)
    assert activity.status == ActivityStatus.DRAFT
    assert activity.tenant_id == tree.tenant.pk
    entry = AuditEntry.objects.get(action="activities.activity.created")
    assert entry.unit_id == tree.root.pk
    assert label_for("activities.activity.created") == "创建活动"


def test_title_is_saved_without_surrounding_spaces(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, publish=False, title="  教师读书会 ")
    activity.refresh_from_db()
    assert activity.title == "教师读书会"
    assert AuditEntry.objects.get(action="activities.activity.created").data["title"] == "教师读书会"


@pytest.mark.parametrize("persona", ["chair", "liaison", "office"])
def test_unit_officers_create_for_their_unit(tree, personas, campaign, persona):
    make_activity(
        campaign, tree.college, getattr(personas, persona), whole_tenant=False, audience_units=[tree.college]
    )


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "leader", "other_office"])
def test_others_may_not_create(tree, personas, campaign, persona):
    with pytest.raises(Refused) as error:
        make_activity(
            campaign,
            tree.college,
            getattr(personas, persona),
            whole_tenant=False,
            audience_units=[tree.college],
        )
    assert error.value.code == "forbidden"


def test_sub_union_cannot_invite_whole_tenant_or_other_units(tree, personas, campaign):
    with pytest.raises(ActivityError) as error:
        make_activity(campaign, tree.college, personas.chair, whole_tenant=True)
    assert error.value.code == "whole_tenant_office_only"
    with pytest.raises(ActivityError) as error:
        make_activity(
            campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.sibling]
        )
    assert error.value.code == "audience_outside"
    with pytest.raises(ActivityError) as error:
        make_activity(campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[])
    assert error.value.code == "no_audience"


def test_bad_times_refused_and_nothing_saved(tree, personas, campaign):
    data = activity_data()
    with pytest.raises(ActivityError) as error:
        make_activity(campaign, tree.root, personas.office, ends_at=data.starts_at.replace(hour=9))
    assert error.value.code == "bad_times"
    assert not AuditEntry.objects.filter(action="activities.activity.created").exists()


@pytest.mark.parametrize(
    "closes_at",
    [
        "2011-02-28 18:00",  # before sign-up opens (2011-03-01 08:00)
        "2011-03-20 17:30",  # after the activity ends (2011-03-20 17:00)
    ],
)
def test_bad_signup_window_refused_and_nothing_saved(tree, personas, campaign, closes_at):
    with pytest.raises(ActivityError) as error:
        make_activity(campaign, tree.root, personas.office, signup_closes_at=at(closes_at))
    assert error.value.code == "bad_signup"
    assert error.value.field == "signup_closes_at"
    assert not AuditEntry.objects.filter(action="activities.activity.created").exists()


def test_create_refused_outside_the_activity_phase(tree, personas, campaign, in_phase2):
    in_phase2.move_to("2010-12-20 10:00 +0800")
    with pytest.raises(PhaseClosedError) as error:
        make_activity(campaign, tree.root, personas.office)
    assert error.value.code == "phase_not_started"


# sign-up, capacity, waiting list


def test_capacity_then_waiting_list_in_order(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=2)
    people = members(tree.college, 5)
    regs = [registration_signup(activity=activity, member=m, actor=login_of(m)) for m in people]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [r.position for r in regs] == [None, None, 1, 2, 3]


def test_cancel_promotes_the_first_waiting_and_notifies_them(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=1)
    first, second, third = members(tree.college, 3)
    reg1 = registration_signup(activity=activity, member=first, actor=login_of(first))
    registration_signup(activity=activity, member=second, actor=login_of(second))
    registration_signup(activity=activity, member=third, actor=login_of(third))
    registration_cancel(registration=reg1, actor=personas.office)
    statuses = dict(Registration.objects.filter(activity=activity).values_list("member_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waitlisted"}
    notice = Notification.objects.get(recipient=second)
    assert "候补" in notice.title
    assert not Notification.objects.filter(recipient=third).exists()
    assert AuditEntry.objects.filter(action="activities.registration.promoted").count() == 1


def test_cancel_of_a_waiting_member_promotes_nobody(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=1)
    a, b, c = members(tree.college, 3)
    registration_signup(activity=activity, member=a, actor=login_of(a))
    rb = registration_signup(activity=activity, member=b, actor=login_of(b))
    registration_signup(activity=activity, member=c, actor=login_of(c))
    registration_cancel(registration=rb, actor=login_of(b))
    assert Registration.objects.get(member=c).status == RegistrationStatus.WAITLISTED
    assert not Notification.objects.exists()


def test_member_may_cancel_only_their_own(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office)
    other = MemberFactory(unit=tree.group)
    registration = registration_signup(activity=activity, member=other, actor=login_of(other))
    with pytest.raises(Refused) as error:
        registration_cancel(registration=registration, actor=personas.member)
    assert error.value.code == "forbidden"


def test_signing_up_again_after_cancel_goes_to_the_end(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=1)
    a, b, c = members(tree.college, 3)
    registration_signup(activity=activity, member=a, actor=login_of(a))
    rb = registration_signup(activity=activity, member=b, actor=login_of(b))
    registration_signup(activity=activity, member=c, actor=login_of(c))
    registration_cancel(registration=rb, actor=personas.office)
    again = registration_signup(activity=activity, member=b, actor=login_of(b))
    assert again.status == RegistrationStatus.WAITLISTED and again.position == 3


def test_raising_capacity_promotes_waiting(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=1)
    for m in members(tree.college, 3):
        registration_signup(activity=activity, member=m, actor=login_of(m))
    activity_update(activity=activity, data=activity_data(capacity=2), actor=personas.office)
    assert Registration.objects.filter(activity=activity, status="confirmed").count() == 2


def test_capacity_cannot_drop_below_confirmed(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=3)
    for m in members(tree.college, 3):
        registration_signup(activity=activity, member=m, actor=login_of(m))
    with pytest.raises(ActivityError) as error:
        activity_update(activity=activity, data=activity_data(capacity=2), actor=personas.office)
    assert error.value.code == "capacity_below_confirmed"


def test_already_signed_up_refused(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office)
    registration_signup(activity=activity, member=personas.member_row, actor=login_of(personas.member_row))
    with pytest.raises(ActivityError) as error:
        registration_signup(
            activity=activity, member=personas.member_row, actor=login_of(personas.member_row)
        )
    assert error.value.code == "already_signed_up"
    assert "已经报名" in error.value.message


@pytest.mark.parametrize(
    ("moment", "code"),
    [("2011-02-28 10:00 +0800", "signup_not_open"), ("2011-03-19 19:00 +0800", "signup_closed")],
)
def test_signup_outside_window_refused(tree, personas, campaign, in_phase2, moment, code):
    activity = make_activity(campaign, tree.root, personas.office)
    in_phase2.move_to(moment)
    with pytest.raises(ActivityError) as error:
        registration_signup(
            activity=activity, member=personas.member_row, actor=login_of(personas.member_row)
        )
    assert error.value.code == code


def test_draft_refuses_signup(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, publish=False)
    with pytest.raises(ActivityError) as error:
        registration_signup(
            activity=activity, member=personas.member_row, actor=login_of(personas.member_row)
        )
    assert error.value.code == "not_open"


@pytest.mark.parametrize("who", ["chair", "office", "admin", "system"])
def test_nobody_signs_up_someone_else(tree, personas, campaign, who):
    """Signing up is the member's own act: an officer, the admin or the system doing it for them is
    refused by the service (the page only ever signs up the logged-in member)."""
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    actor = SYSTEM if who == "system" else getattr(personas, who)
    with pytest.raises(Refused) as error:
        registration_signup(activity=activity, member=personas.member_row, actor=actor)
    assert error.value.code == "not_own"
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="activities.registration").exists()


def test_audience_covers_subtree_only(tree, personas, campaign):
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    registration_signup(
        activity=activity, member=personas.member_row, actor=login_of(personas.member_row)
    )  # 中文系 is below the college
    for outsider in (MemberFactory(unit=tree.sibling), MemberFactory(unit=tree.other_root)):
        with pytest.raises(ActivityError) as error:
            registration_signup(activity=activity, member=outsider, actor=login_of(outsider))
        assert error.value.code == "not_in_audience"
    gone = MemberFactory(unit=tree.college, status=MemberStatus.LEFT)
    with pytest.raises(ActivityError):
        registration_signup(activity=activity, member=gone, actor=login_of(gone))


# check-in and attendance


@pytest.fixture
def running(tree, personas, campaign, in_phase2):
    activity = make_activity(campaign, tree.root, personas.office)
    in_phase2.move_to("2011-03-20 14:10 +0800")
    return activity


def test_checkin_with_code_records_once(running, personas):
    code = code_make(running.pk).token
    first = attendance_checkin(activity_id=running.pk, code=code, actor=personas.member)
    assert AuditEntry.objects.filter(action="activities.attendance.checked_in").count() == 1  # the first scan
    second = attendance_checkin(activity_id=running.pk, code=code, actor=personas.member)
    assert (first.already, second.already) == (False, True)
    assert Attendance.objects.filter(activity=running).count() == 1
    assert first.attendance.method == AttendanceMethod.CHECKIN
    assert AuditEntry.objects.filter(action="activities.attendance.checked_in").count() == 1
    entry = AuditEntry.objects.get(action="activities.attendance.checked_in")
    assert (entry.actor_id, entry.target_id, entry.unit_id) == (
        personas.member.pk,
        str(running.pk),
        running.unit_id,
    )
    assert entry.data == {"member": personas.member_row.name}


def test_checkin_refuses_expired_code(running, personas, in_phase2):
    code = code_make(running.pk).token
    in_phase2.shift(121)
    with pytest.raises(CheckinError) as error:
        attendance_checkin(activity_id=running.pk, code=code, actor=personas.member)
    assert error.value.code == "code_expired"


@pytest.mark.parametrize("forge", ["tamper", "meeting", "other_activity"])
def test_checkin_refuses_forged_codes(running, personas, campaign, tree, forge):
    if forge == "tamper":
        code, expected = code_make(running.pk).token[:-2] + "xx", "code_invalid"
    elif forge == "meeting":
        code, expected = meeting_code_make(running.pk).token, "code_invalid"
    else:
        code, expected = code_make(running.pk + 1000).token, "code_other_activity"
    with pytest.raises(CheckinError) as error:
        attendance_checkin(activity_id=running.pk, code=code, actor=personas.member)
    assert error.value.code == expected
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("moment", "code"), [("2011-03-20 12:30 +0800", "not_open_yet"), ("2011-03-20 18:30 +0800", "closed")]
)
def test_checkin_refused_when_not_running(running, personas, in_phase2, moment, code):
    in_phase2.move_to(moment)
    token = code_make(running.pk).token
    with pytest.raises(CheckinError) as error:
        attendance_checkin(activity_id=running.pk, code=token, actor=personas.member)
    assert error.value.code == code


def test_checkin_refused_for_closed_and_draft(tree, personas, campaign, running):
    activity_close(activity=running, report="圆满完成。", actor=personas.office)
    with pytest.raises(CheckinError) as error:
        attendance_checkin(activity_id=running.pk, code=code_make(running.pk).token, actor=personas.member)
    assert error.value.code == "closed"
    with time_machine.travel("2011-03-10 10:00 +0800", tick=False):
        draft = make_activity(campaign, tree.root, personas.office, publish=False)
    with pytest.raises(CheckinError) as error:
        attendance_checkin(activity_id=draft.pk, code=code_make(draft.pk).token, actor=personas.member)
    assert error.value.code == "not_published"


def test_checkin_refused_outside_audience(tree, personas, campaign, in_phase2):
    activity = make_activity(
        campaign, tree.sibling, personas.sibling_chair, whole_tenant=False, audience_units=[tree.sibling]
    )
    in_phase2.move_to("2011-03-20 14:10 +0800")
    # Another tenant's member hears nothing about the activity (its refusal would name the unit).
    for user, expected in ((personas.member, "not_in_audience"), (personas.other_office, "not_found")):
        with pytest.raises(Refused) as error:
            attendance_checkin(activity_id=activity.pk, code=code_make(activity.pk).token, actor=user)
        assert error.value.code == expected


def test_only_the_member_themself_checks_in(running, personas):
    """The code is scanned by the member's own login: a login without a roster row and the system
    are refused, and nothing is recorded."""
    code = code_make(running.pk).token
    for actor in (personas.admin, SYSTEM):
        with pytest.raises(Refused) as error:
            attendance_checkin(activity_id=running.pk, code=code, actor=actor)
        assert error.value.code == "not_in_audience"
    assert not Attendance.objects.exists()


def test_organiser_ticks_attendance(running, personas, tree):
    code = code_make(running.pk).token
    attendance_checkin(activity_id=running.pk, code=code, actor=personas.member)
    other = MemberFactory(unit=tree.library)
    added, removed = attendance_set(
        activity=running, member_ids=[personas.member_row.pk, other.pk], actor=personas.office
    )
    assert (added, removed) == (1, 0)
    methods = dict(Attendance.objects.values_list("member_id", "method"))
    assert methods == {personas.member_row.pk: "checkin", other.pk: "ticked"}
    with pytest.raises(ActivityError) as error:
        attendance_set(
            activity=running, member_ids=[MemberFactory(unit=tree.other_root).pk], actor=personas.office
        )
    assert error.value.code == "not_in_audience"
    with pytest.raises(Refused) as error:
        attendance_set(activity=running, member_ids=[], actor=personas.chair)
    assert error.value.code == "forbidden"


def test_close_needs_report(running, personas):
    with pytest.raises(ActivityError) as error:
        activity_close(activity=running, report="  ", actor=personas.office)
    assert error.value.code == "no_report"
    closed = activity_close(activity=running, report="参加 30 人。", actor=personas.office)
    assert closed.status == ActivityStatus.CLOSED and closed.closed_at is not None


# Edges of the windows and the cancellation's audit entry, pinned after the mutation pass
# (docs/testing.md, 变异测试): both ends of each window are inside it.


@pytest.mark.parametrize("moment", ["2011-03-01 08:00 +0800", "2011-03-19 18:00 +0800"])
def test_signup_is_open_at_both_ends_of_its_window(tree, personas, campaign, in_phase2, moment):
    activity = make_activity(campaign, tree.root, personas.office)
    in_phase2.move_to(moment)
    registration = registration_signup(
        activity=activity, member=personas.member_row, actor=login_of(personas.member_row)
    )
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("moment", ["2011-03-20 13:00 +0800", "2011-03-20 18:00 +0800"])
def test_checkin_is_open_from_an_hour_before_the_start_to_an_hour_after_the_end(
    running, personas, in_phase2, moment
):
    in_phase2.move_to(moment)
    token = code_make(running.pk).token
    assert not attendance_checkin(activity_id=running.pk, code=token, actor=personas.member).already


def test_cancelling_is_audited_with_who_and_whose_sign_up(tree, personas, campaign):
    activity = make_activity(campaign, tree.root, personas.office, capacity=1)
    registration = registration_signup(activity=activity, member=personas.member_row, actor=personas.member)
    registration_signup(activity=activity, member=personas.chair_row, actor=personas.chair)  # waiting
    registration_cancel(registration=registration, actor=personas.member)
    entry = AuditEntry.objects.get(action="activities.registration.cancelled")
    assert (entry.actor_id, entry.target_id, entry.unit_id) == (
        personas.member.pk,
        str(activity.pk),
        tree.root.pk,
    )
    assert entry.data == {"member": personas.member_row.name}
    promoted = AuditEntry.objects.get(action="activities.registration.promoted")
    assert promoted.actor_id == personas.member.pk  # the cancellation moved the waiting list up


def test_a_sign_up_elsewhere_does_not_count_and_the_sign_up_is_audited(tree, personas, campaign):
    first = make_activity(campaign, tree.root, personas.office, capacity=1)
    second = make_activity(campaign, tree.root, personas.office, title="第二项活动", capacity=1)
    registration_signup(activity=first, member=personas.chair_row, actor=personas.chair)
    registration_signup(activity=first, member=personas.member_row, actor=personas.member)  # waiting, 1st
    mine = registration_signup(activity=second, member=personas.member_row, actor=personas.member)
    assert mine.status == RegistrationStatus.CONFIRMED
    other = MemberFactory(unit=tree.college)
    assert (
        registration_signup(activity=second, member=other, actor=login_of(other)).position == 1
    )  # its own queue
    entry = AuditEntry.objects.get(action="activities.registration.signed_up", target_id=str(second.pk))
    assert (entry.actor_id, entry.unit_id) == (personas.member.pk, tree.root.pk)
    assert entry.data == {"member": personas.member_row.name, "position": None}
