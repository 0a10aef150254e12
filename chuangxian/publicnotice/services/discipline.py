"""The discipline-inspection grant (纪检监察) of a selection: the office names members who are told
of every objection to its public notice and may investigate and answer them. A grant on the
selection (``grants``), from today, until the office takes it back (``grant_revoke``)."""

from collections.abc import Sequence

from django.db import transaction

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.services import grant_create
from chuangxian.orgs.models import Member
from chuangxian.publicnotice.services._common import _require_office, locked_selection
from chuangxian.selections.models import Selection


@transaction.atomic
def discipline_name(*, selection: Selection, members: Sequence[Member], actor: Actor) -> list[Grant]:
    """Give each of ``members`` the discipline-inspection grant on ``selection`` from today (a member
    who holds it already is left as is). Locks the selection, so that two namings at once cannot both
    find a member without the grant. Refused 'not_office'; what ``grant_create`` raises (a member of
    another school: 'wrong_tenant'). Each grant is audited by ``grant_create``."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    holding = set(
        grants_on(selection)
        .filter(kind=GrantKind.DISCIPLINE, revoked_at__isnull=True)
        .values_list("member_id", flat=True)
    )
    return [
        grant_create(
            kind=GrantKind.DISCIPLINE, target=selection, member=member, starts_on=clock.today(), actor=actor
        )
        for member in dict.fromkeys(members)
        if member.pk not in holding
    ]
