"""Reads of the congress pages, exports and the voting engine's electorate (bounded queries)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from chuangxian.congress.models import (
    AgendaItem,
    Congress,
    Delegation,
    Representative,
    Session,
    SessionAttendance,
    SessionDocument,
    SessionPoll,
)
from chuangxian.congress.rules import (
    Check,
    Profile,
    Rate,
    Ratio,
    composition_checks,
    is_quorate,
    is_young,
    quorum_needed,
)
from chuangxian.core import clock
from chuangxian.core.roles import Role
from chuangxian.grants.models import GrantKind
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Gender, Member, MemberStatus, Post, RoleAssignment
from chuangxian.voting.models import Poll


def congress_list(tenant_id: int, *, q: str = "") -> list[Congress]:
    """The school's congresses, newest term first, with their live representatives counted. One query."""
    today = clock.today()
    rows = (
        Congress.objects.filter(tenant_id=tenant_id)
        .select_related("unit")
        .annotate(
            live=Count(
                "representatives",
                filter=Q(representatives__ended_on__isnull=True, representatives__elected_on__lte=today),
            )
        )
        .order_by("unit__path", "-term_number")
    )
    if q:
        rows = rows.filter(Q(unit__name__icontains=q))
    return list(rows)


def congress_voters(congress: Congress, *, on: date | None = None) -> QuerySet[Member]:
    """Who votes in the congress on ``on`` (today): the representatives whose REPRESENTATIVE grant
    on it is in force (inside the term, not revoked), or every active member of the unit at an
    all-staff meeting. The voting engine's REPRESENTATIVES electorate of a session's poll is this."""
    members = Member.objects.filter(tenant_id=congress.tenant_id, status=MemberStatus.ACTIVE)
    if congress.all_staff:
        return members.filter(unit__path__startswith=congress.unit.path)
    held = grant_holders(GrantKind.REPRESENTATIVE, congress, on=on).filter(member__isnull=False)
    return members.filter(pk__in=held.values("member_id"))


def representatives_live(congress: Congress, *, q: str = "") -> list[Representative]:
    """The representatives in office, by delegation then unit then name. One query."""
    rows = (
        Representative.objects.filter(tenant_id=congress.tenant_id, congress=congress, ended_on__isnull=True)
        .select_related("member", "unit", "delegation", "replaces__member")
        .order_by("delegation__name", "unit__path", "member__name", "pk")
    )
    if q:
        rows = rows.filter(Q(member__name__icontains=q) | Q(member__staff_no=q) | Q(unit__name__icontains=q))
    return list(rows)


def representatives_ended(congress: Congress) -> list[Representative]:
    return list(
        Representative.objects.filter(tenant_id=congress.tenant_id, congress=congress, ended_on__isnull=False)
        .select_related("member", "unit")
        .order_by("-ended_on", "pk")
    )


def delegations_of(congress: Congress) -> list[Delegation]:
    return list(
        Delegation.objects.filter(tenant_id=congress.tenant_id, congress=congress)
        .select_related("unit", "head")
        .order_by("unit__path")
    )


@dataclass(frozen=True)
class DelegationGroup:
    delegation: Delegation | None
    representatives: list[Representative]


def group_by_delegation(
    delegations: list[Delegation], representatives: list[Representative]
) -> list[DelegationGroup]:
    groups = [
        DelegationGroup(d, [r for r in representatives if r.delegation_id == d.pk]) for d in delegations
    ]
    loose = [r for r in representatives if r.delegation_id is None]
    if loose:
        groups.append(DelegationGroup(None, loose))
    return groups


@dataclass(frozen=True)
class Composition:
    reps: Profile
    staff: Profile
    checks: list[Check]

    @property
    def rates(self) -> dict[str, Rate]:
        return {
            "teachers": Rate(self.reps.teachers, self.reps.total),
            "leaders": Rate(self.reps.leaders, self.reps.total),
            "women": Rate(self.reps.women, self.reps.total),
            "young": Rate(self.reps.young, self.reps.total),
        }


def _profile(members: list[Member], leaders: set[int], on: date) -> Profile:
    return Profile(
        total=len(members),
        teachers=sum(m.post == Post.TEACHER for m in members),
        leaders=sum(m.pk in leaders for m in members),
        women=sum(m.gender == Gender.FEMALE for m in members),
        young=sum(is_young(m.birth_date, m.birth_year, on) for m in members),
    )


def congress_composition(congress: Congress, *, on: date | None = None) -> Composition:
    """The live representatives' profile against the unit's active staff and the congress's rules.
    Leaders: representatives the office marked 领导干部; among the staff, those holding the
    校领导 / 党委 role (the roster has no rank). Three queries whatever the sizes."""
    on = on or clock.today()
    reps = list(
        Representative.objects.filter(tenant_id=congress.tenant_id, congress=congress, ended_on__isnull=True)
        .select_related("member")
        .only("is_leader", "member__post", "member__gender", "member__birth_date", "member__birth_year")
    )
    staff_rows = list(
        Member.objects.filter(
            tenant_id=congress.tenant_id,
            status=MemberStatus.ACTIVE,
            unit__path__startswith=congress.unit.path,
        ).only("post", "gender", "birth_date", "birth_year")
    )
    staff_leaders = set(
        RoleAssignment.objects.filter(tenant_id=congress.tenant_id, role=Role.LEADER).values_list(
            "member_id", flat=True
        )
    )
    rep_members = [r.member for r in reps]
    rep_leaders = {r.member.pk for r in reps if r.is_leader}
    rep_profile = _profile(rep_members, rep_leaders, on)
    staff_profile = _profile(staff_rows, staff_leaders, on)
    return Composition(
        rep_profile,
        staff_profile,
        composition_checks(
            rep_profile, staff_profile, teachers_min=congress.teachers_min, leaders_max=congress.leaders_max
        ),
    )


def sessions_of(congress: Congress) -> list[Session]:
    return list(Session.objects.filter(tenant_id=congress.tenant_id, congress=congress).order_by("number"))


@dataclass(frozen=True)
class Quorum:
    total: int  # all voters of the congress now
    present: int  # of them, checked in at the session
    needed: int
    rule: Ratio

    @property
    def quorate(self) -> bool:
        return is_quorate(self.present, self.total, self.rule)

    @property
    def rate(self) -> Rate:
        return Rate(self.present, self.total)


def session_quorum(session: Session) -> Quorum:
    """Checked-in voters against all voters of the congress, computed now (never typed): a member
    checked in who is no longer a voter does not count. Two queries."""
    congress = session.congress
    voters = congress_voters(congress)
    total = voters.count()
    present = SessionAttendance.objects.filter(
        tenant_id=session.tenant_id, session=session, member__in=voters
    ).count()
    return Quorum(
        total=total, present=present, needed=quorum_needed(total, congress.quorum), rule=congress.quorum
    )


def session_agenda(session: Session) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(tenant_id=session.tenant_id, session=session).order_by("position", "pk")
    )


def session_documents(session: Session) -> list[SessionDocument]:
    return list(
        SessionDocument.objects.filter(tenant_id=session.tenant_id, session=session).order_by(
            "uploaded_at", "pk"
        )
    )


def session_polls(session: Session) -> list[SessionPoll]:
    return list(
        SessionPoll.objects.filter(tenant_id=session.tenant_id, session=session)
        .select_related("poll")
        .order_by("pk")
    )


def session_attendees(session: Session) -> list[SessionAttendance]:
    return list(
        SessionAttendance.objects.filter(tenant_id=session.tenant_id, session=session)
        .select_related("member__unit")
        .order_by("at", "pk")
    )


def attended(session: Session, member: Member | None) -> bool:
    """Whether ``member`` (the reader's roster row, or None) is checked in at ``session``."""
    if member is None:
        return False
    return SessionAttendance.objects.filter(
        tenant_id=session.tenant_id, session=session, member=member
    ).exists()


def session_for_poll(poll: Poll) -> Session | None:
    """The session a poll of the voting engine was created from, or None. One query."""
    link = (
        SessionPoll.objects.filter(tenant_id=poll.tenant_id, poll=poll)
        .select_related("session__congress__unit")
        .first()
    )
    return link.session if link is not None else None


def congress_current_at(unit_id: int, tenant_id: int, *, on: date | None = None) -> Congress | None:
    """The congress of ``unit`` whose term covers ``on`` (today), the latest term first; None if the
    unit has none in term. One query."""
    on = on or clock.today()
    rows = Congress.objects.filter(
        tenant_id=tenant_id, unit_id=unit_id, term_starts_on__lte=on
    ).select_related("unit")
    return next((c for c in rows.order_by("-term_number") if c.term_ends_on >= on), None)
