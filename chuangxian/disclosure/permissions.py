"""Who may do what with school-affairs disclosure (校务公开).

- The school's office (``can_configure_tenant``: with the platform admin and the system) publishes,
  edits and withdraws items, words the four rights, and sees every item that is not withdrawn,
  scheduled ones included.
- An item's audience reads it from its publish date until it is withdrawn: the whole school, or the
  members of the chosen units' subtrees, and whoever may view such a unit through a role (its chair
  and liaison, the school's leaders). Everyone who reads an item reads its questions and answers.
- A person of the audience with a roster row posts a comment or a question under their real name.
- The responsible office answers questions: whoever holds an answering role (office, chair, liaison,
  handling office) at exactly the item's responsible unit, or a handler grant on the item, or the
  school's office.

``access_*`` fetch for a page: missing and forbidden are the same 404.
"""

from datetime import date

from chuangxian.core import clock
from chuangxian.core.actors import Actor, is_person
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability, Role
from chuangxian.core.tenancy import actor_rows
from chuangxian.disclosure.models import DisclosureItem, Feedback
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.permissions import can_configure_tenant, member_for, role_assignments_for, scope_for

# The roles whose holders at an item's responsible unit answer its questions.
ANSWER_ROLES = frozenset({Role.OFFICE, Role.CHAIR, Role.LIAISON, Role.HANDLING_OFFICE})


def can_publish(actor: Actor, tenant_id: int) -> bool:
    return can_configure_tenant(actor, tenant_id)


def answering_unit_ids(actor: Actor) -> list[int]:
    """The units at which ``actor`` holds an answering role (no query beyond the cached roles)."""
    return sorted({unit_id for role, unit_id, _path in role_assignments_for(actor) if role in ANSWER_ROLES})


def is_live(item: DisclosureItem, today: date | None = None) -> bool:
    """Published (its day has come) and not withdrawn."""
    return item.withdrawn_at is None and item.publish_on <= (today or clock.today())


def audience_paths(item: DisclosureItem) -> list[str]:
    """Paths of the chosen units (uses a prefetched ``audience__unit`` when present)."""
    return [row.unit.path for row in item.audience.all()]


def in_audience(actor: Actor, item: DisclosureItem) -> bool:
    """The whole school, or a member of a chosen unit's subtree, or a role that views such a unit."""
    if actor.tenant_id != item.tenant_id:
        return False
    member = member_for(actor)
    if item.whole_school:
        return member is not None or bool(actor.is_superuser)
    paths = audience_paths(item)
    if member is not None and any(member.unit.path.startswith(path) for path in paths):
        return True
    scope = scope_for(actor, Capability.VIEW)
    return any(scope.covers(tenant_id=item.tenant_id, path=path) for path in paths)


def can_answer(actor: Actor, item: DisclosureItem) -> bool:
    if can_configure_tenant(actor, item.tenant_id):
        return True
    if actor.tenant_id != item.tenant_id:
        return False
    return item.responsible_unit_id in answering_unit_ids(actor) or holds_grant(
        actor, GrantKind.HANDLER, item
    )


def can_view_item(actor: Actor, item: DisclosureItem) -> bool:
    if can_publish(actor, item.tenant_id):
        return True
    if not is_live(item):
        return False
    return can_answer(actor, item) or in_audience(actor, item)


def can_post_feedback(actor: Actor, item: DisclosureItem) -> bool:
    """A person of the school with a roster row who reads the live item (a real name to show)."""
    if not is_person(actor) or not is_live(item):
        return False
    member = member_for(actor)
    return member is not None and member.tenant_id == item.tenant_id and can_view_item(actor, item)


def access_item(actor: Actor, item_id: int, *, manage: bool = False) -> DisclosureItem:
    item = (
        actor_rows(DisclosureItem.objects.select_related("responsible_unit"), actor)
        .prefetch_related("audience__unit")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFoundError()
    allowed = can_publish(actor, item.tenant_id) if manage else can_view_item(actor, item)
    if not allowed:
        raise NotFoundError()
    return item


def access_question(actor: Actor, feedback_id: int) -> Feedback:
    """A question for its answer: whoever may answer the item's questions."""
    feedback = (
        actor_rows(Feedback.objects.select_related("item"), actor)
        .prefetch_related("item__audience__unit")
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None or not can_view_item(actor, feedback.item) or not can_answer(actor, feedback.item):
        raise NotFoundError()
    return feedback
