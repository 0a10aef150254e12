"""Which polls a member may vote in or see, and where an officer may organise them."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.tenancy import actor_rows
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import live_grants
from chuangxian.orgs.models import Member, Unit
from chuangxian.voting.models import (
    Eligibility,
    Participation,
    Poll,
    PollMode,
    PollStatus,
)


def _castable_now() -> Q:
    """Polls a ballot can be cast in right now: open, within their window, not paper-only."""
    now = clock.now()
    return Q(status=PollStatus.OPEN, opens_at__lte=now, closes_at__gt=now) & ~Q(mode=PollMode.PAPER)


def _eligible(member: Member) -> Exists:
    return Exists(Eligibility.objects.filter(tenant_id=member.tenant_id, poll=OuterRef("pk"), member=member))


def _voted(member: Member) -> Exists:
    return Exists(
        Participation.objects.filter(tenant_id=member.tenant_id, poll=OuterRef("pk"), member=member)
    )


def _can_vote(member: Member) -> Q:
    """The one rule of the vote button, the index and the to-do list: ``member`` may cast a ballot in
    the poll now (castable now, in its electorate, not yet voted)."""
    return _castable_now() & _eligible(member) & ~_voted(member)


def polls_to_vote(member: Member) -> QuerySet[Poll]:
    """Open polls, within their window, where ``member`` is eligible and has not voted; one query."""
    return Poll.objects.filter(_can_vote(member), tenant_id=member.tenant_id).order_by("closes_at")


def polls_for_member(member: Member) -> QuerySet[Poll]:
    """Every non-draft poll the member is in the electorate of or an officer of, newest first, with
    ``voted`` and ``can_vote`` (the rule of ``polls_to_vote``) annotated; one query."""
    officer = Exists(
        live_grants().filter(
            tenant_id=member.tenant_id,
            member=member,
            kind__in=[GrantKind.SCRUTINEER, GrantKind.TELLER],
            target_type=ContentType.objects.get_for_model(Poll),
            target_id=OuterRef("pk"),
        )
    )
    return (
        Poll.objects.filter(tenant_id=member.tenant_id)
        .exclude(status=PollStatus.DRAFT)
        .filter(_eligible(member) | officer)
        .annotate(
            voted=_voted(member),
            can_vote=ExpressionWrapper(_can_vote(member), output_field=BooleanField()),
        )
        .select_related("unit")
        .order_by("-opens_at")
    )


def polls_organised_in(units: list[Unit]) -> QuerySet[Poll]:
    """Polls organised by any of ``units`` or below, with turnout counts; one query."""
    if not units:
        return Poll.objects.none()
    subtrees = Q()
    for unit in units:
        subtrees |= Q(unit__path__startswith=unit.path)
    return (
        Poll.objects.filter(tenant_id=units[0].tenant_id)
        .filter(subtrees)
        .annotate(turnout=Count("participations", distinct=True))
        .select_related("unit")
        .order_by("-created_at")
    )


def organiser_units(user: Actor) -> list[Unit]:
    """The active units where ``user`` may organise polls (their chair/liaison/office units); one query."""
    from chuangxian.orgs.permissions import role_assignments_for
    from chuangxian.voting.permissions import can_organise_at

    unit_ids = [unit_id for _role, unit_id, _path in role_assignments_for(user)]
    units = actor_rows(Unit.objects.all(), user).filter(pk__in=unit_ids, is_active=True).order_by("path")
    return [u for u in units if can_organise_at(user, u)]
