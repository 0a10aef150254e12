"""Attachments: the one way a service writes a stored file, the one way it removes one.

* ``store(field_file, upload, name=..., allowed=...)`` checks the upload (``files.file_check``:
  the type from the content, a lying name refused, the size capped), saves it under a random name
  with the checked kind's extension and, when the field held a file before, removes the old one
  after the transaction commits. Nothing is written when the check fails.
* ``discard(field_file)`` removes a stored file after the transaction commits (never before: a
  rolled-back transaction must find its file still there). An empty field is a no-op.
* ``Attachment`` is the abstract model of a row that IS an attachment (one file, its original
  name, size, sniffed kind, who uploaded it and when). Deleting such a row, one by one, by a
  queryset or by a cascade, discards its file (a ``post_delete`` receiver for every concrete
  subclass). Fields on bigger records (a plan version's file, a task's document) stay plain
  ``FileField``\\ s and go through ``store``/``discard`` in their services.

Files are served only through a permission-checked view and ``core.views.stored_file_response``.
"""

from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import class_prepared, post_delete
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.files import (
    IMAGES,
    IMAGES_AND_DOCUMENTS,
    FileKind,
    file_check,
    random_upload_to,
    stored_name,
)
from chuangxian.core.models import TenantModel


def _delete_after_commit(storage: Storage, name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def store(
    field_file: FieldFile,
    upload: IO[bytes],
    *,
    name: str,
    allowed: Iterable[str] = IMAGES_AND_DOCUMENTS,
    max_bytes: int | None = None,
) -> FileKind:
    """Check ``upload`` and save it into ``field_file`` under a random name. Returns its kind.

    ``name`` is the user's file name (a label only; its extension must match the content). The
    model instance is not saved (``save=False``): the service saves it. A file the field held
    before is discarded after commit. Raises FileCheckError (see ``file_check``); then nothing is
    written and the field is unchanged.
    """
    kind = file_check(upload, name=name, allowed=allowed, max_bytes=max_bytes)
    previous = (field_file.storage, field_file.name) if field_file else None
    field_file.save(stored_name(kind, name), File(upload), save=False)
    if previous is not None:
        _delete_after_commit(*previous)
    return kind


def discard(field_file: FieldFile | None) -> None:
    """Delete the stored file of ``field_file`` once the transaction commits (at once outside
    one). A no-op for an empty field. The field itself is left as it is: a service that keeps the
    record clears it (``record.file = ""``) and saves."""
    if field_file:
        _delete_after_commit(field_file.storage, field_file.name)


def upload_size(upload: IO[bytes]) -> int:
    """The size in bytes of an open upload; the position is back at the start."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


class Attachment(TenantModel):
    """Abstract base of a row that is one uploaded file.

    A subclass redeclares ``file`` with its own ``random_upload_to`` prefix and adds its link
    (``meeting``, ``activity``...). Fill a new row with ``attach``; deleting the row discards the
    stored file after commit.
    """

    file = models.FileField(_("文件"), upload_to=random_upload_to("attachments"))
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=clock.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGES

    def attach(
        self,
        upload: IO[bytes],
        *,
        name: str,
        allowed: Iterable[str] = IMAGES_AND_DOCUMENTS,
        max_bytes: int | None = None,
        uploaded_by: Any = None,
    ) -> FileKind:
        """Store ``upload`` as this row's file (``store``) and fill its name, kind, size and
        uploader. The row is not saved."""
        kind = store(self.file, upload, name=name, allowed=allowed, max_bytes=max_bytes)
        self.original_name = name[:200]
        self.kind = kind.code
        self.size = upload_size(upload)
        if uploaded_by is not None:
            self.uploaded_by = uploaded_by
        return kind


def _discard_deleted(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    discard(instance.file)


def _connect(sender: type[models.Model], **kwargs: Any) -> None:
    if issubclass(sender, Attachment) and not sender._meta.abstract:
        post_delete.connect(
            _discard_deleted, sender=sender, weak=False, dispatch_uid=f"attachment-{sender._meta.label}"
        )


# Per concrete subclass, not for every model: a receiver on all models would turn every
# queryset delete in the project into a fetch-then-delete.
class_prepared.connect(_connect, weak=False, dispatch_uid="attachment-subclasses")
