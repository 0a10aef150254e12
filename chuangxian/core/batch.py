"""Batched services: the platform records many people's acts in one call (the demo's replay).

A batched service (``pledges_submit_many``, ``accounts_create_for_members``...) takes two kinds of
actor. ``actor`` records the batch and is named in its audit entries: only the platform itself
(``SYSTEM``, ``DEMO``) records other people's acts in bulk; no view calls a batch. Each item carries
``by``, the actor whose own act the item is (a member's login for a pledge), and the batch checks
for every item the very rule the single service checks for its ``actor``, at the item's moment
(``at``, applied with ``clock.as_of``). So a batch is faster, never more permissive: an item the
single service would refuse makes the whole batch raise the same error, and nothing is written.
"""

from django.utils.translation import gettext as _

from chuangxian.core.actors import Actor, is_system
from chuangxian.core.errors import Refused


def can_record_batch(actor: Actor) -> bool:
    """Who may record a batch of acts: the platform itself, nobody else."""
    return is_system(actor)


def require_batch_recorder(actor: Actor) -> None:
    """Raises Refused 'not_system' unless ``actor`` may record a batch."""
    if not can_record_batch(actor):
        raise Refused(_("批量记录只能由系统执行。"), code="not_system")
