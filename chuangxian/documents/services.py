"""Every write of official notices: drafts, attachments, numbering at issue, revocation.

A number is handed out only by ``notice_issue``, under a lock on the (tenant, prefix, year) sequence
row, so concurrent issuing gives no gaps and no duplicates; numbers never go back: a revoked notice
keeps its number and an issued notice cannot be deleted.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.attachments import discard, store
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.files import DOCUMENTS, IMAGES
from chuangxian.core.models import Tenant
from chuangxian.documents.models import DocumentNumberSequence, Notice, NoticeAttachment, NoticeStatus
from chuangxian.documents.permissions import can_manage_notices

MIN_YEAR, MAX_YEAR = 1949, 2100
EDITABLE_FIELDS = (
    "marking",
    "prefix",
    "year",
    "title",
    "addressees",
    "body",
    "issuing_office",
    "signed_on",
    "cc",
    "printing_office",
    "printed_on",
)
_FORBIDDEN_IN_PREFIX = re.compile(r"[〔〕\[\]()（）\s\d]")


class NoticeError(DomainError):
    pass


@dataclass(frozen=True)
class NoticeFields:
    """What the office writes on a draft. Dates may stay empty until the notice is issued."""

    prefix: str
    year: int
    title: str
    body: str
    issuing_office: str
    marking: str = ""
    addressees: str = ""
    signed_on: date | None = None
    cc: str = ""
    printing_office: str = ""
    printed_on: date | None = None


def _clean(fields: NoticeFields) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: (value.strip() if isinstance(value, str) else value)
        for name, value in ((n, getattr(fields, n)) for n in EDITABLE_FIELDS)
    }
    prefix = values["prefix"]
    if not prefix:
        raise NoticeError(
            code="prefix_required", message=_("请填写机关代字，例如“泉师院委组工”。"), field="prefix"
        )
    if _FORBIDDEN_IN_PREFIX.search(prefix):
        raise NoticeError(
            code="prefix_invalid",
            message=_("机关代字只写代字本身，例如“泉师院委组工”，不要带年份、括号、空格或号码。"),
            field="prefix",
        )
    if not MIN_YEAR <= int(values["year"]) <= MAX_YEAR:
        raise NoticeError(
            code="year_invalid",
            message=_("年份应在 %(min)s 到 %(max)s 之间。") % {"min": MIN_YEAR, "max": MAX_YEAR},
            field="year",
        )
    for name, label in (("title", _("标题")), ("body", _("正文")), ("issuing_office", _("发文机关署名"))):
        if not values[name]:
            raise NoticeError(
                code=f"{name}_required", message=_("请填写%(label)s。") % {"label": label}, field=name
            )
    notice_dates_check(signed_on=values["signed_on"], printed_on=values["printed_on"])
    return values


def notice_dates_check(*, signed_on: date | None, printed_on: date | None) -> None:
    """A notice is printed (印发) on or after the day it is signed (成文), when both are given.

    Raises NoticeError 'printed_before_signed'; NoticeForm runs it too.
    """
    if signed_on and printed_on and printed_on < signed_on:
        raise NoticeError(
            code="printed_before_signed",
            message=_("印发日期（%(printed)s）不能早于成文日期（%(signed)s）。")
            % {"printed": printed_on.isoformat(), "signed": signed_on.isoformat()},
            field="printed_on",
        )


def _require_office(actor: Actor, tenant_id: int) -> None:
    """Refused 'not_office' unless ``actor`` may handle the school's notices (``can_manage_notices``)."""
    if not can_manage_notices(actor, tenant_id):
        raise Refused(_("只有本校工会（创先办）可以起草、印发和撤销公文。"), code="not_office")


def _require_draft(notice: Notice) -> None:
    if notice.status != NoticeStatus.DRAFT:
        raise NoticeError(
            code="not_draft",
            message=_("公文 %(number)s 已经印发，不能再修改；如有错误，请撤销后另行发文。")
            % {"number": notice.document_number},
        )


@transaction.atomic
def notice_create(
    *, tenant: Tenant, fields: NoticeFields, actor: Actor, campaign: Campaign | None = None
) -> Notice:
    """A draft notice (no number yet). Refused 'not_office' unless the school's office or the system;
    raises NoticeError for missing or malformed fields."""
    _require_office(actor, tenant.pk)
    values = _clean(fields)
    if campaign is not None and campaign.tenant_id != tenant.pk:
        raise NoticeError(code="campaign_other_tenant", message=_("所选创先活动不属于本单位。"))
    notice = Notice.objects.create(
        tenant=tenant,
        campaign=campaign,
        created_by=login_of(actor),
        **values,
    )
    audit_record(actor=actor, action="documents.notice.created", target=notice, data={"title": notice.title})
    return notice


@transaction.atomic
def notice_update(*, notice: Notice, fields: NoticeFields, actor: Actor) -> Notice:
    """Change a draft. Locks the notice row; raises NoticeError 'not_draft' once it is issued."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk, tenant_id=notice.tenant_id)
    _require_office(actor, notice.tenant_id)
    _require_draft(notice)
    values = _clean(fields)
    before = snapshot(notice, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(notice, name, value)
    notice.save()
    changes = diff(before, snapshot(notice, EDITABLE_FIELDS))
    if changes:
        audit_record(actor=actor, action="documents.notice.updated", target=notice, changes=changes)
    return notice


@transaction.atomic
def notice_delete(*, notice: Notice, actor: Actor) -> None:
    """Delete a draft with its attachments. Issued notices are never deleted (their number is spent)."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk, tenant_id=notice.tenant_id)
    _require_office(actor, notice.tenant_id)
    _require_draft(notice)
    for attachment in notice.attachments.all():
        discard(attachment.file)  # after commit: a rolled-back delete keeps its files
    audit_record(actor=actor, action="documents.notice.deleted", target=notice, data={"title": notice.title})
    notice.delete()


@transaction.atomic
def notice_attachment_add(
    *, notice: Notice, title: str, actor: Actor, upload: IO[bytes] | None = None, filename: str = ""
) -> NoticeAttachment:
    """Append an attachment to a draft (a title, optionally a file checked with ``file_check``).

    Raises NoticeError 'not_draft', 'attachment_title_required', or FileCheckError from the check.
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk, tenant_id=notice.tenant_id)
    _require_office(actor, notice.tenant_id)
    _require_draft(notice)
    title = title.strip()
    if not title:
        raise NoticeError(code="attachment_title_required", message=_("请填写附件名称。"), field="title")
    order = (notice.attachments.aggregate(m=Max("order"))["m"] or 0) + 1
    attachment = NoticeAttachment(tenant_id=notice.tenant_id, notice=notice, title=title, order=order)
    if upload is not None:
        store(attachment.file, upload, name=filename, allowed=DOCUMENTS + IMAGES)
    attachment.save()
    audit_record(
        actor=actor,
        action="documents.notice.attachment_added",
        target=notice,
        data={"title": title, "file": filename},
    )
    return attachment


@transaction.atomic
def notice_attachment_remove(*, attachment: NoticeAttachment, actor: Actor) -> None:
    notice = Notice.objects.select_for_update().get(pk=attachment.notice_id, tenant_id=attachment.tenant_id)
    _require_office(actor, notice.tenant_id)
    _require_draft(notice)
    audit_record(
        actor=actor,
        action="documents.notice.attachment_removed",
        target=notice,
        data={"title": attachment.title},
    )
    discard(attachment.file)
    attachment.delete()
    remaining = list(notice.attachments.order_by("order", "id"))
    for order, item in enumerate(remaining, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


def _sequence_locked(*, tenant_id: int, prefix: str, year: int) -> DocumentNumberSequence:
    """The sequence row for (tenant, prefix, year), created if missing, locked FOR UPDATE.

    ``get_or_create`` inserts in a savepoint; a concurrent insert of the same row loses on the unique
    constraint and reads the winner's row instead. Then the row is re-read under the lock, so the
    value used is the latest committed one.
    """
    sequence, _created = DocumentNumberSequence.objects.get_or_create(
        tenant_id=tenant_id, prefix=prefix, year=year
    )
    return DocumentNumberSequence.objects.select_for_update().get(
        pk=sequence.pk, tenant_id=sequence.tenant_id
    )


@transaction.atomic
def notice_series_set_start(
    *, tenant: Tenant, prefix: str, year: int, first_number: int, actor: Actor
) -> DocumentNumberSequence:
    """Let a series start at ``first_number`` (a series carried over from paper, e.g. No. 22).

    Only before the series has issued anything: numbers never go back, and jumping ahead later would
    leave a gap. Locks the sequence row. Refused 'not_office' unless the school's office or the
    system; raises NoticeError 'series_started', 'first_number_invalid'.
    """
    _require_office(actor, tenant.pk)
    prefix = prefix.strip()
    if not prefix or _FORBIDDEN_IN_PREFIX.search(prefix):
        raise NoticeError(
            code="prefix_invalid", message=_("机关代字只写代字本身，例如“泉师院委组工”。"), field="prefix"
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NoticeError(code="year_invalid", message=_("年份不正确。"), field="year")
    if first_number < 1:
        raise NoticeError(
            code="first_number_invalid", message=_("起始号码应为正整数。"), field="first_number"
        )
    sequence = _sequence_locked(tenant_id=tenant.pk, prefix=prefix, year=year)
    if sequence.last_number > 0:
        raise NoticeError(
            code="series_started",
            message=_("%(series)s 已经用到 %(last)s 号，不能再改起始号码；下一份将是 %(next)s 号。")
            % {"series": str(sequence), "last": sequence.last_number, "next": sequence.last_number + 1},
        )
    sequence.first_number = first_number
    sequence.save(update_fields=["first_number"])
    audit_record(
        actor=actor,
        action="documents.series.start_set",
        target=sequence,
        tenant_id=tenant.pk,
        data={"series": str(sequence), "first_number": first_number},
    )
    return sequence


@transaction.atomic
def notice_issue(*, notice: Notice, actor: Actor) -> Notice:
    """Issue a draft: give it the next number of its (tenant, prefix, year) series and freeze it.

    Locks the notice row, then the sequence row (created under the lock if missing); the number is
    read and advanced while both locks are held, so concurrent issuing yields consecutive, unique
    numbers. Raises NoticeError 'not_draft' or 'incomplete' (no signing date yet).
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk, tenant_id=notice.tenant_id)
    _require_office(actor, notice.tenant_id)
    _require_draft(notice)
    if notice.signed_on is None:
        raise NoticeError(code="incomplete", message=_("请先填写成文日期再签发。"), field="signed_on")
    sequence = _sequence_locked(tenant_id=notice.tenant_id, prefix=notice.prefix, year=notice.year)
    number = sequence.next_number
    sequence.last_number = number
    sequence.save(update_fields=["last_number"])
    notice.number = number
    notice.status = NoticeStatus.ISSUED
    notice.issued_at = clock.now()
    notice.issued_by = login_of(actor)
    notice.save(update_fields=["number", "status", "issued_at", "issued_by", "updated_at"])
    audit_record(
        actor=actor,
        action="documents.notice.issued",
        target=notice,
        data={"number": notice.document_number, "title": notice.title},
    )
    return notice


@transaction.atomic
def notice_revoke(*, notice: Notice, reason: str, actor: Actor) -> Notice:
    """Revoke an issued notice. It keeps its number (never reused) and stays readable, marked 已撤销.

    Locks the notice row. Raises NoticeError 'not_issued' or 'reason_required'.
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk, tenant_id=notice.tenant_id)
    _require_office(actor, notice.tenant_id)
    if notice.status != NoticeStatus.ISSUED:
        raise NoticeError(code="not_issued", message=_("只有已印发的公文可以撤销。"))
    reason = reason.strip()
    if not reason:
        raise NoticeError(code="reason_required", message=_("请填写撤销理由。"), field="reason")
    notice.status = NoticeStatus.REVOKED
    notice.revoked_at = clock.now()
    notice.revoked_by = login_of(actor)
    notice.revoke_reason = reason[:300]
    notice.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="documents.notice.revoked",
        target=notice,
        data={"number": notice.document_number, "reason": notice.revoke_reason},
    )
    return notice
