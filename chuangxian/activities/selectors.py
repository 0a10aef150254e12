"""Reads of activities shared by pages and the home to-do list; query counts do not grow with rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from chuangxian.activities.audience import groups_admit_q
from chuangxian.activities.models import (
    Activity,
    ActivityAudience,
    ActivityPhoto,
    ActivityStatus,
    Attendance,
    Registration,
    RegistrationStatus,
)
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.core import clock
from chuangxian.core.filters import NO_FILTER, ListFilter, date_range_q, subtree_q, text_q
from chuangxian.core.scope import Scope, lineage
from chuangxian.orgs.models import Member, MemberStatus, Unit


def _with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED), distinct=True
        ),
        waitlisted=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED), distinct=True
        ),
    )


def _filtered(qs: QuerySet[Activity], filters: ListFilter, tenant_id: int | None) -> QuerySet[Activity]:
    """The list page's filters: text in the title, place, content or organiser's name; kind; status;
    organiser (the unit and its subtree); the day it starts on. Still one query: the organiser's
    path is a subquery."""
    qs = qs.filter(
        text_q(filters.q, ("title", "place", "description", "unit__name")),
        date_range_q("starts_at", filters.start, filters.end, moments=True),
    )
    if filters.get("kind"):
        qs = qs.filter(kind=filters.get("kind"))
    if filters.get("status"):
        qs = qs.filter(status=filters.get("status"))
    units = Unit.objects.all() if tenant_id is None else Unit.objects.filter(tenant_id=tenant_id)
    return qs.filter(subtree_q("unit__path", units, filters.number("unit")))


def activities_for_member(
    member: Member, *, open_only: bool = False, filters: ListFilter = NO_FILTER
) -> QuerySet[Activity]:
    """Published activities whose audience (units or whole tenant, then groups) includes ``member``,
    soonest first, annotated with ``confirmed``/``waitlisted`` counts and the member's own
    ``my_status``, narrowed by ``filters``; one query."""
    invited = ActivityAudience.objects.filter(
        tenant_id=member.tenant_id,
        activity=OuterRef("pk"),
        unit__path__in=lineage(member.unit.path, member.unit.steplen),
    )
    mine = Registration.objects.filter(tenant_id=member.tenant_id, activity=OuterRef("pk"), member=member)
    qs: QuerySet[Activity] = Activity.objects.filter(
        tenant_id=member.tenant_id, status=ActivityStatus.PUBLISHED
    ).filter(Q(whole_tenant=True) | Exists(invited), groups_admit_q(member))
    if open_only:
        now = clock.now()
        qs = qs.filter(signup_opens_at__lte=now, signup_closes_at__gte=now)
    qs = _filtered(qs, filters, member.tenant_id)
    return (
        _with_counts(qs)
        .annotate(my_status=Subquery(mine.values("status")[:1]))
        .select_related("unit")
        .order_by("starts_at", "pk")
    )


def activities_of_member(member: Member, *, filters: ListFilter = NO_FILTER) -> QuerySet[Activity]:
    """Activities the member signed up for (not cancelled) or attended, newest first, narrowed by
    ``filters``; one query."""
    mine = Registration.objects.filter(tenant_id=member.tenant_id, activity=OuterRef("pk"), member=member)
    came = Attendance.objects.filter(tenant_id=member.tenant_id, activity=OuterRef("pk"), member=member)
    qs: QuerySet[Activity] = Activity.objects.filter(tenant_id=member.tenant_id).filter(
        Exists(mine.exclude(status=RegistrationStatus.CANCELLED)) | Exists(came)
    )
    qs = _filtered(qs, filters, member.tenant_id)
    return (
        _with_counts(qs)
        .annotate(my_status=Subquery(mine.values("status")[:1]), attended=Exists(came))
        .select_related("unit")
        .order_by("-starts_at", "-pk")
    )


# A member's tabs of the activity list (the page's and the ``activities.mine`` export's).
MEMBER_TABS = ("mine", "open", "all")


def activities_of_member_tab(
    member: Member, tab: str, *, filters: ListFilter = NO_FILTER
) -> QuerySet[Activity]:
    """A member's tab of the activity list: ``mine`` the activities they signed up for or attended
    (``activities_of_member``); ``open`` / ``all`` the published ones they are invited to, open for
    sign-up now / all (``activities_for_member``)."""
    if tab == "mine":
        return activities_of_member(member, filters=filters)
    return activities_for_member(member, open_only=tab == "open", filters=filters)


def activities_organised_in(scope: Scope, *, filters: ListFilter = NO_FILTER) -> QuerySet[Activity]:
    """Activities organised by units inside ``scope`` (the subtrees the user manages), drafts
    included, newest first, with ``confirmed``/``waitlisted`` counts, narrowed by ``filters``; one
    query."""
    qs = _filtered(Activity.objects.filter(scope.q("unit__path", "tenant_id")), filters, scope.tenant_id)
    return _with_counts(qs).select_related("unit").order_by("-starts_at", "-pk")


@dataclass(frozen=True)
class MyRegistration:
    registration: Registration | None
    waiting_rank: int | None  # 1 = next to be promoted
    attended: bool


def my_registration(activity: Activity, member: Member | None) -> MyRegistration:
    if member is None:
        return MyRegistration(None, None, False)
    registration = Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, member=member
    ).first()
    rank = None
    if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
        assert registration.position is not None
        rank = (
            Registration.objects.filter(
                tenant_id=activity.tenant_id,
                activity=activity,
                status=RegistrationStatus.WAITLISTED,
                position__lt=registration.position,
            ).count()
            + 1
        )
    attended = Attendance.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, member=member
    ).exists()
    return MyRegistration(registration, rank, attended)


def activity_counts(activity: Activity) -> dict[str, int]:
    row = Registration.objects.filter(tenant_id=activity.tenant_id, activity=activity).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    row["attended"] = Attendance.objects.filter(tenant_id=activity.tenant_id, activity=activity).count()
    return row


@dataclass(frozen=True)
class RosterRow:
    member: Member
    status: str  # a RegistrationStatus value, or "" for a walk-in who only attended
    rank: int | None
    attended: bool
    method: str
    registration_id: int | None = None


def activity_roster(activity: Activity) -> list[RosterRow]:
    """Confirmed, then waiting (in order), then walk-ins who attended without signing up; two queries."""
    registrations = list(
        Registration.objects.filter(tenant_id=activity.tenant_id, activity=activity)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("member__unit")
        .order_by("status", "position", "created_at", "pk")
    )
    attendances = {
        a.member_id: a
        for a in Attendance.objects.filter(tenant_id=activity.tenant_id, activity=activity).select_related(
            "member__unit"
        )
    }
    rows: list[RosterRow] = []
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = sorted(
        (r for r in registrations if r.status == RegistrationStatus.WAITLISTED), key=lambda r: r.position or 0
    )
    for r in confirmed:
        a = attendances.get(r.member_id)
        rows.append(RosterRow(r.member, r.status, None, a is not None, a.method if a else "", r.pk))
    for rank, r in enumerate(waiting, start=1):
        a = attendances.get(r.member_id)
        rows.append(RosterRow(r.member, r.status, rank, a is not None, a.method if a else "", r.pk))
    registered = {r.member_id for r in registrations}
    for member_id, a in attendances.items():
        if member_id not in registered:
            rows.append(RosterRow(a.member, "", None, True, a.method))
    return rows


def member_attended_in_campaign(member: Member, campaign: Campaign) -> bool:
    return Attendance.objects.filter(
        tenant_id=member.tenant_id, member=member, activity__campaign=campaign
    ).exists()


def member_is_active(member: Member) -> bool:
    return member.status == MemberStatus.ACTIVE


def activity_photos(activity: Activity) -> list[ActivityPhoto]:
    return list(
        ActivityPhoto.objects.filter(tenant_id=activity.tenant_id, activity=activity).order_by(
            "uploaded_at", "pk"
        )
    )


@dataclass(frozen=True)
class BrandWindow:
    """When a campaign's brand activities (品牌活动, seed 六(三)) take place: the phases that allow
    ``PhaseAction.BRAND`` (phase 3 in the seed), from the first one's start to the last one's end."""

    phase_name: str
    starts_on: date
    ends_on: date


def brand_window(campaign: Campaign) -> BrandWindow | None:
    """None when the campaign has no brand activities; uses prefetched ``phases`` when present."""
    phases = sorted(
        (p for p in campaign.phases.all() if PhaseAction.BRAND in p.actions), key=lambda p: p.starts_on
    )
    if not phases:
        return None
    return BrandWindow(
        phase_name="、".join(p.name for p in phases),
        starts_on=phases[0].starts_on,
        ends_on=max(p.ends_on for p in phases),
    )
