"""Two hundred members sign up at the same moment for fifty places; one member's phones scan while the
organiser ticks them."""

from functools import partial

import time_machine

from chuangxian.activities.checkin import code_make
from chuangxian.activities.models import Attendance, Registration, RegistrationStatus
from chuangxian.activities.services import attendance_checkin, attendance_set, registration_signup
from chuangxian.activities.tests.factories import make_activity
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from tests.races import postgres_race, run_together

pytestmark = postgres_race


def test_two_hundred_sign_ups_for_fifty_places(tree, personas):
    with time_machine.travel("2011-03-10 10:00 +0800", tick=False):
        campaign = make_campaign(tree.tenant)
        activity = make_activity(campaign, tree.root, personas.office, capacity=50)
        Member.objects.bulk_create([MemberFactory.build(unit=tree.college) for _ in range(200)])
        people = list(Member.objects.filter(unit=tree.college, user__isnull=True))
        assert len(people) >= 200
        people = people[:200]
        logins = {member.pk: make_user(member) for member in people}  # each member signs up themself

        def sign_up(batch: list[Member]) -> None:
            for member in batch:
                registration_signup(activity=activity, member=member, actor=logins[member.pk])

        errors = run_together(*[partial(sign_up, people[i::20]) for i in range(20)])
    assert errors == []
    rows = list(Registration.objects.filter(activity=activity))
    assert len(rows) == 200
    assert len({r.member_id for r in rows}) == 200
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    waiting = sorted((r for r in rows if r.status == RegistrationStatus.WAITLISTED), key=lambda r: r.position)
    assert len(confirmed) == 50
    assert [r.position for r in waiting] == list(range(1, 151))
    # The waiting list is in sign-up order: a later position never signed up earlier.
    assert all(waiting[i].pk < waiting[i + 1].pk for i in range(149))
    assert max(r.pk for r in confirmed) < waiting[0].pk


def test_simultaneous_scans_and_a_tick_of_one_member_leave_one_attendance(tree, personas):
    """Three phones of one member scan while the organiser ticks them: the activity lock and the
    unique constraint leave one row; whoever came first is the one audit entry."""
    with time_machine.travel("2011-03-10 10:00 +0800", tick=False):
        activity = make_activity(make_campaign(tree.tenant), tree.root, personas.office)
    outcomes: list[bool] = []

    def scan() -> None:
        result = attendance_checkin(activity_id=activity.pk, code=code, actor=personas.member)
        outcomes.append(result.already)

    def tick() -> None:
        attendance_set(activity=activity, member_ids=[personas.member_row.pk], actor=personas.office)

    with time_machine.travel("2011-03-20 15:00 +0800", tick=False):
        code = code_make(activity.pk).token
        assert run_together(scan, scan, scan, tick) == []
    assert Attendance.objects.filter(activity=activity).count() == 1
    assert outcomes.count(False) <= 1
    entries = AuditEntry.objects.filter(
        action__in=["activities.attendance.checked_in", "activities.attendance.set"]
    ).values_list("action", flat=True)
    assert len(entries) == 1
    assert (outcomes.count(False) == 1) is (list(entries) == ["activities.attendance.checked_in"])
