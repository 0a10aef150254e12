"""Reads of the review records of one subject: its versions and its decisions."""

from typing import Any

from chuangxian.review.cycle import subject_type
from chuangxian.review.models import Decision, Revision


def revisions_of(obj: Any) -> list[Revision]:
    """The subject's submitted versions, oldest first."""
    return list(
        Revision.objects.filter(tenant_id=obj.tenant_id, subject_type=subject_type(obj), subject_id=obj.pk)
        .select_related("submitted_by")
        .order_by("number")
    )


def decisions_of(obj: Any) -> list[Decision]:
    """The subject's review decisions, newest first."""
    return list(
        Decision.objects.filter(tenant_id=obj.tenant_id, subject_type=subject_type(obj), subject_id=obj.pk)
        .select_related("reviewer")
        .order_by("-created_at", "-id")
    )
