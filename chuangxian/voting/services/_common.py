"""What every part of the voting services shares: the error type and the authority checks."""

from datetime import datetime

from django.utils import timezone

from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.models import Member
from chuangxian.voting.models import Poll
from chuangxian.voting.permissions import acts_as, can_manage_poll


class VotingError(DomainError):
    pass


def _require_manager(poll: Poll, actor: Actor, message: str) -> None:
    """Refuse (code 'forbidden') unless ``actor`` organises ``poll`` (``can_manage_poll``)."""
    if not can_manage_poll(actor, poll):
        raise Refused(message, code="forbidden")


def _require_in_person(actor: Actor, member: Member, message: str) -> None:
    """Refuse (code 'not_own') unless ``actor`` is ``member``'s own login (``acts_as``)."""
    if not acts_as(actor, member):
        raise Refused(message, code="not_own")


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
