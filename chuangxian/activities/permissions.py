"""Who may see, organise and join an activity.

The organiser unit's officers (``can_manage_unit``: its chair and liaison, and the office above them)
manage the activity, drafts included. Once published, members of its audience and roles that may view
the organiser unit see it. Everyone else gets a 404.

The write services ask the ``can_*`` rules below themselves (issue 12): organising, publishing,
closing, ticking attendance and adding photos are the organisers' (and the system's); signing up and
scanning the check-in code are the member's own acts, for themselves only; a sign-up is cancelled by
its member or by an organiser.
"""

from chuangxian.activities.audience import member_in_groups
from chuangxian.activities.models import Activity, ActivityPhoto, ActivityStatus, Registration
from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.permissions import can_manage_unit, member_for, scope_for


def audience_paths(activity: Activity) -> list[str]:
    """Paths of the invited units (uses a prefetched ``audience`` when present)."""
    return [row.unit.path for row in activity.audience.all()]


def member_in_units(member: Member | None, activity: Activity) -> bool:
    """An active member of the tenant, of an invited unit's subtree unless the whole tenant is invited."""
    if member is None or member.tenant_id != activity.tenant_id or member.status != MemberStatus.ACTIVE:
        return False
    if activity.whole_tenant:
        return True
    return any(member.unit.path.startswith(path) for path in audience_paths(activity))


def member_in_audience(member: Member | None, activity: Activity) -> bool:
    """In the invited units (or the tenant) and in the groups the activity is restricted to, if any."""
    return member is not None and member_in_units(member, activity) and member_in_groups(member, activity)


def can_organise_in(actor: Actor, unit: Unit) -> bool:
    """Create activities organised by ``unit``: its officers, the office above them, the system."""
    return can_manage_unit(actor, unit)


def can_manage_activity(user: Actor, activity: Activity) -> bool:
    """Edit, publish, close, tick attendance, add photos, cancel anyone's sign-up."""
    return can_manage_unit(user, activity.unit)


def can_sign_up(actor: Actor, member: Member) -> bool:
    """Sign ``member`` up: only the member themself, logged in (no one signs up for someone else)."""
    own = member_for(actor)
    return own is not None and own.pk == member.pk


def can_cancel_registration(actor: Actor, registration: Registration, activity: Activity) -> bool:
    """The member whose sign-up it is, or whoever manages the activity."""
    own = member_for(actor)
    if own is not None and own.pk == registration.member_id:
        return True
    return can_manage_activity(actor, activity)


def can_check_in(actor: Actor, activity: Activity) -> bool:
    """Scan the activity's code: a logged-in member of its audience, for themself."""
    return member_in_audience(member_for(actor), activity)


def can_view_activity(user: Actor, activity: Activity) -> bool:
    if can_manage_activity(user, activity):
        return True
    if activity.status == ActivityStatus.DRAFT:
        return False
    unit = activity.unit
    if scope_for(user, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path):
        return True
    return member_in_audience(member_for(user), activity)


def access_activity(user: Actor, activity_id: int, *, manage: bool = False) -> Activity:
    activity = (
        actor_rows(Activity.objects.select_related("unit", "campaign"), user)
        .prefetch_related("audience__unit", "audience_groups")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFoundError()
    allowed = can_manage_activity(user, activity) if manage else can_view_activity(user, activity)
    if not allowed:
        raise NotFoundError()
    return activity


def access_organiser_unit(user: Actor, unit_id: int) -> Unit:
    """A unit the user may organise activities for."""
    unit = actor_rows(Unit.objects.all(), user).filter(pk=unit_id).first()
    if unit is None or not can_manage_unit(user, unit):
        raise NotFoundError()
    return unit


def access_activity_photo(user: Actor, activity_id: int, photo_id: int) -> ActivityPhoto:
    activity = access_activity(user, activity_id)
    photo = ActivityPhoto.objects.filter(pk=photo_id, activity=activity, tenant_id=activity.tenant_id).first()
    if photo is None:
        raise NotFoundError()
    return photo
