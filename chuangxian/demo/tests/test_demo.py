"""The demo loader: the university it builds, its logins, its campaign, and how it reloads.

One load for the module (``loaded`` in conftest.py); each test runs in a savepoint inside it."""

import itertools
from collections import Counter
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone

from chuangxian.accounts.models import User
from chuangxian.activities.models import Attendance as ActivityAttendance
from chuangxian.activities.models import AttendanceMethod, Registration
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import Campaign, CampaignStatus, PhaseWindowReopen
from chuangxian.campaigns.selectors import phase_current
from chuangxian.core import clock, idcard
from chuangxian.core.models import Tenant
from chuangxian.core.roles import Role
from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.services import DEMO_PASSWORD, DEMO_SLUG, demo_tenant
from chuangxian.demo.tests.conftest import AS_OF, SMALL, load
from chuangxian.meetings.models import Attendance, Meeting, MeetingKind
from chuangxian.orgs.models import (
    Gender,
    Member,
    MemberStatus,
    Political,
    Post,
    RoleAssignment,
    Unit,
    UnitCategory,
    UnitKind,
)
from chuangxian.orgs.tests.factories import TenantFactory, make_unit
from chuangxian.plans.models import UnitPlan
from chuangxian.plans.selectors import plan_reviews
from chuangxian.pledges.models import Pledge
from chuangxian.review.models import Decision
from chuangxian.study.models import StudyConfirmation, StudyDocument
from chuangxian.supervision.selectors import supervision_matrix


def roster(tenant):
    return list(
        Member.objects.filter(tenant=tenant).order_by("staff_no").values_list("staff_no", "name", "id_number")
    )


def test_demo_loads_a_fictional_university_with_the_requested_roster(demo):
    assert demo.slug == DEMO_SLUG
    assert demo.name == "泉州示范师范学院"
    assert Member.objects.filter(tenant=demo).count() == 120
    assert AuditEntry.objects.filter(tenant=demo, action="orgs.roster.imported").count() == 1
    assert (
        AuditEntry.objects.filter(tenant=demo, action="orgs.unit.created").count()
        == Unit.objects.filter(tenant=demo).count()
    )


def test_tree_has_secondary_unions_in_three_categories_direct_groups_and_union_groups(demo):
    units = Unit.objects.filter(tenant=demo)
    root = units.get(depth=1)
    assert (root.name, root.kind) == ("校工会", UnitKind.SCHOOL_UNION)
    secondary = units.filter(kind=UnitKind.SUB_UNION)
    assert 20 <= secondary.count() <= 30
    assert set(secondary.values_list("category", flat=True)) == {
        UnitCategory.COLLEGE,
        UnitCategory.OFFICE,
        UnitCategory.SUPPORT,
    }
    assert all(unit.depth == 2 for unit in secondary)
    direct = units.filter(kind=UnitKind.DIRECT_GROUP)
    assert direct.count() >= 2
    assert all(unit.depth == 2 for unit in direct)
    groups = units.filter(kind=UnitKind.GROUP)
    assert groups.filter(name="汉语言文学教研室工会小组").exists()
    college = units.get(name="文学与传播学院")
    assert all(group.path.startswith(college.path) for group in groups.filter(name__contains="汉语"))
    assert Member.objects.filter(tenant=demo, unit__kind=UnitKind.GROUP).exists()


def test_every_secondary_union_and_direct_group_has_a_chair_and_a_liaison_among_its_members(demo):
    for unit in Unit.objects.filter(tenant=demo, kind__in=[UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP]):
        for role in (Role.CHAIR, Role.LIAISON):
            assignment = RoleAssignment.objects.select_related("member__unit").get(unit=unit, role=role)
            assert assignment.member.unit.path.startswith(unit.path)


def test_members_have_realistic_consistent_details(demo):
    members = list(Member.objects.filter(tenant=demo))
    for member in members:
        assert 2 <= len(member.name) <= 4
        assert idcard.is_valid(member.id_number), member.id_number
        assert member.id_number.startswith("3505")
        assert idcard.birth_date_of(member.id_number) == member.birth_date
        assert idcard.is_male(member.id_number) == (member.gender == Gender.MALE)
        assert date(1960, 1, 1) <= member.birth_date <= date(1998, 12, 31)
        assert member.birth_year == member.birth_date.year
        assert member.joined_on > member.birth_date
        assert member.staff_no.startswith(str(member.joined_on.year))
        assert len(member.phone) == 11
        assert member.phone.startswith("1")
        assert member.name_initials
    assert len({m.id_number for m in members}) == len(members)
    assert len({m.phone for m in members}) == len(members)
    assert {m.post for m in members} == {Post.TEACHER, Post.ADMIN, Post.SUPPORT}
    party = sum(m.political == Political.CPC for m in members)
    assert 0.25 * len(members) < party < 0.75 * len(members)


def test_every_persona_logs_in_with_the_demo_password_and_holds_its_role(demo):
    request = RequestFactory().post("/accounts/login/")
    personas = {p.key: p for p in Persona.objects.filter(tenant=demo).select_related("member__unit", "user")}
    assert set(personas) == set(PersonaKey.values)

    admin = authenticate(request, username="admin", password=DEMO_PASSWORD)
    assert admin is not None
    assert admin.is_superuser
    assert admin.tenant_id is None

    expected = {
        PersonaKey.OFFICE: (Role.OFFICE, "校工会"),
        PersonaKey.CHAIR: (Role.CHAIR, "文学与传播学院"),
        PersonaKey.LIAISON: (Role.LIAISON, "文学与传播学院"),
        PersonaKey.REPRESENTATIVE: (Role.REPRESENTATIVE, "校工会"),
        PersonaKey.HANDLING: (Role.HANDLING_OFFICE, "后勤管理处"),
        PersonaKey.LEADER: (Role.LEADER, "校工会"),
    }
    for key, persona in personas.items():
        if key == PersonaKey.ADMIN:
            continue
        user = authenticate(request, tenant=demo, username=persona.member.staff_no, password=DEMO_PASSWORD)
        assert user is not None, key
        assert user == persona.user
        assert not user.must_change_password
        held = set(RoleAssignment.objects.filter(member=persona.member).values_list("role", "unit__name"))
        if key == PersonaKey.MEMBER:
            assert held == set()
            assert persona.member.unit.name == "文学与传播学院"
        elif key == PersonaKey.JUDGE:
            assert held == set()  # a judge of the campaign: a grant, no role (test_demo_judges.py)
        else:
            assert held == {expected[key]}, key
    assert personas[PersonaKey.HANDLING].member.unit.name == "后勤管理处"
    assert personas[PersonaKey.JUDGE].member.unit.path.startswith(Unit.objects.get(name="教育科学学院").path)


def test_members_who_acted_have_a_login_to_arm_with_their_initial_password(demo):
    """The personas log in with the demo password. Every other login belongs to a member who acted in
    the replay through the services (wrote a pledge, reviewed one for the office, signed up for or
    checked in at an activity): made by ``accounts_create_for_members``, it has no usable password
    and a forced change, so the member's first login is still the usual initial-password one."""
    personas = set(Persona.objects.filter(tenant=demo).values_list("user_id", flat=True))
    acted = set(Pledge.objects.filter(tenant=demo).values_list("member__user_id", flat=True))
    acted |= set(Decision.objects.filter(tenant=demo).values_list("reviewer_id", flat=True))
    acted |= set(Registration.objects.filter(tenant=demo).values_list("member__user_id", flat=True))
    acted |= set(
        ActivityAttendance.objects.filter(tenant=demo, method=AttendanceMethod.CHECKIN).values_list(
            "member__user_id", flat=True
        )
    )
    others = list(User.objects.filter(tenant=demo).exclude(pk__in=personas))
    assert len(others) > len(personas)
    for user in others:
        assert user.pk in acted
        assert not user.has_usable_password() and user.must_change_password
    assert (
        not Member.objects.filter(tenant=demo, user__isnull=False)
        .exclude(user__staff_no=F("staff_no"))
        .exists()
    )
    member = Member.objects.filter(tenant=demo, user__in=others, id_number__gt="").first()
    assert (
        authenticate(
            RequestFactory().post("/accounts/login/"),
            username=member.staff_no,
            password="wrong-000",
            tenant=demo,
        )
        is None
    )
    user = authenticate(
        RequestFactory().post("/accounts/login/"),
        username=member.staff_no,
        password=member.id_number[-6:],
        tenant=demo,
    )
    assert user == member.user and user.must_change_password


def test_campaign_is_the_seed_with_four_contiguous_phases_and_as_of_in_phase_two(demo):
    campaign = Campaign.objects.get(tenant=demo)
    assert campaign.status == CampaignStatus.ACTIVE
    assert campaign.title == "关于在工会组织和广大教职工中深入开展创先争优活动的实施方案"
    assert campaign.short_title == "创先争优活动"
    assert campaign.doc_number == "泉师院委组工〔2010〕22号"
    assert campaign.theme == "党建带工建、工建服务党建"
    assert "模范职工之家" in campaign.goals
    assert list(campaign.themes.values_list("name", flat=True)) == [
        "完善民主管理制度",
        "党政工共建模范之家",
        "健全基层工会组织",
        "师德建设常态化",
        "教学竞赛常规化",
        "科研立项上层次",
    ]
    phases = list(campaign.phases.order_by("order"))
    assert [p.name for p in phases] == [
        "宣传发动，制定方案",
        "创先争优，扎实推进",
        "树立典型，注重特色",
        "总结经验，巩固成果",
    ]
    assert [(p.ref_starts_on, p.ref_ends_on) for p in phases] == [
        (date(2010, 12, 15), date(2010, 12, 31)),
        (date(2011, 1, 1), date(2011, 12, 31)),
        (date(2012, 1, 1), date(2012, 7, 31)),
        (date(2012, 8, 1), date(2012, 11, 8)),
    ]
    offset = phases[0].starts_on - phases[0].ref_starts_on
    for previous, current in itertools.pairwise(phases):
        assert (current.starts_on - previous.ends_on).days == 1
    for phase in phases:
        assert phase.starts_on - phase.ref_starts_on == offset
        assert phase.ends_on - phase.ref_ends_on == offset
        assert phase.summary
    assert phases[0].actions == ["meeting", "study", "unit_plan"]
    assert phases[1].actions == ["project", "pledge", "activity", "nomination"]
    assert phases[3].actions == ["summary", "outcome"]
    current = phase_current(campaign, AS_OF)
    assert current is not None
    assert current.phase.order == 2
    assert 30 <= current.progress <= 37


def test_founding_text_and_file_are_the_seed(demo):
    campaign = Campaign.objects.get(tenant=demo)
    assert "泉师院委组工" in campaign.founding_text
    assert "六、在校党委的领导下，全面实施方案步骤" in campaign.founding_text
    with campaign.founding_file.open("rb") as handle:
        assert handle.read().decode("utf-8") == campaign.founding_text


def test_second_load_is_refused_without_reset(demo):
    with pytest.raises(CommandError, match="--reset"):
        load("--members", SMALL)


def test_if_empty_does_nothing_when_the_demo_exists(demo):
    before = (Member.objects.count(), AuditEntry.objects.count(), Campaign.objects.count())
    output = load("--if-empty", "--members", SMALL)
    assert "跳过" in output
    assert (Member.objects.count(), AuditEntry.objects.count(), Campaign.objects.count()) == before


def test_reset_reloads_the_same_people_and_leaves_other_tenants_alone(demo):
    other = TenantFactory(name="另一所学院", slug="other")
    other_root = make_unit(other, "外校工会")
    first = roster(demo)
    first_campaign = Campaign.objects.get(tenant=demo).pk

    load("--reset", "--members", SMALL, "--as-of", "2031-06-01")

    tenant = demo_tenant()
    assert roster(tenant) == first
    assert Campaign.objects.filter(tenant=tenant).exclude(pk=first_campaign).count() == 1
    assert Tenant.objects.filter(slug=DEMO_SLUG).count() == 1
    assert Unit.objects.filter(pk=other_root.pk).exists()
    assert User.objects.filter(username="admin").count() == 1
    campaign = Campaign.objects.get(tenant=tenant)
    assert phase_current(campaign, date(2031, 6, 1)).phase.order == 2
    assert AuditEntry.objects.filter(tenant__isnull=True, action="demo.tenant.deleted").exists()


def test_demo_logins_lists_every_role(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    for label in (
        "系统管理员",
        "校工会 / 创先办",
        "二级工会主席",
        "联络员",
        "会员",
        "教代会代表",
        "评委",
        "承办部门",
        "校领导",
    ):
        assert label in text
    assert DEMO_PASSWORD in text
    for persona in Persona.objects.filter(tenant=demo, member__isnull=False).select_related("member"):
        assert persona.member.staff_no in text


# --- Phase-1 history --------------------------------------------------------------------------------


def on_as_of():
    """The demo's day, at noon: what an officer opening the demo on that day sees."""
    return clock.as_of(timezone.make_aware(datetime(AS_OF.year, AS_OF.month, AS_OF.day, 12)))


def phase1_matrix(tenant):
    campaign = Campaign.objects.get(tenant=tenant)
    phase = campaign.phases.order_by("order").first()
    with on_as_of():
        return supervision_matrix(campaign, phase)


def test_phase1_matrix_shows_a_mix_of_done_awaiting_returned_and_overdue(demo):
    matrix = phase1_matrix(demo)
    codes = Counter(cell.row.status.code for row in matrix.rows for cell in row.cells if cell)
    assert (
        len(matrix.rows)
        == Unit.objects.filter(tenant=demo, kind__in=[UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP]).count()
    )
    assert codes["done"] > len(matrix.rows)  # most of the work was done
    assert codes["submitted"] >= 1
    assert codes["returned"] >= 1
    assert codes["overdue"] >= 1
    by_task = {column.task.code: column.tally for column in matrix.columns}
    assert 0.65 <= by_task["unit_plan"].done / by_task["unit_plan"].total <= 0.80
    assert 0.65 <= by_task["study_documents"].done / by_task["study_documents"].total <= 0.85
    mobilisation = by_task["mobilisation_meeting"]
    assert 0.70 <= (mobilisation.done + mobilisation.submitted) / mobilisation.total <= 0.90


def test_personas_unit_did_all_its_phase1_work_through_its_chair(demo):
    unit = Unit.objects.get(tenant=demo, name="文学与传播学院")
    row = next(row for row in phase1_matrix(demo).rows if row.unit == unit)
    assert [cell.row.status.code for cell in row.cells if cell] == ["done", "done", "done"]
    chair = Persona.objects.get(tenant=demo, key=PersonaKey.CHAIR).user
    assert AuditEntry.objects.filter(tenant=demo, actor=chair, action="meetings.meeting.created").count() == 2
    plan = UnitPlan.objects.get(tenant=demo, unit=unit)
    assert plan.current_number == 2  # returned once, revised, approved
    assert [d.decision for d in reversed(plan_reviews(plan))] == ["returned", "approved"]


def test_mobilisation_meetings_record_attendance_of_most_members_during_phase1_or_a_reopened_window(demo):
    campaign = Campaign.objects.get(tenant=demo)
    phase = campaign.phases.order_by("order").first()
    reopened = dict(
        PhaseWindowReopen.objects.filter(tenant=demo, phase=phase).values_list("unit_id", "until")
    )
    meetings = Meeting.objects.filter(tenant=demo, kind=MeetingKind.MOBILISATION).select_related("unit")
    assert meetings.exists()
    for meeting in meetings:
        active = Member.objects.filter(
            tenant=demo, status=MemberStatus.ACTIVE, unit__path__startswith=meeting.unit.path
        ).count()
        attended = Attendance.objects.filter(meeting=meeting).count()
        assert 0.6 <= attended / active <= 1, meeting.unit.name
        day = timezone.localdate(meeting.starts_at)
        assert phase.starts_on <= day <= reopened.get(meeting.unit_id, phase.ends_on), meeting.unit.name


def test_late_work_went_through_an_office_reopening_with_a_reason(demo):
    office = Persona.objects.get(tenant=demo, key=PersonaKey.OFFICE).user
    reopenings = PhaseWindowReopen.objects.filter(tenant=demo)
    assert reopenings.count() >= 2
    assert all(r.reason and r.created_by == office for r in reopenings)
    assert AuditEntry.objects.filter(tenant=demo, action="campaigns.phase.window_reopened").count() == (
        reopenings.count()
    )
    assert reopenings.filter(until__gt=AS_OF).exists()  # a returned plan may still be revised


def test_about_sixty_percent_of_members_studied_the_seed_and_the_member_persona_has_not(demo):
    document = StudyDocument.objects.get(tenant=demo)
    confirmed = StudyConfirmation.objects.filter(document=document)
    active = Member.objects.filter(tenant=demo, status=MemberStatus.ACTIVE).count()
    assert 0.55 <= confirmed.count() / active <= 0.65
    member = Persona.objects.get(tenant=demo, key=PersonaKey.MEMBER).member
    assert not confirmed.filter(member=member).exists()
    assert (
        AuditEntry.objects.filter(tenant=demo, action="study.document.confirmed").count() == confirmed.count()
    )
    assert min(confirmed.values_list("confirmed_at", flat=True)).date() >= document.published_on - timedelta(
        days=1
    )


def test_history_is_the_same_on_every_load(demo):
    def story(tenant):
        return (
            sorted(
                UnitPlan.objects.filter(tenant=tenant).values_list("unit__name", "status", "current_number")
            ),
            sorted(Meeting.objects.filter(tenant=tenant).values_list("unit__name", "kind", "starts_at")),
            StudyConfirmation.objects.filter(tenant=tenant).count(),
        )

    first = story(demo)
    load("--reset", "--members", SMALL, "--as-of", AS_OF.isoformat())
    assert story(demo_tenant()) == first
