"""Who sees a study document and whose confirmations.

The office sees every document of its tenant. A member sees the published documents sent to their
unit (or to a unit above it). A chair, liaison or leader also sees documents sent to any unit their
role reaches, and the confirmation status of the units they may view. Others get "not found".

Who writes (the services check these themselves): the office of the school (or the platform admin,
or the system) publishes documents (``can_publish_study``); a member confirms 已学习 for themselves
only, and the office (or the system) may record it for a member, e.g. one without a login
(``can_confirm_study``). Nobody else confirms for a member.
"""

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.permissions import can_configure_tenant, member_for, scope_for
from chuangxian.study.models import StudyDocument, StudyTarget


def document_target_paths(document: StudyDocument) -> list[str] | None:
    """Paths of the target units, or None when the document goes to every unit. One query."""
    if document.all_units:
        return None
    return list(
        StudyTarget.objects.filter(tenant_id=document.tenant_id, document=document).values_list(
            "unit__path", flat=True
        )
    )


def _overlaps(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def document_targets_member(document: StudyDocument, member: Member, paths: list[str] | None = None) -> bool:
    if member.tenant_id != document.tenant_id or document.published_on > clock.today():
        return False
    if document.all_units:
        return True
    if paths is None:
        paths = document_target_paths(document) or []
    return any(member.unit.path.startswith(p) for p in paths)


def can_publish_study(user: Actor, tenant_id: int) -> bool:
    return can_configure_tenant(user, tenant_id)


def can_confirm_study(user: Actor, member: Member) -> bool:
    own = member_for(user)
    if own is not None and own.pk == member.pk:
        return True
    return can_publish_study(user, member.tenant_id)


def can_view_study_status(user: Actor, unit: Unit) -> bool:
    return scope_for(user, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path)


def can_view_document(user: Actor, document: StudyDocument) -> bool:
    if can_configure_tenant(user, document.tenant_id):
        return True
    if document.published_on > clock.today():
        return False
    member = member_for(user)
    scope = scope_for(user, Capability.VIEW)
    in_tenant = (member is not None and member.tenant_id == document.tenant_id) or (
        scope.tenant_id == document.tenant_id and not scope.is_empty()
    )
    if not in_tenant:
        return False
    if document.all_units:
        return True
    paths = document_target_paths(document) or []
    if member is not None and document_targets_member(document, member, paths):
        return True
    return scope.tenant_id == document.tenant_id and any(
        _overlaps(p, prefix) for p in paths for prefix in scope.prefixes
    )


def access_study_document(user: Actor, document_id: int) -> StudyDocument:
    """The document if ``user`` may read it; NotFoundError for missing and forbidden alike."""
    if user.tenant_id is None and not user.is_superuser:
        raise NotFoundError()
    documents = actor_rows(StudyDocument.objects.select_related("campaign"), user)
    document = documents.filter(pk=document_id).first()
    if document is None or not can_view_document(user, document):
        raise NotFoundError()
    return document
