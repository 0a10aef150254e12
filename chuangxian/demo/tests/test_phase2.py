"""Phase 2 of the demo (创先争优，扎实推进) up to the demo's day: projects, pledges and activities."""

from collections import Counter
from datetime import datetime, timedelta

import time_machine
from django.db import connection
from django.utils import timezone

from chuangxian.activities.checkin import CLOSES_AFTER, OPENS_BEFORE
from chuangxian.activities.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attendance,
    AttendanceMethod,
    Registration,
    RegistrationStatus,
)
from chuangxian.activities.selectors import activities_for_member
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import todos_for
from chuangxian.core import clock
from chuangxian.demo import phase2
from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.services import demo_tenant
from chuangxian.demo.tests.conftest import AS_OF, SMALL, load
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit, UnitKind
from chuangxian.pledges.models import Pledge, PledgeProgress, PledgeStatus
from chuangxian.pledges.permissions import can_review_pledge
from chuangxian.pledges.selectors import pledge_review_queue
from chuangxian.projects.models import Milestone, Project, ProjectStatus, ProjectUpdate
from chuangxian.review.models import Decision, Revision

NOON = timezone.make_aware(datetime(AS_OF.year, AS_OF.month, AS_OF.day, 12))
S = PledgeStatus


def phase2_of(tenant):
    return Campaign.objects.get(tenant=tenant).phases.get(order=2)


def personas(tenant) -> dict[str, Persona]:
    return {p.key: p for p in Persona.objects.filter(tenant=tenant).select_related("member__unit", "user")}


def active_count(tenant) -> int:
    return Member.objects.filter(tenant=tenant, status=MemberStatus.ACTIVE).count()


# --- Projects ---------------------------------------------------------------------------------------


def test_most_secondary_unions_run_a_project_under_a_campaign_theme_with_milestones_and_progress(demo):
    phase = phase2_of(demo)
    units = Unit.objects.filter(tenant=demo, kind__in=[UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP])
    projects = Project.objects.filter(tenant=demo).select_related("unit", "theme", "campaign")
    per_unit = Counter(p.unit_id for p in projects)
    assert 0.70 <= len(per_unit) / units.count() <= 0.80
    assert 1 <= sum(n == 2 for n in per_unit.values()) <= 4
    assert max(per_unit.values()) == 2
    assert {p.unit.kind for p in projects} <= {UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP}
    assert len({p.theme.name for p in projects}) >= 5
    done = 0
    for project in projects:
        assert project.theme.campaign_id == project.campaign_id
        assert project.title and project.goals and project.measures
        assert phase.starts_on <= timezone.localdate(project.created_at) < AS_OF
        milestones = list(Milestone.objects.filter(project=project))
        assert 3 <= len(milestones) <= 5
        for milestone in milestones:
            assert milestone.weight >= 1
            assert phase.starts_on <= milestone.due_on <= phase.ends_on
            if milestone.done_on is not None:
                assert timezone.localdate(project.created_at) <= milestone.done_on < AS_OF
                done += 1
        updates = ProjectUpdate.objects.filter(project=project)
        assert 1 <= updates.count() <= 3, project.title
        assert all(u.date < AS_OF and u.text for u in updates)
        if project.status == ProjectStatus.DRAFT:
            assert not any(m.done_on for m in milestones)
    assert done >= len(per_unit)  # most projects have done something
    assert AuditEntry.objects.filter(tenant=demo, action="projects.project.created").count() == len(projects)
    assert AuditEntry.objects.filter(tenant=demo, action="projects.milestone.completed").count() == done


def test_a_college_runs_a_teaching_or_research_theme_and_an_office_a_management_one(demo):
    by_category: dict[str, set[str]] = {}
    for category, theme in Project.objects.filter(tenant=demo).values_list("unit__category", "theme__name"):
        by_category.setdefault(category, set()).add(theme)
    assert by_category["college"] & {"教学竞赛常规化", "科研立项上层次", "师德建设常态化"}
    assert "教学竞赛常规化" not in by_category.get("office", set())


def test_the_personas_unit_registered_its_project_through_its_chair_and_keeps_to_its_milestones(demo):
    cast = personas(demo)
    chair = cast[PersonaKey.CHAIR]
    project = Project.objects.get(tenant=demo, unit=chair.member.unit)
    assert project.created_by == chair.user
    assert project.people.filter(member=chair.member, role="responsible").exists()
    due = Milestone.objects.filter(project=project, due_on__lt=AS_OF)
    assert due.exists()
    assert not due.filter(done_on__isnull=True).exists()
    assert ProjectUpdate.objects.filter(project=project, author=chair.user).count() >= 2


# --- Pledges ----------------------------------------------------------------------------------------


def test_pledge_shares_timestamps_and_strict_flags_are_what_the_services_set(demo):
    phase = phase2_of(demo)
    active = active_count(demo)
    pledges = list(Pledge.objects.filter(tenant=demo).select_related("member"))
    statuses = Counter(p.status for p in pledges)
    published = statuses[S.PUBLISHED] + statuses[S.FULFILLING]
    assert 0.55 <= published / active <= 0.65
    assert 0.25 <= statuses[S.FULFILLING] / published <= 0.45
    assert 0.08 <= statuses[S.IN_REVIEW] / active <= 0.12
    assert 0.06 <= statuses[S.DRAFT] / active <= 0.10
    assert statuses[S.RETURNED] >= 1 and statuses[S.RETURNED] / active <= 0.05
    assert 0.12 <= 1 - len(pledges) / active <= 0.30  # the rest have not written one
    assert Counter(p.type for p in pledges).most_common(1)[0][0] == "post"
    assert len({p.type for p in pledges}) == 3
    cadres = set(RoleAssignment.objects.filter(tenant=demo).values_list("member_id", flat=True))
    start = timezone.make_aware(datetime.combine(phase.starts_on, datetime.min.time()))
    for pledge in pledges:
        assert pledge.flagged_strict == (pledge.member_id in cadres)
        assert pledge.unit_id == pledge.member.unit_id
        assert pledge.content and pledge.check_standard
        assert pledge.due_on >= AS_OF
        if pledge.status == S.DRAFT:
            assert pledge.submitted_at is None and pledge.reviewed_at is None
            continue
        assert start <= pledge.submitted_at < NOON
        if pledge.status == S.IN_REVIEW:
            assert pledge.reviewed_at is None and pledge.published_at is None
            continue
        assert pledge.submitted_at < pledge.reviewed_at < NOON
        if pledge.status == S.RETURNED:
            assert pledge.review_comment and pledge.published_at is None
        else:
            assert pledge.published_at == pledge.reviewed_at
    fulfilling = {p.pk for p in pledges if p.status == S.FULFILLING}
    with_progress = set(PledgeProgress.objects.filter(tenant=demo).values_list("pledge_id", flat=True))
    assert with_progress == fulfilling
    # Written through the batched services, each batch recorded by the demo (no actor login).
    for action in ("pledges.pledges.submitted", "pledges.pledges.published", "pledges.progress.added_many"):
        assert AuditEntry.objects.filter(
            tenant=demo, action=action, actor__isnull=True, actor_label="系统（演示数据）"
        ).exists(), action
    assert not AuditEntry.objects.filter(tenant=demo, action__startswith="demo.pledges").exists()
    # Each submission a version and each review a decision, as ``pledge_submit``/``pledge_review`` keep.
    submitted = [p for p in pledges if p.submitted_at is not None]
    revisions = Revision.objects.filter(tenant=demo, subject_type="pledges.pledge")
    assert sorted(revisions.values_list("subject_id", flat=True)) == sorted(p.pk for p in submitted)
    decided = Decision.objects.filter(tenant=demo, subject_type="pledges.pledge")
    assert sorted(decided.values_list("subject_id", flat=True)) == sorted(
        p.pk for p in pledges if p.reviewed_at is not None
    )


def test_every_pledge_is_written_by_its_member_and_reviewed_by_someone_pledge_review_accepts(demo):
    office = personas(demo)[PersonaKey.OFFICE]
    pledges = Pledge.objects.filter(tenant=demo).select_related("member__user")
    assert all(p.member.user is not None for p in pledges)  # each wrote their own, with their login
    revisions = Revision.objects.filter(tenant=demo, subject_type="pledges.pledge")
    authors = dict(revisions.values_list("subject_id", "submitted_by_id"))
    assert all(authors[p.pk] == p.member.user_id for p in pledges if p.submitted_at is not None)
    reviewed = Pledge.objects.filter(tenant=demo, reviewed_at__isnull=False).select_related(
        "unit", "member", "reviewed_by"
    )
    assert reviewed.exists()
    for pledge in reviewed:
        if pledge.member_id == office.member_id:  # reviewed by another member of the office
            assert pledge.reviewed_by != office.user
        assert pledge.reviewed_by is not None
        assert pledge.reviewed_by_id != pledge.member.user_id
        assert can_review_pledge(pledge.reviewed_by, pledge)


def test_officers_were_notified_of_submissions_and_members_of_reviews(demo):
    pledge = Pledge.objects.filter(tenant=demo, status=S.IN_REVIEW, unit__kind=UnitKind.SUB_UNION).first()
    chair = RoleAssignment.objects.get(unit=pledge.unit, role="chair").member
    notice = Notification.objects.get(recipient=chair, key__startswith=f"pledge-submitted:{pledge.pk}:")
    assert notice.read_at is None
    reviewed = Pledge.objects.filter(tenant=demo, status=S.PUBLISHED).first()
    assert Notification.objects.filter(
        recipient=reviewed.member,
        kind="pledges.pledge.published",
        key__startswith=f"pledge-review:{reviewed.pk}:",
    ).exists()


def test_the_chair_has_pledges_to_review_and_keeps_their_own_pledge_through_the_services(demo):
    cast = personas(demo)
    chair, liaison = cast[PersonaKey.CHAIR], cast[PersonaKey.LIAISON]
    campaign = Campaign.objects.get(tenant=demo)
    queue = list(pledge_review_queue(unit=chair.member.unit, campaign=campaign))
    assert len(queue) >= 3
    assert all(can_review_pledge(chair.user, pledge) for pledge in queue)
    own = Pledge.objects.get(member=chair.member)
    assert own.status == S.FULFILLING and own.flagged_strict
    assert own.reviewed_by == liaison.user
    assert Pledge.objects.get(member=liaison.member).reviewed_by == chair.user
    assert PledgeProgress.objects.filter(pledge=own, created_by=chair.user).exists()
    assert Decision.objects.filter(
        tenant=demo, subject_type="pledges.pledge", subject_id=own.pk, reviewer=liaison.user
    ).exists()
    progress = AuditEntry.objects.filter(
        tenant=demo, unit_id=own.unit_id, action="pledges.progress.added_many"
    )
    assert any(chair.member.name in entry.data["members"] for entry in progress)
    # The chair organised the unit's reading and was there: no "您还没有参加过活动" on their home page.
    assert Attendance.objects.filter(member=chair.member, activity__unit=chair.member.unit).exists()
    assert Activity.objects.filter(tenant=demo, unit=chair.member.unit, created_by=chair.user).count() >= 2


# --- Activities -------------------------------------------------------------------------------------


def test_activities_of_every_kind_by_the_school_union_and_by_units(demo):
    root = Unit.objects.get(tenant=demo, depth=1)
    activities = list(
        Activity.objects.filter(tenant=demo).select_related("unit").prefetch_related("audience")
    )
    assert 15 <= len(activities) <= 25
    assert {a.kind for a in activities} == set(ActivityKind.values)
    by_root = [a for a in activities if a.unit_id == root.pk]
    assert any(a.whole_tenant for a in by_root)
    for activity in activities:
        if activity.unit_id != root.pk:
            assert not activity.whole_tenant
            assert [row.unit_id for row in activity.audience.all()] == [activity.unit_id]
    brand = [a for a in activities if a.is_brand]
    assert 1 <= len(brand) <= 2
    phase3 = Campaign.objects.get(tenant=demo).phases.get(order=3)
    assert all(phase3.starts_on <= timezone.localdate(a.starts_at) <= phase3.ends_on for a in brand)


def test_past_activities_are_closed_with_a_report_and_attendance_by_both_methods(demo):
    closed = Activity.objects.filter(tenant=demo, status=ActivityStatus.CLOSED)
    assert closed.count() >= 3
    methods = Counter()
    for activity in closed:
        assert activity.report and activity.closed_at is not None
        assert activity.ends_at < activity.closed_at < NOON
        for attendance in Attendance.objects.filter(activity=activity):
            methods[attendance.method] += 1
            if attendance.method == AttendanceMethod.CHECKIN:
                assert activity.starts_at - OPENS_BEFORE <= attendance.at <= activity.ends_at + CLOSES_AFTER
    assert methods[AttendanceMethod.CHECKIN] > 0 and methods[AttendanceMethod.TICKED] > 0


def test_open_activities_take_sign_ups_some_full_with_a_waiting_list(demo):
    with clock.as_of(NOON):
        now = clock.now()
    open_now = Activity.objects.filter(
        tenant=demo, status=ActivityStatus.PUBLISHED, signup_opens_at__lte=now, signup_closes_at__gte=now
    )
    assert open_now.count() >= 3
    assert Activity.objects.filter(
        tenant=demo, status=ActivityStatus.PUBLISHED, starts_at__lte=now, ends_at__gte=now
    ).exists()  # one is running
    waiting_lists = 0
    for activity in Activity.objects.filter(tenant=demo, capacity__isnull=False):
        registrations = Registration.objects.filter(activity=activity)
        confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        assert confirmed <= activity.capacity
        positions = list(
            registrations.filter(status=RegistrationStatus.WAITLISTED).values_list("position", flat=True)
        )
        if positions:
            waiting_lists += 1
            assert confirmed == activity.capacity
            assert len(set(positions)) == len(positions)
    assert waiting_lists >= 2
    # The organiser cancelled one volunteer; the first on the waiting list moved up.
    assert AuditEntry.objects.filter(tenant=demo, action="activities.registration.promoted").exists()


def test_sign_ups_and_check_ins_went_through_the_services_one_batch_per_activity(demo):
    """Each sign-up and each scan is its member's own act with their own login, recorded by the demo
    (``registrations_signup_many``, ``attendance_checkin_many``): one entry per activity and outcome
    naming everyone it counts, and no bulk write of the demo's own."""
    signed_up = Registration.objects.filter(tenant=demo).exclude(status=RegistrationStatus.CANCELLED)
    assert not signed_up.filter(member__user__isnull=True).exists()
    scanned = Attendance.objects.filter(tenant=demo, method=AttendanceMethod.CHECKIN)
    assert scanned.exists() and not scanned.filter(member__user__isnull=True).exists()
    entries = AuditEntry.objects.filter(
        tenant=demo, actor__isnull=True, actor_label="系统（演示数据）", action__startswith="activities."
    )
    counted = Counter()
    for entry in entries.filter(action="activities.attendance.checked_in_many"):
        counted[int(entry.target_id)] += entry.data["count"]
        assert entry.data["count"] == len(entry.data["members"])
    assert counted == Counter(dict(Counter(scanned.values_list("activity_id", flat=True))))
    registered = entries.filter(
        action__in=["activities.registrations.signed_up", "activities.registrations.waitlisted"]
    )
    assert sum(e.data["count"] for e in registered) == Registration.objects.filter(tenant=demo).count()
    assert not AuditEntry.objects.filter(tenant=demo, action__startswith="demo.activity").exists()


def test_about_sixty_percent_of_active_members_attended_an_activity(demo):
    attended = Attendance.objects.filter(tenant=demo).values("member").distinct().count()
    assert 0.55 <= attended / active_count(demo) <= 0.65


# --- The personas -----------------------------------------------------------------------------------


def test_the_plain_member_has_no_pledge_no_activity_and_sees_both_to_dos_and_an_open_activity(demo, client):
    cast = personas(demo)
    member = cast[PersonaKey.MEMBER]
    assert not Pledge.objects.filter(member=member.member).exists()
    assert not Attendance.objects.filter(member=member.member).exists()
    assert not Registration.objects.filter(member=member.member).exists()
    campaign = Campaign.objects.get(tenant=demo)
    with clock.as_of(NOON):
        titles = {item.title for item in todos_for(member.user, campaign)}
        assert list(activities_for_member(member.member, open_only=True))
    assert {"您还没有提交承诺", "您还没有参加过活动"} <= titles
    with time_machine.travel(NOON, tick=False):
        client.force_login(member.user)
        page = client.get("/").content.decode()
        listing = client.get("/activities/").content.decode()
    assert "您还没有提交承诺" in page and "您还没有参加过活动" in page
    assert "青年教师教学观摩课" in listing


def test_the_office_has_a_published_pledge_and_sees_every_units_projects(demo):
    office = personas(demo)[PersonaKey.OFFICE]
    assert Pledge.objects.get(member=office.member).status == S.PUBLISHED


# --- Determinism and cost ---------------------------------------------------------------------------


def story(tenant):
    return (
        sorted(Project.objects.filter(tenant=tenant).values_list("unit__name", "title", "status", "budget")),
        sorted(
            Milestone.objects.filter(tenant=tenant).values_list(
                "project__title", "title", "due_on", "done_on"
            )
        ),
        sorted(
            Pledge.objects.filter(tenant=tenant).values_list(
                "member__staff_no", "status", "type", "content", "submitted_at", "reviewed_at"
            )
        ),
        sorted(
            Activity.objects.filter(tenant=tenant).values_list("title", "status", "starts_at", "capacity")
        ),
        sorted(
            Registration.objects.filter(tenant=tenant).values_list(
                "activity__title", "member__staff_no", "status", "position", "created_at"
            )
        ),
        sorted(
            Attendance.objects.filter(tenant=tenant).values_list(
                "activity__title", "member__staff_no", "method"
            )
        ),
    )


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def test_phase2_is_the_same_on_every_load_and_its_queries_do_not_grow_with_the_roster(demo, monkeypatch):
    first = story(demo)
    counts: list[int] = []
    replay = phase2.phase2_history_replay

    def counted(**kwargs):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            result = replay(**kwargs)
        counts.append(counter.count)
        return result

    monkeypatch.setattr(phase2, "phase2_history_replay", counted)
    load("--reset", "--members", SMALL, "--as-of", AS_OF.isoformat())
    assert story(demo_tenant()) == first
    load("--reset", "--members", "480", "--as-of", AS_OF.isoformat())
    # Pledges, sign-ups and check-ins are written in bulk: four times the roster adds few queries.
    assert counts[1] - counts[0] < 0.1 * counts[0], counts


def test_phase2_records_nothing_after_the_demo_day(demo):
    latest = timezone.make_aware(datetime.combine(AS_OF, datetime.min.time()))
    assert not Pledge.objects.filter(tenant=demo, submitted_at__gte=latest).exists()
    assert not Registration.objects.filter(tenant=demo, created_at__gte=latest).exists()
    assert not Attendance.objects.filter(tenant=demo, at__gte=latest).exists()
    assert not PledgeProgress.objects.filter(tenant=demo, on__gte=AS_OF).exists()
    assert not Activity.objects.filter(tenant=demo, created_at__gte=latest).exists()
    assert Activity.objects.filter(tenant=demo, starts_at__gte=latest + timedelta(days=1)).exists()
