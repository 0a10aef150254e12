"""The batched sign-ups and check-ins (the demo's replay): what the single services would leave, the
single services' refusals, and as many queries for thirty members as for two."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangxian.accounts.models import User
from chuangxian.accounts.services_bulk import accounts_create_for_members
from chuangxian.activities.checkin import CheckinError
from chuangxian.activities.models import Attendance, AttendanceMethod, Registration, RegistrationStatus
from chuangxian.activities.services import ActivityError, registration_signup
from chuangxian.activities.services.bulk import SignupItem, attendance_checkin_many, registrations_signup_many
from chuangxian.activities.tests.factories import at, login_of, make_activity
from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.checkin.services import Scan
from chuangxian.core.errors import Refused
from chuangxian.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("in_phase2")
R = RegistrationStatus
START = at("2011-03-20 14:00")  # the activity of activity_data: 14:00-17:00, check-in from 13:00


def _members(tree, n):
    members = [MemberFactory(unit=tree.group) for _ in range(n)]
    logins = accounts_create_for_members(members=members, actor=SYSTEM)
    return members, [User.objects.get(pk=logins[m.pk].pk) for m in members]  # fresh: nothing cached


SIGNUP = at("2011-03-05 09:00")


def _signups(members, logins, start=SIGNUP):
    return [
        SignupItem(by=login, member=member, at=start + timedelta(minutes=i))
        for i, (member, login) in enumerate(zip(members, logins, strict=True))
    ]


def test_sign_ups_fill_the_places_then_the_waiting_list_as_the_single_service_does(tree, personas, campaign):
    members, logins = _members(tree, 5)
    one_by_one = make_activity(campaign, tree.root, personas.office, capacity=2)
    for member, login in zip(members[:2], logins[:2], strict=True):
        registration_signup(activity=one_by_one, member=member, actor=login)
    batched = make_activity(campaign, tree.root, personas.office, capacity=2)
    registrations_signup_many(activity=batched, items=_signups(members[:2], logins[:2]), actor=SYSTEM)
    # A later batch goes on from where the list stands, as the next sign-ups one by one would.
    for member, login in zip(members[2:], logins[2:], strict=True):
        registration_signup(activity=one_by_one, member=member, actor=login)
    registrations_signup_many(activity=batched, items=_signups(members[2:], logins[2:]), actor=SYSTEM)

    def outcome(activity):
        rows = Registration.objects.filter(activity=activity).order_by("member__staff_no")
        return [(r.member_id, r.status, r.position) for r in rows]

    assert outcome(batched) == outcome(one_by_one)
    assert [s for _m, s, _p in outcome(batched)] == [R.CONFIRMED] * 2 + [R.WAITLISTED] * 3
    first = Registration.objects.get(activity=batched, member=members[0])
    assert first.created_at == at("2011-03-05 09:00")  # the moment of the member's act
    entries = AuditEntry.objects.filter(action__startswith="activities.registrations.").order_by("id")
    assert [(e.action, e.actor_id, e.data["count"]) for e in entries] == [
        ("activities.registrations.signed_up", None, 2),
        ("activities.registrations.waitlisted", None, 3),
    ]


def test_one_refused_sign_up_refuses_the_batch_and_writes_nothing(tree, personas, campaign):
    members, logins = _members(tree, 3)
    activity = make_activity(campaign, tree.root, personas.office)
    items = _signups(members, logins)
    cases = [
        ([*items[:2], SignupItem(by=personas.chair, member=members[2], at=items[2].at)], Refused, "not_own"),
        ([*items, items[0]], ActivityError, "already_signed_up"),
        (
            [*items[:2], SignupItem(by=logins[2], member=members[2], at=at("2011-03-19 18:01"))],
            ActivityError,
            "signup_closed",
        ),
    ]
    for batch, error_type, code in cases:
        with pytest.raises(error_type) as error:
            registrations_signup_many(activity=activity, items=batch, actor=SYSTEM)
        assert error.value.code == code
        assert not Registration.objects.filter(activity=activity).exists()
    with pytest.raises(Refused) as error:
        registrations_signup_many(activity=activity, items=items, actor=personas.office)
    assert error.value.code == "not_system"


def test_scans_count_each_member_once_inside_the_window(tree, personas, campaign):
    members, logins = _members(tree, 3)
    activity = make_activity(campaign, tree.root, personas.office)
    first = attendance_checkin_many(
        activity=activity, scans=[Scan(by=logins[0], at=START - timedelta(minutes=30))], actor=SYSTEM
    )
    assert len(first) == 1
    scans = [Scan(by=login, at=START + timedelta(minutes=i)) for i, login in enumerate(logins)]
    rows = attendance_checkin_many(activity=activity, scans=scans + scans[1:2], actor=SYSTEM)
    assert [row.member_id for row in rows] == [m.pk for m in members[1:]]  # the first was there already
    stored = Attendance.objects.filter(activity=activity).order_by("member__staff_no")
    assert [(a.member_id, a.method) for a in stored] == [(m.pk, AttendanceMethod.CHECKIN) for m in members]
    assert stored[1].at == START + timedelta(minutes=1)
    entries = AuditEntry.objects.filter(action="activities.attendance.checked_in_many").order_by("id")
    assert [e.data["count"] for e in entries] == [1, 2] and entries[1].actor_id is None


def test_a_scan_outside_the_window_or_the_audience_refuses_the_batch(tree, personas, campaign):
    _members_made, logins = _members(tree, 2)
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    outsider = login_of(MemberFactory(unit=tree.sibling))
    other_school = login_of(MemberFactory(unit=tree.other_unit))
    ok = Scan(by=logins[0], at=START)
    cases = [
        (Scan(by=logins[1], at=START - timedelta(hours=2)), CheckinError, "not_open_yet"),
        (Scan(by=logins[1], at=at("2011-03-20 18:01")), CheckinError, "closed"),
        (Scan(by=outsider, at=START), Refused, "not_in_audience"),
        (Scan(by=other_school, at=START), Refused, "not_found"),
        (Scan(by=SYSTEM, at=START), Refused, "not_in_audience"),
    ]
    for scan, error_type, code in cases:
        with pytest.raises(error_type) as error:
            attendance_checkin_many(activity=activity, scans=[ok, scan], actor=SYSTEM)
        assert error.value.code == code
        assert not Attendance.objects.filter(activity=activity).exists()


def test_batches_cost_the_same_queries_for_thirty_members_as_for_two(tree, personas, campaign):
    def counts(n):
        members, logins = _members(tree, n)
        activity = make_activity(campaign, tree.root, personas.office, capacity=n // 2)
        with CaptureQueriesContext(connection) as signups:
            registrations_signup_many(activity=activity, items=_signups(members, logins), actor=SYSTEM)
        scans = [Scan(by=login, at=START) for login in logins]
        with CaptureQueriesContext(connection) as checkins:
            attendance_checkin_many(activity=activity, scans=scans, actor=SYSTEM)
        return len(signups), len(checkins)

    assert counts(2) == counts(30)
