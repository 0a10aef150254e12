"""What every part of the activity services shares: the error type, an activity's data and field
list, the authority checks, the login to record, and the lock on an activity row."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.activities.models import Activity
from chuangxian.activities.permissions import can_manage_activity, can_organise_in
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.models import Unit

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "whole_tenant",
    "signup_opens_at",
    "signup_closes_at",
    "is_brand",
)


class ActivityError(DomainError):
    pass


@dataclass(frozen=True)
class ActivityData:
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime
    description: str = ""
    place: str = ""
    capacity: int | None = None
    whole_tenant: bool = False
    audience_units: Sequence[Unit] = field(default_factory=tuple)
    audience_groups: Sequence[str] = field(default_factory=tuple)
    is_brand: bool = False


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _managers_only() -> Refused:
    return Refused(_("只有主办单位的主席、联络员或学校工会可以管理这项活动。"), code="forbidden")


def _require_organiser(actor: Actor, unit: Unit) -> None:
    """Raises Refused 'forbidden' unless ``actor`` may organise activities for ``unit``."""
    if not can_organise_in(actor, unit):
        raise _managers_only()


def _require_manager(actor: Actor, activity: Activity) -> None:
    """Raises Refused 'forbidden' unless ``actor`` manages ``activity`` (call it on the locked row)."""
    if not can_manage_activity(actor, activity):
        raise _managers_only()


def _lock(activity_id: int, tenant_id: int) -> Activity:
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("unit")
        .prefetch_related("audience__unit", "audience_groups")
        .get(pk=activity_id, tenant_id=tenant_id)
    )
