"""Uploaded files: the type is read from the content, never trusted from the name; sizes are capped.

Services do not call these directly to write a file: ``core.attachments.store`` runs ``file_check``,
saves under ``stored_name(kind)`` (so the name on disk carries the checked kind's extension) and
discards the file it replaces; ``core.attachments.discard`` removes a stored file after commit; rows
that are one file derive from ``core.attachments.Attachment``. Every ``FileField`` uses
``random_upload_to``, so no stored path can be guessed. Files are served only through a
permission-checked view and ``core.views.stored_file_response``.
"""

import os
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.errors import DomainError


class FileCheckError(DomainError):
    pass


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extensions: tuple[str, ...]
    content_type: str


KINDS: dict[str, FileKind] = {
    k.code: k
    for k in (
        FileKind("jpeg", "JPEG 图片", (".jpg", ".jpeg"), "image/jpeg"),
        FileKind("png", "PNG 图片", (".png",), "image/png"),
        FileKind("gif", "GIF 图片", (".gif",), "image/gif"),
        FileKind("webp", "WebP 图片", (".webp",), "image/webp"),
        FileKind("pdf", "PDF 文件", (".pdf",), "application/pdf"),
        FileKind(
            "docx",
            "Word 文档",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "xlsx",
            "Excel 表格",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileKind(
            "pptx",
            "PowerPoint 演示文稿",
            (".pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileKind(
            "ole", "旧版 Office 文档", (".doc", ".xls", ".ppt", ".wps", ".et"), "application/octet-stream"
        ),
    )
}

IMAGES = ("jpeg", "png", "gif", "webp")
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "ole")
IMAGES_AND_DOCUMENTS = IMAGES + DOCUMENTS


def sniff(head: bytes, stream: IO[bytes] | None = None) -> str | None:
    """The kind code of a file from its first bytes (and, for zip-based Office files, its parts)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04") and stream is not None:
        try:
            stream.seek(0)
            names = zipfile.ZipFile(stream).namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            stream.seek(0)
        for prefix, code in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(name.startswith(prefix) for name in names):
                return code
    return None


def file_check(
    upload: IO[bytes],
    *,
    name: str,
    allowed: Iterable[str] = IMAGES_AND_DOCUMENTS,
    max_bytes: int | None = None,
) -> FileKind:
    """Check an upload before storing it. Returns its kind.

    Raises FileCheckError 'empty', 'too_large', 'forbidden_type' (the content is of no allowed kind),
    'bad_extension' (the name ends in an extension of no allowed kind, such as ``.js``, ``.html`` or
    ``.svg``: a browser could run it by its name) or 'type_mismatch' (the name claims one allowed
    kind, the content is another). A name without an extension is accepted: the type comes from
    the content and the stored name gets that kind's extension (``stored_name``).
    """
    limit = max_bytes or settings.ATTACHMENT_MAX_BYTES
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise FileCheckError(code="empty", message=_("文件「%(name)s」是空的。") % {"name": name})
    if size > limit:
        raise FileCheckError(
            code="too_large",
            message=_("文件「%(name)s」有 %(size).1f MB，超过了 %(limit).0f MB 的上限，请压缩后再上传。")
            % {"name": name, "size": size / 1024 / 1024, "limit": limit / 1024 / 1024},
        )
    allowed = tuple(allowed)
    code = sniff(upload.read(16), upload)
    upload.seek(0)
    labels = "、".join(dict.fromkeys(KINDS[k].label for k in allowed))
    if code is None or code not in allowed:
        raise FileCheckError(
            code="forbidden_type",
            message=_("文件「%(name)s」的类型不允许上传。可以上传：%(labels)s。")
            % {"name": name, "labels": labels},
        )
    kind = KINDS[code]
    extension = name_extension(name)
    extensions = tuple(dict.fromkeys(e for k in allowed for e in KINDS[k].extensions))
    if extension and extension not in extensions:
        raise FileCheckError(
            code="bad_extension",
            message=_(
                "文件「%(name)s」的扩展名「%(extension)s」不允许上传，请使用以下扩展名之一：%(extensions)s。"
            )
            % {"name": name, "extension": extension, "extensions": "、".join(extensions)},
        )
    claimed = [k for k in KINDS.values() if extension in k.extensions]
    if claimed and kind not in claimed:
        raise FileCheckError(
            code="type_mismatch",
            message=_("文件「%(name)s」的扩展名与实际内容不符（实际是%(kind)s），请检查后重新上传。")
            % {"name": name, "kind": kind.label},
        )
    return kind


def name_extension(name: str) -> str:
    """The lower-case extension of a file name with its dot (``".jpg"``), or "" when it has none."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def stored_name(kind: FileKind, name: str = "") -> str:
    """The name to hand to ``FieldFile.save`` for a checked upload: the sniffed kind's extension
    (the user's own when it is one of that kind's, so a .jpeg stays .jpeg); ``random_upload_to``
    keeps only the extension."""
    extension = name_extension(name)
    return "upload" + (extension if extension in kind.extensions else kind.extensions[0])


_SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")


@deconstructible
class RandomUploadTo:
    """``upload_to`` of every FileField: ``<prefix>/<year>/<uuid4 hex><ext>``.

    The name is random (122 bits), so a stored path cannot be guessed from a record's id or the
    user's file name; the extension is the one of the name given to ``FieldFile.save`` (services
    give ``stored_name(kind)``), kept only when it is short and plain.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        extension = os.path.splitext(filename)[1].lower()
        if not _SAFE_EXTENSION.fullmatch(extension):
            extension = ""
        return f"{self.prefix}/{clock.today():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def random_upload_to(prefix: str) -> RandomUploadTo:
    """The ``upload_to`` for a FileField whose files live under ``prefix``."""
    return RandomUploadTo(prefix)
