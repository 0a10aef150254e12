"""What the pages that name people on an object's grant share (the campaign's judges, a selection's
discipline inspection, a disclosure item's answerers): taking one grant back."""

from django.contrib import messages

from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.models import TenantModel
from chuangxian.core.views import require
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.services import grant_revoke


def revoke_on(request: AuthedRequest, target: TenantModel, kind: str, grant_id: int, *, done: str) -> None:
    """Take back the grant ``grant_id`` of ``kind`` on ``target`` (the page has checked who may see
    ``target``; ``grant_revoke`` decides who may revoke). A grant of another target or kind is the
    same 404 as a missing one; the refusal or ``done`` is left as a message for the redirect."""
    grant = grants_on(target).filter(kind=kind, pk=grant_id).first()
    require(grant is not None)
    assert grant is not None
    try:
        grant_revoke(grant=grant, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
