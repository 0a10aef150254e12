"""The fixture world of the permission matrix (``tests/test_permission_matrix.py``).

Two tenants. In tenant A: the root, a sub-union "own" (文学与传播学院) with a child group, and a
sibling sub-union; tenant B is alike. Every kind of record a URL can take an id of exists at each
place (own, child, sibling, other tenant), made through the services and the apps' test factories.
Each record's title or name carries its place's marker (``ZZSIBmeeting``, ``ZZOTHpoll``, …), so a
response body that contains a marker shows that record's content.

The personas of tenant A: office and leader at the root; chair and liaison of "own"; a plain member,
a representative (a role held at the root, as the demo does) and a judge of tenant A's campaign (a
grant on it for its term, as the demo does), whose roster rows are in "own".
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime

import time_machine
from django.utils import timezone

from chuangxian.accounts.models import User
from chuangxian.activities.models import Activity, ActivityPhoto, Registration
from chuangxian.activities.services import activity_photo_add, registration_signup
from chuangxian.activities.tests.factories import make_activity
from chuangxian.assignments.models import Task, UnitTask
from chuangxian.assignments.services import task_create, unit_task_submit
from chuangxian.campaigns.models import Campaign, PhaseWindowReopen
from chuangxian.campaigns.services import campaign_judges_name, phase_window_reopen
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.congress.models import Session
from chuangxian.core.actors import SYSTEM
from chuangxian.core.models import Tenant
from chuangxian.core.roles import Role
from chuangxian.documents.models import Notice, NoticeAttachment
from chuangxian.documents.services import notice_attachment_add
from chuangxian.documents.tests.factories import make_notice
from chuangxian.grants.models import Grant
from chuangxian.meetings.models import Meeting, MeetingFile, MeetingStatus
from chuangxian.meetings.services import meeting_file_add
from chuangxian.meetings.tests.factories import make_meeting
from chuangxian.notifications.models import Notification
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, RoleAssignment, Unit, UnitCategory, UnitKind
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, TenantFactory, make_unit, make_user
from chuangxian.plans.models import UnitPlan
from chuangxian.plans.services import PlanContent, PlanUpload, plan_save_draft
from chuangxian.pledges.models import Pledge
from chuangxian.pledges.services import PledgeContent, pledge_submit
from chuangxian.projects.models import Milestone, Project, UpdateFile
from chuangxian.projects.services import (
    ProjectData,
    Upload,
    milestone_add,
    project_create,
    project_update_add,
)
from chuangxian.proposals.models import Proposal
from chuangxian.proposals.tests.factories import world_proposals
from chuangxian.publicnotice.models import Objection, PublicNotice
from chuangxian.publicnotice.tests.factories import world_notice
from chuangxian.roster.models import RosterImport
from chuangxian.roster.services import roster_import_upload
from chuangxian.roster.tests.factories import person, xlsx_bytes
from chuangxian.selections.models import Entry, EntryFile, Selection, SelectionType
from chuangxian.selections.tests.factories import world_entry, world_selection
from chuangxian.study.models import StudyAttachment, StudyDocument
from chuangxian.study.services import study_document_publish
from chuangxian.voting import services as voting
from chuangxian.voting.models import ElectorateKind, Poll, Question, QuestionMethod
from chuangxian.voting.selectors import electorate_preview
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment, WorkdayYear
from chuangxian.workdays.services import AdjustmentData, workday_adjustment_add, workday_year_confirm

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 200
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)

IN_PHASE_1 = "2010-12-20 10:00 +0800"  # meetings, study, unit plans
IN_PHASE_2 = "2011-03-10 10:00 +0800"  # projects, pledges, activities (sign-up open); phase 1 closed

# Where a record lives, as the matrix names it; each place's records carry its marker.
OWN, CHILD, SIBLING, OTHER = "own", "child", "sibling", "other"
MARKERS = {OWN: "ZZOWN", CHILD: "ZZCHD", SIBLING: "ZZSIB", OTHER: "ZZOTH"}
HOME_MARKER = "ZZHOME"  # tenant A's own tenant-level records (campaign task, notices, imports)

PERSONAS = ("member", "chair", "liaison", "office", "leader", "judge", "representative")


@dataclass
class Place:
    """One unit and a record of every unit-level kind at it."""

    name: str
    unit: Unit
    tenant: Tenant
    campaign: Campaign
    member: Member  # a plain member of the unit (the target of member pages)
    member_user: User
    officer: Member  # the unit's chair (the target of role pages)
    officer_assignment: RoleAssignment
    meeting: Meeting = field(init=False)
    meeting_file: MeetingFile = field(init=False)
    activity: Activity = field(init=False)
    photo: ActivityPhoto = field(init=False)
    registration: Registration = field(init=False)
    plan: UnitPlan = field(init=False)
    project: Project = field(init=False)
    milestone: Milestone = field(init=False)
    update_file: UpdateFile = field(init=False)
    pledge: Pledge = field(init=False)
    poll: Poll = field(init=False)  # a draft
    question: Question = field(init=False)
    released_poll: Poll = field(init=False)  # voted in, counted and published
    study: StudyDocument = field(init=False)
    study_attachment: StudyAttachment = field(init=False)
    unit_task: UnitTask = field(init=False)
    notification: Notification = field(init=False)
    selection: Selection = field(init=False)  # the school's selection (its nomination page for this unit)
    entry: Entry = field(init=False)  # the place's member, nominated by its nominating unit
    entry_file: EntryFile = field(init=False)

    @property
    def marker(self) -> str:
        return MARKERS[self.name]


@dataclass
class TenantRecords:
    """The records that belong to a tenant rather than to a unit."""

    tenant: Tenant
    root: Unit
    campaign: Campaign
    reopening: PhaseWindowReopen
    task: Task
    notice: Notice  # a draft: the office's only
    notice_attachment: NoticeAttachment
    issued_notice: Notice
    roster_import: RosterImport
    judge_grant: Grant  # a judge of the campaign (tenant A's: the judge persona's)
    workday_adjustment: WorkdayAdjustment  # a row of the school's working-day table
    workday_year: WorkdayYear  # 2090, which the package does not know, confirmed complete
    selection_type: SelectionType = field(init=False)
    selection: Selection = field(init=False)  # at its nomination stage
    public_notice: PublicNotice = field(init=False)  # another selection's 公示, running
    objection: Objection = field(init=False)  # to it, by the school's office
    notice_selection: Selection = field(init=False)  # the notice's selection
    discipline_grant: Grant = field(init=False)  # a discipline-inspection grant on it
    proposal_session: Session = field(init=False)  # a session of the school's congress, collecting
    proposal: Proposal = field(init=False)  # submitted to it by a representative of the root


@dataclass
class World:
    places: dict[str, Place]
    tenants: dict[str, TenantRecords]  # "home" (tenant A) and OTHER
    users: dict[str, User]

    def place(self, name: str) -> Place:
        return self.places[name]


def _login(unit: Unit, name: str) -> tuple[User, Member]:
    member = MemberFactory(unit=unit, name=name)
    return make_user(member), member


def _place(name: str, unit: Unit, campaign: Campaign, office: User, task: Task) -> Place:
    marker = MARKERS[name]
    member_user, member = _login(unit, f"{marker}会员")
    _officer_user, officer = _login(unit, f"{marker}主席")
    assignment = role_grant(member=officer, unit=unit, role=Role.CHAIR, actor=SYSTEM)
    place = Place(name, unit, unit.tenant, campaign, member, member_user, officer, assignment)

    with time_machine.travel(IN_PHASE_1, tick=False):
        place.meeting = make_meeting(
            unit, office, title=f"{marker}meeting", status=MeetingStatus.SCHEDULED, campaign=campaign
        )
        place.meeting_file = meeting_file_add(
            meeting=place.meeting, upload=io.BytesIO(PDF), name=f"{marker}file.pdf", actor=office
        )
        place.study = study_document_publish(
            tenant=unit.tenant,
            campaign=campaign,
            title=f"{marker}study",
            body=f"{marker}study body",
            units=[unit],
            attachments=[(f"{marker}attachment.pdf", PDF)],
            actor=office,
        )
        place.study_attachment = place.study.attachments.get()
        place.plan = plan_save_draft(
            unit=unit,
            campaign=campaign,
            content=PlanContent(goals=f"{marker}plan", measures="每月一次学习会", schedule="12月完成动员"),
            upload=PlanUpload(name=f"{marker}plan.pdf", content=io.BytesIO(PDF)),
            actor=office,
        )
    with time_machine.travel(IN_PHASE_2, tick=False):
        place.activity = make_activity(
            campaign,
            unit,
            office,
            title=f"{marker}activity",
            whole_tenant=False,
            audience_units=[unit],
        )
        place.photo = activity_photo_add(
            activity=place.activity, upload=io.BytesIO(PNG), name=f"{marker}photo.png", actor=office
        )
        place.registration = registration_signup(activity=place.activity, member=member, actor=member_user)
        place.project = project_create(
            unit=unit,
            campaign=campaign,
            data=ProjectData(
                theme=campaign.themes.all()[0],
                title=f"{marker}project",
                goals="每月一次师德讲堂",
                responsible=(officer,),
            ),
            actor=office,
        )
        place.milestone = milestone_add(
            project=place.project, title=f"{marker}milestone", due_on=date(2011, 6, 1), weight=1, actor=office
        )
        update = project_update_add(
            project=place.project,
            day=date(2011, 3, 9),
            text=f"{marker}update",
            uploads=[Upload(name=f"{marker}update.pdf", content=io.BytesIO(PDF))],
            actor=office,
        )
        place.update_file = update.files.get()
        # Submitted, not published: only the member and the unit's managers may read it.
        place.pledge = pledge_submit(
            member=member,
            campaign=campaign,
            content=PledgeContent(
                type="post", content=f"{marker}pledge", due_on=date(2011, 7, 1), check_standard="学生评教"
            ),
            actor=member_user,
        )
        place.unit_task = UnitTask.objects.get(task=task, unit=unit)
        place.unit_task = unit_task_submit(
            unit_task=place.unit_task,
            actor=office,
            document=io.BytesIO(PDF),
            document_name=f"{marker}task.pdf",
        )
    place.poll = voting.poll_create(
        unit=unit,
        data=voting.PollData(
            title=f"{marker}poll",
            purpose="selection",
            opens_at=_at("2011-05-10 08:00"),
            closes_at=_at("2011-05-12 18:00"),
            electorate_kind=ElectorateKind.UNITS,
            electorate_units=[unit],
        ),
        actor=office,
    )
    place.question = voting.question_add(
        poll=place.poll,
        data=voting.QuestionData(text=f"{marker}question", method=QuestionMethod.YES_NO),
        actor=office,
    )
    place.released_poll = _released_poll(unit, marker, office, member, member_user)
    place.notification = notify(
        tenant_id=unit.tenant_id, recipients=[member], kind="test", title=f"{marker}notification", email=False
    )[0]
    return place


def _released_poll(unit: Unit, marker: str, office: User, voter: Member, voter_user: User) -> Poll:
    """A poll of the unit's members, voted in by ``voter``, counted and published."""
    poll = voting.poll_create(
        unit=unit,
        data=voting.PollData(
            title=f"{marker}released poll",
            purpose="selection",
            opens_at=_at("2011-05-10 08:00"),
            closes_at=_at("2011-05-12 18:00"),
            electorate_kind=ElectorateKind.UNITS,
            electorate_units=[unit],
            quorum_num=0,
            quorum_den=1,
        ),
        actor=office,
    )
    question = voting.question_add(
        poll=poll,
        data=voting.QuestionData(text=f"{marker}released question", method=QuestionMethod.YES_NO),
        actor=office,
    )
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        size = electorate_preview(poll).size
        poll = voting.poll_open(poll=poll, expected_size=size, actor=office)
        voting.ballot_cast(
            poll=poll, member=voter, answers={question.pk: "yes"}, blank=False, actor=voter_user
        )
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        poll = voting.poll_close(poll=poll, actor=office)
        poll = voting.poll_tally(poll=poll, actor=office)
        return voting.poll_publish(poll=poll, actor=office)


def _at(text: str) -> datetime:
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


def _tenant_records(
    marker: str, tenant: Tenant, root: Unit, campaign: Campaign, office: User, task: Task, judge: Member
) -> TenantRecords:
    with time_machine.travel(IN_PHASE_2, tick=False):
        reopening = phase_window_reopen(
            phase=campaign.phases.order_by("order")[0],
            unit=root,
            until=date(2011, 4, 1),
            reason=f"{marker}reopening",
            actor=office,
        )
    notice = make_notice(tenant, actor=office, title=f"{marker}notice")
    attachment = notice_attachment_add(
        notice=notice,
        title=f"{marker}notice attachment",
        upload=io.BytesIO(PDF),
        filename="附件.pdf",
        actor=office,
    )
    issued = make_notice(tenant, actor=office, issue=True, title=f"{marker}issued notice")
    roster_import = roster_import_upload(
        tenant=tenant,
        upload=io.BytesIO(xlsx_bytes([person("900001", f"{marker}导入")])),
        original_name=f"{marker}名册.xlsx",
        mode="partial",
        departure_status="left",
        actor=office,
    )
    [judge_grant] = campaign_judges_name(campaign=campaign, members=[judge], actor=office)
    workday = workday_adjustment_add(
        tenant_id=tenant.pk,
        data=AdjustmentData(day=date(2011, 4, 2), kind=AdjustmentKind.WORKDAY, name=f"{marker}调休"),
        actor=office,
    )
    workday_adjustment_add(
        tenant_id=tenant.pk,
        data=AdjustmentData(day=date(2090, 1, 2), kind=AdjustmentKind.HOLIDAY, name=f"{marker}元旦"),
        actor=office,
    )
    workday_year = workday_year_confirm(tenant_id=tenant.pk, year=2090, actor=office)
    return TenantRecords(
        tenant,
        root,
        campaign,
        reopening,
        task,
        notice,
        attachment,
        issued,
        roster_import,
        judge_grant,
        workday,
        workday_year,
    )


def _tenant(slug: str, name: str) -> tuple[Tenant, Unit, Unit, Unit, Unit]:
    tenant = TenantFactory(name=name, slug=slug)
    root = make_unit(tenant, f"{slug}校工会")
    own = make_unit(tenant, f"{slug}文学与传播学院", root, category=UnitCategory.COLLEGE)
    child = make_unit(tenant, f"{slug}中文系工会小组", own, kind=UnitKind.GROUP)
    sibling = make_unit(tenant, f"{slug}数学与计算机科学学院", root, category=UnitCategory.COLLEGE)
    for unit in (root, own, child, sibling):
        unit.refresh_from_db()
    return tenant, root, own, child, sibling


def _office(tenant: Tenant, root: Unit, name: str) -> User:
    user, member = _login(root, name)
    role_grant(member=member, unit=root, role=Role.OFFICE, actor=SYSTEM)
    return user


def _campaign_with_task(tenant: Tenant, office: User, marker: str) -> tuple[Campaign, Task]:
    campaign = make_campaign(tenant)
    with time_machine.travel(IN_PHASE_2, tick=False):
        task = task_create(
            campaign=campaign,
            phase=campaign.phases.order_by("order")[1],
            title=f"{marker}task",
            unit_kinds=[UnitKind.SUB_UNION, UnitKind.GROUP],
            actor=office,
        )
    return campaign, task


def world_build() -> World:
    tenant_a, root_a, own, child, sibling = _tenant("qz", "泉州示范师范学院")
    tenant_b, root_b, other, _other_child, _other_sibling = _tenant("other", "另一所学院")

    users: dict[str, User] = {}
    users["office"] = _office(tenant_a, root_a, "工会干事")
    office_b = _office(tenant_b, root_b, "外校干事")
    users["leader"], leader = _login(root_a, "校领导")
    role_grant(member=leader, unit=root_a, role=Role.LEADER, actor=SYSTEM)
    users["chair"], chair = _login(own, "学院主席")
    role_grant(member=chair, unit=own, role=Role.CHAIR, actor=SYSTEM)
    users["liaison"], liaison = _login(own, "学院联络员")
    role_grant(member=liaison, unit=own, role=Role.LIAISON, actor=SYSTEM)
    users["member"], _member = _login(own, "普通会员")
    users["judge"], judge = _login(own, "评委")
    users["representative"], representative = _login(own, "教代会代表")
    role_grant(member=representative, unit=root_a, role=Role.REPRESENTATIVE, actor=SYSTEM)

    campaign_a, task_a = _campaign_with_task(tenant_a, users["office"], HOME_MARKER)
    campaign_b, task_b = _campaign_with_task(tenant_b, office_b, MARKERS[OTHER])
    _judge_b_user, judge_b = _login(root_b, "外校评委")
    places = {
        OWN: _place(OWN, own, campaign_a, users["office"], task_a),
        CHILD: _place(CHILD, child, campaign_a, users["office"], task_a),
        SIBLING: _place(SIBLING, sibling, campaign_a, users["office"], task_a),
        OTHER: _place(OTHER, other, campaign_b, office_b, task_b),
    }
    tenants = {
        "home": _tenant_records(HOME_MARKER, tenant_a, root_a, campaign_a, users["office"], task_a, judge),
        OTHER: _tenant_records(MARKERS[OTHER], tenant_b, root_b, campaign_b, office_b, task_b, judge_b),
    }
    offices = {"home": users["office"], OTHER: office_b}
    for key, records in tenants.items():
        marker = HOME_MARKER if key == "home" else MARKERS[OTHER]
        records.selection_type, records.selection = world_selection(
            records.tenant, records.campaign, offices[key], marker
        )
        for place in places.values():
            if place.tenant == records.tenant:
                place.selection = records.selection
                place.entry = world_entry(
                    records.selection, place.unit, place.member, offices[key], place.marker
                )
                place.entry_file = place.entry.files.get()
        own_unit = own if key == "home" else other
        records.public_notice, records.objection, records.discipline_grant = world_notice(
            records.tenant, records.campaign, own_unit, MemberFactory(unit=own_unit), offices[key], marker
        )
        records.notice_selection = records.public_notice.selection
        records.proposal_session, records.proposal = world_proposals(records.tenant, records.root, marker)
    return World(places, tenants, users)
