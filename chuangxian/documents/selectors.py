"""Reads of official notices shared by the pages and the renderers."""

from django.db.models import F, QuerySet

from chuangxian.core.actors import Actor
from chuangxian.documents.models import DocumentNumberSequence, Notice, NoticeAttachment, NoticeStatus
from chuangxian.documents.permissions import can_manage_notices

LIST_FIELDS = (
    "id",
    "tenant_id",
    "prefix",
    "year",
    "number",
    "title",
    "issuing_office",
    "signed_on",
    "status",
    "issued_at",
    "created_at",
)


def notice_list_for_user(user: Actor, tenant_id: int) -> QuerySet[Notice]:
    """Notices of the tenant that ``user`` may read: drafts first for the office, then the newest
    numbers. One query whatever the number of rows."""
    qs = Notice.objects.filter(tenant_id=tenant_id).only(*LIST_FIELDS)
    if not can_manage_notices(user, tenant_id):
        qs = qs.exclude(status=NoticeStatus.DRAFT)
    return qs.order_by(F("issued_at").desc(nulls_first=True), "-year", "-number", "-id")


def notice_attachments(notice: Notice) -> list[NoticeAttachment]:
    return list(
        NoticeAttachment.objects.filter(tenant_id=notice.tenant_id, notice=notice).order_by("order", "id")
    )


def notice_attachment_get(notice: Notice, attachment_id: int) -> NoticeAttachment | None:
    return NoticeAttachment.objects.filter(
        tenant_id=notice.tenant_id, notice=notice, pk=attachment_id
    ).first()


def series_list_for_tenant(tenant_id: int) -> list[DocumentNumberSequence]:
    return list(DocumentNumberSequence.objects.filter(tenant_id=tenant_id).order_by("-year", "prefix"))


def series_next_number(tenant_id: int, prefix: str, year: int) -> int:
    """The number the next issue in this series would get *now*; another issue may take it first."""
    sequence = DocumentNumberSequence.objects.filter(tenant_id=tenant_id, prefix=prefix, year=year).first()
    return sequence.next_number if sequence is not None else 1
