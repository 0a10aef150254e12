"""Phase 2's activities so far (一位教师一次活动): held and closed, running, open for sign-up, planned.

About 62 % of the active members have attended at least one activity (a little more than the 60 %
with a published pledge, so the two coverage figures differ): that set is drawn first, and
each held activity's attendance is drawn from it, so every load tells the same story whatever the
roster size. Members who attend nothing else are placed at one of the school-wide activities. The
plain member persona has attended nothing and signed up for nothing, while several activities in
their audience are open for sign-up.

Everything goes through the activities services under ``clock.as_of``: activities are created,
published, ticked (``attendance_set``), closed and cancelled by their organiser; sign-ups and QR
check-ins are the members' own acts, each member with their own login (``logins_for``), recorded
one batch per activity by the demo (``registrations_signup_many``, ``attendance_checkin_many``: the
single services' rules for every item at its moment; the check-ins through the shared check-in's
``checkin_scan_many``): confirmed up to the capacity, then a waiting list numbered from 1 in sign-up
order; check-ins inside the check-in window.
"""

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from chuangxian.activities.models import Activity, Registration, RegistrationStatus
from chuangxian.activities.services import (
    ActivityData,
    activity_close,
    activity_create,
    activity_publish,
    attendance_set,
    registration_cancel,
)
from chuangxian.activities.services.bulk import SignupItem, attendance_checkin_many, registrations_signup_many
from chuangxian.core import clock
from chuangxian.core.actors import DEMO, Actor
from chuangxian.core.checkin.services import Scan
from chuangxian.demo.history import at, count
from chuangxian.demo.phase2.activity_texts import (
    ACTIVITIES,
    ALL,
    COLLEGES,
    DRAFT,
    LATER,
    OPEN,
    PAST,
    RUNNING,
    ActivitySpec,
)
from chuangxian.demo.phase2.world import World, logins_for, own_login
from chuangxian.demo.tree import DEFAULT_MEMBERS
from chuangxian.orgs.models import Member, Unit, UnitCategory, UnitKind

ATTENDED = 0.62  # of the active members: attended at least one activity so far
REGISTERED = 0.8  # of those who came to a held activity: signed up first (the others walked in)
NO_SHOW = 0.06  # per attendee: signed up and did not come
WHOLE_SCHOOL_WEIGHT = 3  # where members who attend one activity only are placed
CANCELLED_ON = "校园开放日志愿服务"  # the organiser cancels one sign-up here (the first waiting moves up)
MIN_CAPACITY = 5


@dataclass(frozen=True)
class Timing:
    starts_at: datetime
    ends_at: datetime
    created: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime


def timing(world: World, spec: ActivitySpec, rng: random.Random) -> Timing:
    """When the activity runs, when it was created, when sign-up is open."""
    phase3 = world.end + timedelta(days=1)
    if spec.state == LATER:
        start_day = phase3 + timedelta(days=40)
    elif spec.state == DRAFT:
        start_day = phase3 + timedelta(days=30)
    else:
        start_day = world.as_of + timedelta(days=spec.day)
    starts = at(start_day, int(spec.hour), round(spec.hour % 1 * 60))
    ends = starts + timedelta(days=spec.days, hours=spec.hours)
    yesterday = world.as_of - timedelta(days=1)
    if spec.state in (PAST, RUNNING):
        created_day = max(start_day - timedelta(days=rng.randint(10, 18)), world.start + timedelta(days=1))
        created = at(created_day, 10, rng.randrange(0, 60, 5))
        closes = ends - timedelta(days=1) if spec.state == RUNNING else at(start_day - timedelta(days=1), 18)
    elif spec.state == OPEN:
        created = at(world.as_of - timedelta(days=rng.randint(4, 10)), 10, rng.randrange(0, 60, 5))
        closes = at(start_day - timedelta(days=1), 18)
    else:
        created = at(yesterday - timedelta(days=2 if spec.state == LATER else 1), 16, 0)
        opens = at(phase3 + timedelta(days=10), 8)
        return Timing(starts, ends, created, opens, at(start_day - timedelta(days=2), 18))
    return Timing(
        starts, ends, created, created + timedelta(hours=1), max(closes, created + timedelta(hours=1))
    )


class _Activities:
    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self.scale = len(world.members) / DEFAULT_MEMBERS
        self.plain = world.cast.plain_member_id
        self.colleges = [
            u for u in world.units if u.category == UnitCategory.COLLEGE and u.kind == UnitKind.SUB_UNION
        ]
        self.audiences = [self.audience(spec) for spec in ACTIVITIES]

    def unit(self, spec: ActivitySpec) -> Unit:
        return self.world.unit_named(spec.unit)

    def audience(self, spec: ActivitySpec) -> list[Member]:
        if spec.audience == ALL:
            return self.world.members
        if spec.audience == COLLEGES:
            ids = {u.pk for u in self.colleges}
            return [m for m in self.world.members if self.world.secondary_of(m).pk in ids]
        return self.world.subtree(self.unit(spec))

    def capacity(self, spec: ActivitySpec) -> int | None:
        return None if spec.capacity is None else max(MIN_CAPACITY, round(spec.capacity * self.scale))

    # --- planning ---------------------------------------------------------------------------------

    def plan_attendance(self) -> dict[int, list[Member]]:
        """spec index → who came, drawn from the members who attend anything (see the module)."""
        pool = [m for m in self.world.members if m.pk != self.plain]
        size = min(count(ATTENDED, len(self.world.members)), len(pool))
        chosen = {m.pk for m in self.rng.sample(pool, size)}
        host = self.host_of_own_activity()
        if host is not None and host[0].pk not in chosen:  # in place of someone else: the share holds
            chosen.remove(sorted(chosen)[self.rng.randrange(len(chosen))])
            chosen.add(host[0].pk)
        came: dict[int, list[Member]] = {}
        for index, spec in enumerate(ACTIVITIES):
            if spec.state not in (PAST, RUNNING):
                continue
            audience = self.audiences[index]
            eligible = [m for m in audience if m.pk in chosen]
            came[index] = self.rng.sample(eligible, min(len(eligible), count(spec.attend, len(audience))))
        if host is not None and host[0] not in came[host[1]]:
            came[host[1]].append(host[0])
        covered = {m.pk for members in came.values() for m in members}
        held = [i for i in came if ACTIVITIES[i].state == PAST]
        invited = {i: {m.pk for m in self.audiences[i]} for i in held}
        for member in pool:
            if member.pk not in chosen or member.pk in covered:
                continue
            options = [i for i in held if member.pk in invited[i]]
            weights = [WHOLE_SCHOOL_WEIGHT if ACTIVITIES[i].audience == ALL else 1 for i in options]
            came[self.rng.choices(options, weights=weights)[0]].append(member)
        return came

    def host_of_own_activity(self) -> tuple[Member, int] | None:
        """The chair persona and the held activity of their unit they organised (and attended)."""
        model, chair_pk = self.world.cast.model_unit, self.world.cast.persona_member_ids.get("chair")
        if model is None or chair_pk is None:
            return None
        index = next((i for i, s in enumerate(ACTIVITIES) if s.state == PAST and s.unit == model.name), None)
        chair = next((m for m in self.world.subtree(model) if m.pk == chair_pk), None)
        return (chair, index) if chair is not None and index is not None else None

    def signups(self, index: int, spec: ActivitySpec, attendees: list[Member]) -> list[Member]:
        """Who signed up, in sign-up order."""
        audience = [m for m in self.audiences[index] if m.pk != self.plain]
        if spec.state in (PAST, RUNNING):
            registered = [m for m in attendees if self.rng.random() < REGISTERED]
            came = {m.pk for m in attendees}
            absent = [m for m in audience if m.pk not in came]
            extra = count(NO_SHOW, len(attendees))
            if spec.state == RUNNING:  # most sign-ups have not come yet: the activity runs for days
                extra = max(count(spec.signups, len(audience)) - len(registered), extra)
            registered += self.rng.sample(absent, min(extra, len(absent)))
        else:
            capacity = self.capacity(spec)
            if capacity is None:
                wanted = count(spec.signups, len(audience))
            else:
                wanted = max(math.ceil(capacity * spec.signups), capacity + 2)
            registered = self.rng.sample(audience, min(wanted, len(audience)))
        self.rng.shuffle(registered)
        return registered

    # --- writing ----------------------------------------------------------------------------------

    def replay(self) -> list[Activity]:
        came = self.plan_attendance()
        order = [(timing(self.world, spec, self.rng), index, spec) for index, spec in enumerate(ACTIVITIES)]
        activities = []
        for when, index, spec in sorted(order, key=lambda item: (item[0].created, item[1])):
            activities.append(self.one(index, spec, when, came.get(index, [])))
        return activities

    def one(self, index: int, spec: ActivitySpec, when: Timing, attendees: list[Member]) -> Activity:
        world, unit = self.world, self.unit(spec)
        actor = world.actor(unit)
        data = ActivityData(
            kind=spec.kind,
            title=spec.title,
            starts_at=when.starts_at,
            ends_at=when.ends_at,
            signup_opens_at=when.signup_opens_at,
            signup_closes_at=when.signup_closes_at,
            description=spec.description,
            place=spec.place,
            capacity=self.capacity(spec),
            whole_tenant=spec.audience == ALL,
            audience_units=tuple(self.colleges)
            if spec.audience == COLLEGES
            else ()
            if spec.audience == ALL
            else (unit,),
            is_brand=spec.state in (LATER, DRAFT),
        )
        with clock.as_of(when.created):
            activity = activity_create(campaign=world.campaign, unit=unit, data=data, actor=actor)
            if spec.state != DRAFT:
                activity = activity_publish(activity=activity, actor=actor)
        if spec.state in (LATER, DRAFT):
            return activity
        registrations = self.register(activity, self.signups(index, spec, attendees), when)
        if spec.state == OPEN:
            if spec.title == CANCELLED_ON:
                self.cancel_one(activity, registrations, actor)
            return activity
        self.check_in(activity, spec, attendees, when)
        if spec.state == RUNNING:
            ticked_at = at(when.starts_at.date(), 17, 40)
        else:
            ticked_at = when.ends_at + timedelta(minutes=20)
        with clock.as_of(ticked_at):
            attendance_set(activity=activity, member_ids=[m.pk for m in attendees], actor=actor)
        if spec.state == PAST:
            closed_on = min(when.ends_at.date() + timedelta(days=1), world.as_of - timedelta(days=1))
            with clock.as_of(max(at(closed_on, 10, 0), when.ends_at + timedelta(hours=1))):
                activity = activity_close(activity=activity, report=spec.report, actor=actor)
        return activity

    def register(self, activity: Activity, members: list[Member], when: Timing) -> list[Registration]:
        """The members sign up, each at their moment, in that order (``registrations_signup_many``)."""
        latest = min(when.signup_closes_at, at(self.world.as_of - timedelta(days=1), 22, 0))
        span = max(int((latest - when.signup_opens_at).total_seconds() // 60), 1)
        moments = sorted(
            when.signup_opens_at + timedelta(minutes=self.rng.randrange(span)) for _member in members
        )
        if not members:
            return []
        logins_for(members)
        items = [
            SignupItem(by=own_login(member), member=member, at=moment)
            for member, moment in zip(members, moments, strict=True)
        ]
        return registrations_signup_many(activity=activity, items=items, actor=DEMO)

    def check_in(self, activity: Activity, spec: ActivitySpec, attendees: list[Member], when: Timing) -> None:
        """Members scan the activity's code as they arrive (``attendance_checkin_many``)."""
        scanned = [m for m in attendees if self.rng.random() < spec.checkin]
        moments = [
            when.starts_at + timedelta(minutes=self.rng.randint(-35, 15), seconds=self.rng.randrange(60))
            for _member in scanned
        ]
        if not scanned:
            return
        logins_for(scanned)
        scans = sorted(
            (Scan(by=own_login(m), at=moment) for m, moment in zip(scanned, moments, strict=True)),
            key=lambda scan: scan.at,
        )
        attendance_checkin_many(activity=activity, scans=scans, actor=DEMO)

    def cancel_one(self, activity: Activity, registrations: list[Registration], actor: Actor) -> None:
        """A volunteer dropped out and the organiser cancelled the sign-up; the first waiting moves up."""
        confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
        if not confirmed or len(confirmed) == len(registrations):
            return
        moment = max(r.created_at for r in registrations) + timedelta(hours=2)
        with clock.as_of(min(moment, at(self.world.as_of - timedelta(days=1), 23, 0))):
            registration_cancel(registration=self.rng.choice(confirmed), actor=actor)


def activities_replay(world: World, rng: random.Random) -> list[Activity]:
    return _Activities(world, rng).replay()
