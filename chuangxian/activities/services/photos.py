"""An activity's photos: uploading one (type read from the content, size capped)."""

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.activities.models import Activity, ActivityPhoto, ActivityStatus
from chuangxian.activities.services._common import ActivityError, _require_manager
from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.files import IMAGES


@transaction.atomic
def activity_photo_add(*, activity: Activity, upload: IO[bytes], name: str, actor: Actor) -> ActivityPhoto:
    """Attach a photo (JPEG, PNG, GIF, WebP; the type is read from the content, the size is capped).

    Raises Refused 'forbidden'; ActivityError 'not_published'; FileCheckError 'empty', 'too_large',
    'forbidden_type', 'bad_extension', 'type_mismatch'. Nothing is stored when a check fails.
    """
    activity = (
        Activity.objects.select_for_update()
        .select_related("unit")
        .get(pk=activity.pk, tenant_id=activity.tenant_id)
    )
    _require_manager(actor, activity)
    if activity.status == ActivityStatus.DRAFT:
        raise ActivityError(code="not_published", message=_("活动尚未发布，不能上传照片。"))
    photo = ActivityPhoto(tenant_id=activity.tenant_id, activity=activity)
    # Stored under a random name with the checked kind's extension: the user's name is only a label.
    kind = photo.attach(upload, name=name, allowed=IMAGES, uploaded_by=login_of(actor))
    photo.save()
    audit_record(
        actor=actor,
        action="activities.photo.added",
        target=activity,
        unit=activity.unit,
        data={"file": photo.original_name, "kind": kind.code, "size": photo.size},
    )
    return photo
