"""Uploading a roster: the cheap checks made in the request, storing the file, and checking it at
once or queueing the check as a background task."""

import os
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.models import Tenant
from chuangxian.roster.columns import RosterFileError
from chuangxian.roster.models import DepartureStatus, ImportFormat, ImportMode, ImportStatus, RosterImport
from chuangxian.roster.readers import open_sheet, sniff_format
from chuangxian.roster.services._common import RosterError, _require_importer
from chuangxian.roster.services.plan import roster_import_plan


def roster_import_upload(
    *,
    tenant: Tenant,
    upload: IO[bytes],
    original_name: str,
    mode: str,
    departure_status: str = DepartureStatus.LEFT,
    actor: Actor,
) -> RosterImport:
    """Store an uploaded roster and check it now, or queue the check when the file is large.

    The request does only the cheap checks before anything is stored: the size, the type, an .xlsx's
    ZIP directory (what it expands to), the header, and the number of rows, counted without parsing
    them (never taken from the size the file records). Side effect: with more data rows than
    ``ROSTER_IMPORT_BACKGROUND_ROWS`` the check runs as a background task after commit.
    Raises RosterFileError 'too_large', 'empty', 'wrong_type', 'corrupt', 'archive_too_large',
    'archive_too_many_entries', 'no_header', 'not_excel' (a text file named .xlsx or .xls, with no
    header), 'missing_columns', 'no_rows'; RosterError 'bad_mode'; Refused 'not_office' unless
    ``actor`` may import the tenant's roster (``can_import_roster``), before the file is read.
    """
    _require_importer(actor, tenant.pk)
    if mode not in ImportMode.values or departure_status not in DepartureStatus.values:
        raise RosterError(code="bad_mode", message=_("请选择导入方式。"))
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    limit = settings.ROSTER_IMPORT_MAX_BYTES
    if size > limit:
        raise RosterFileError(
            code="too_large",
            message=_(
                "文件太大（%(size)s MB），最大 %(limit)s MB。请删去多余的工作表、图片和空行后再上传，或分批导入。"
            )
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
        )
    if size == 0:
        raise RosterFileError(code="empty", message=_("文件是空的，请检查后重新上传。"))
    file_format, encoding = sniff_format(upload)
    try:
        with open_sheet(upload, file_format, encoding) as sheet:
            header, sheet_name, estimate = sheet.header, sheet.sheet_name, sheet.estimated_rows()
    except RosterFileError as error:
        raise _named_excel_but_text(original_name, file_format, error) from error
    background = estimate > settings.ROSTER_IMPORT_BACKGROUND_ROWS
    with transaction.atomic():
        roster_import = RosterImport(
            tenant=tenant,
            uploaded_by=login_of(actor),
            original_name=original_name[:255],
            file_format=file_format,
            encoding=encoding,
            mode=mode,
            departure_status=departure_status,
            status=ImportStatus.QUEUED,
            background=background,
            sheet_name=sheet_name[:100],
            header_rows=header.rows_label,
            columns=header.describe(),
            ignored_columns=header.ignored,
            total_rows=estimate,
        )
        upload.seek(0)
        roster_import.file.save(f"roster.{file_format}", File(upload), save=False)
        roster_import.save()
        audit_record(
            actor=actor,
            action="roster.import.uploaded",
            target=roster_import,
            data={"file": original_name, "format": file_format, "mode": mode, "rows": estimate},
        )
        if background:
            import_id = roster_import.pk
            transaction.on_commit(lambda: _enqueue_plan(import_id))
    if not background:
        roster_import = roster_import_plan(roster_import_id=roster_import.pk)
    return roster_import


def _named_excel_but_text(name: str, file_format: str, error: RosterFileError) -> RosterFileError:
    """Text that names no column, in a file called .xlsx or .xls, is most likely not the roster the
    officer meant (a renamed note, a mis-saved export): say so, rather than only "no header".
    Text exports named .xls that do hold a table (HR systems make them) are still read as such."""
    extension = os.path.splitext(name)[1].lower()
    if file_format != ImportFormat.CSV or error.code != "no_header" or extension not in (".xlsx", ".xls"):
        return error
    return RosterFileError(
        code="not_excel",
        message=_(
            "「%(name)s」的扩展名是 %(ext)s，但内容不是 Excel 表格，而是纯文本，其中也找不到「工号」「姓名」"
            "「所在单位」等列名。请用 Excel 或 WPS 打开原名册，另存为 .xlsx 后再上传。"
        )
        % {"name": name, "ext": extension},
    )


def _enqueue_plan(roster_import_id: int) -> None:
    from chuangxian.roster.tasks import roster_import_plan_task

    roster_import_plan_task.enqueue(roster_import_id)
