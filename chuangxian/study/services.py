"""Every write of document study: publishing a document, a member confirming 已学习."""

import io
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.files import file_check
from chuangxian.core.models import Tenant
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.study.models import StudyAttachment, StudyConfirmation, StudyDocument, StudyTarget
from chuangxian.study.permissions import can_confirm_study, can_publish_study, document_targets_member


class StudyError(DomainError):
    pass


def study_due_check(*, due_on: date | None, published_on: date | None) -> date:
    """The publish date: ``published_on``, or today when empty; a due date, if any, is not before it.

    Raises StudyError 'due_before_published'; StudyDocumentForm runs it too.
    """
    published_on = published_on or clock.today()
    if due_on is not None and due_on < published_on:
        raise StudyError(
            code="due_before_published", message=_("学习截止日期不能早于发布日期。"), field="due_on"
        )
    return published_on


@transaction.atomic
def study_document_publish(
    *,
    tenant: Tenant,
    campaign: Campaign,
    title: str,
    body: str,
    units: Iterable[Unit] | None = None,
    due_on: date | None = None,
    published_on: date | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
    actor: Actor,
) -> StudyDocument:
    """Publish a document for study to every unit (``units=None``) or to the given units' subtrees.

    ``attachments`` are (file name, content) pairs, each checked by content and size before anything
    is stored. Raises StudyError 'title_required', 'body_required', 'due_before_published',
    'wrong_tenant', 'no_units', or a file-check code ('too_large', 'forbidden_type', ...). Refused
    'not_office' unless ``actor`` is the school's office (or the platform admin, or the system).
    """
    if not can_publish_study(actor, tenant.pk):
        raise Refused(_("只有本校工会（创先办）可以发布学习文件。"), code="not_office")
    title, body = title.strip(), body.strip()
    if not title:
        raise StudyError(code="title_required", message=_("请填写文件标题。"), field="title")
    if not body:
        raise StudyError(code="body_required", message=_("请填写文件正文或内容摘要。"), field="body")
    published_on = study_due_check(due_on=due_on, published_on=published_on)
    if campaign.tenant_id != tenant.pk:
        raise StudyError(code="wrong_tenant", message=_("该创先活动不属于本校。"))
    targets = None if units is None else list(units)
    if targets is not None:
        if not targets:
            raise StudyError(
                code="no_units", message=_("请至少选择一个单位，或选择发给全部单位。"), field="units"
            )
        if any(unit.tenant_id != tenant.pk for unit in targets):
            raise StudyError(code="wrong_tenant", message=_("所选单位不属于本校。"), field="units")
    for name, content in attachments:
        try:
            file_check(io.BytesIO(content), name=name)
        except DomainError as error:
            raise StudyError(code=error.code, message=error.message, field="attachments") from error
    document = StudyDocument.objects.create(
        tenant=tenant,
        campaign=campaign,
        title=title,
        body=body,
        published_on=published_on,
        due_on=due_on,
        all_units=targets is None,
        published_by=login_of(actor),
    )
    if targets:
        StudyTarget.objects.bulk_create(
            [
                StudyTarget(tenant=tenant, document=document, unit=unit)
                for unit in {u.pk: u for u in targets}.values()
            ]
        )
    for order, (name, content) in enumerate(attachments):
        attachment = StudyAttachment(tenant=tenant, document=document, order=order)
        attachment.attach(io.BytesIO(content), name=name, uploaded_by=document.published_by)
        attachment.save()
    audit_record(
        actor=actor,
        action="study.document.published",
        target=document,
        data={
            "units": "all" if targets is None else [u.name for u in targets],
            "due_on": due_on,
            "attachments": [name for name, _content in attachments],
        },
    )
    return document


@transaction.atomic
def study_confirm(*, document: StudyDocument, member: Member, actor: Actor) -> tuple[StudyConfirmation, bool]:
    """Record that ``member`` has studied ``document``. Confirming twice counts once.

    Returns the confirmation and whether it is new. The unique constraint (tenant, document, member)
    backs the one-per-member rule against concurrent taps. Refused 'not_own' unless ``actor`` is
    the member, or the office (or the system) recording it for them. Raises StudyError
    'not_targeted', 'member_inactive'.
    """
    if not can_confirm_study(actor, member):
        raise Refused(_("只能确认自己已学习；代为登记请联系学校工会（创先办）。"), code="not_own")
    if member.status != MemberStatus.ACTIVE:
        raise StudyError(code="member_inactive", message=_("只有在职会员需要确认学习。"))
    if not document_targets_member(document, member):
        raise StudyError(code="not_targeted", message=_("这份文件没有发给您所在的单位，无需确认学习。"))
    existing = StudyConfirmation.objects.filter(
        tenant_id=document.tenant_id, document=document, member=member
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            confirmation = StudyConfirmation.objects.create(
                tenant_id=document.tenant_id, document=document, member=member, confirmed_at=clock.now()
            )
    except IntegrityError:  # a concurrent tap won
        return StudyConfirmation.objects.get(
            tenant_id=document.tenant_id, document=document, member=member
        ), False
    audit_record(
        actor=actor,
        action="study.document.confirmed",
        target=document,
        unit=member.unit,
        data={"member": member.name},
    )
    return confirmation, True
