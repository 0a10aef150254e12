"""Every write of a roster import: upload, check (plan), confirm, discard.

The life of an import: ``roster_import_upload`` stores the file and either checks it at once or
queues the check (``ROSTER_IMPORT_BACKGROUND_ROWS``); ``roster_import_plan`` writes one preview row
per data row; the officer reads the preview and ``roster_import_confirm`` re-plans against the
roster as it is at that moment and applies it through ``orgs.services.roster_apply``, in one
transaction. Nothing touches a member before that.
"""

import logging
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.models import Tenant
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.services import RosterChanges, RosterResult, roster_apply
from chuangxian.roster.columns import RosterFileError
from chuangxian.roster.models import (
    DepartureStatus,
    ImportFormat,
    ImportMode,
    ImportStatus,
    RosterImport,
    RosterImportRow,
    RowOutcome,
)
from chuangxian.roster.permissions import can_import_roster
from chuangxian.roster.planner import Departure, ParsedRow, Planned, Planner, parse_row
from chuangxian.roster.readers import open_sheet, sniff_format

logger = logging.getLogger(__name__)

CHUNK = 500  # rows planned, looked up and written per step


class RosterError(DomainError):
    pass


def _require_importer(actor: Actor, tenant_id: int) -> None:
    if not can_import_roster(actor, tenant_id):
        raise Refused(_("只有学校工会可以导入名册。"), code="not_office")


def _login_of(actor: Actor) -> User | None:
    """The login to name as uploader or confirmer: None when the system acts."""
    return actor if isinstance(actor, User) else None


# --- upload ----------------------------------------------------------------------------------------


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
            uploaded_by=_login_of(actor),
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


def _enqueue_confirm(roster_import_id: int) -> None:
    from chuangxian.roster.tasks import roster_import_confirm_task

    roster_import_confirm_task.enqueue(roster_import_id)


# --- plan ------------------------------------------------------------------------------------------


def roster_import_plan(*, roster_import_id: int) -> RosterImport:
    """Check every row of a queued import and write its preview rows. Writes no member.

    Idempotent: an import that is already checked (or discarded) is returned as it is; one that was
    interrupted half-way starts over. Progress is committed chunk by chunk so a page can show it.
    A file-level problem marks the import 'failed' with a message instead of raising.
    """
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
        if roster_import.status not in (ImportStatus.QUEUED, ImportStatus.PLANNING):
            return roster_import
        RosterImportRow.objects.filter(
            tenant_id=roster_import.tenant_id, roster_import=roster_import
        ).delete()
        roster_import.status = ImportStatus.PLANNING
        roster_import.processed_rows = 0
        roster_import.save(update_fields=["status", "processed_rows", "updated_at"])
    try:
        _plan_file(roster_import)
    except RosterFileError as error:
        return _plan_failed(roster_import, error.message)
    except Exception:
        logger.exception("roster import %s: check failed", roster_import_id)
        return _plan_failed(
            roster_import, _("检查名册时出错，请确认文件能用 Excel 或 WPS 正常打开后重新上传。")
        )
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
        if roster_import.status != ImportStatus.PLANNING:  # discarded meanwhile
            RosterImportRow.objects.filter(
                tenant_id=roster_import.tenant_id, roster_import=roster_import
            ).delete()
            return roster_import
        _store_counts(roster_import, _count_rows(roster_import))
        roster_import.status = ImportStatus.READY
        roster_import.error_message = ""
        roster_import.save()
    return roster_import


def _plan_failed(roster_import: RosterImport, message: str) -> RosterImport:
    RosterImportRow.objects.filter(tenant_id=roster_import.tenant_id, roster_import=roster_import).delete()
    RosterImport.objects.filter(pk=roster_import.pk, status=ImportStatus.PLANNING).update(
        status=ImportStatus.FAILED, error_message=message, updated_at=timezone.now()
    )
    roster_import.refresh_from_db()
    return roster_import


def _plan_file(roster_import: RosterImport) -> None:
    today = clock.today()
    planner = Planner(
        tenant_id=roster_import.tenant_id,
        mode=roster_import.mode,
        today=today,
        departure_status=roster_import.departure_status,
    )
    estimate = roster_import.total_rows
    seq = 0
    with (
        roster_import.file.open("rb") as stream,
        open_sheet(stream, roster_import.file_format, roster_import.encoding) as sheet,
    ):
        planner.header = sheet.header
        batch: list[ParsedRow] = []
        for number, cells in sheet.rows:
            parsed = parse_row(sheet.header, number, cells, today=today)
            if parsed is None:
                continue
            batch.append(parsed)
            if len(batch) >= CHUNK:
                seq = _write_rows(roster_import, planner.plan(batch), seq)
                batch = []
                RosterImport.objects.filter(pk=roster_import.pk).update(
                    processed_rows=seq, total_rows=max(estimate, seq)
                )
        if batch:
            seq = _write_rows(roster_import, planner.plan(batch), seq)
    if seq == 0:
        raise RosterFileError(code="no_rows", message=_("表头下面没有数据行。请检查是否选错了工作表或文件。"))
    _mark_repeated(roster_import, planner)
    _write_departures(roster_import, planner.departures(), seq)
    RosterImport.objects.filter(pk=roster_import.pk).update(processed_rows=seq, total_rows=seq)


def _row_object(roster_import: RosterImport, seq: int, planned: Planned) -> RosterImportRow:
    row = planned.row
    return RosterImportRow(
        tenant_id=roster_import.tenant_id,
        roster_import=roster_import,
        seq=seq,
        row_number=row.row_number,
        staff_no=row.staff_no[:64],
        name=row.name[:120],
        outcome=planned.outcome,
        member_id=planned.member_id,
        data=row.data(),
        changes=planned.changes,
        errors=row.errors,
    )


def _write_rows(roster_import: RosterImport, planned: Sequence[Planned], seq: int) -> int:
    objects = []
    for item in planned:
        seq += 1
        objects.append(_row_object(roster_import, seq, item))
    RosterImportRow.objects.bulk_create(objects, batch_size=CHUNK)
    return seq


def _mark_repeated(roster_import: RosterImport, planner: Planner) -> None:
    """The first of repeated staff or ID numbers is an error too, naming the rows that repeat it."""
    if not planner.repeated:
        return
    firsts = list(planner.repeated)
    rows = RosterImportRow.objects.filter(
        tenant_id=roster_import.tenant_id, roster_import=roster_import, row_number__in=firsts
    )
    changed = []
    for row in rows:
        for field_name in ("staff_no", "id_number"):
            later = [
                str(n) for n, name, _value in planner.repeated[row.row_number or 0] if name == field_name
            ]
            if not later:
                continue
            label = _("工号") if field_name == "staff_no" else _("身份证号")
            row.errors.append(
                {
                    "field": field_name,
                    "column": planner.column(field_name),
                    "code": f"{field_name}_duplicate",
                    "message": _(
                        "%(label)s在第 %(rows)s 行重复出现：同一%(label)s只能出现一次，请删除重复行或更正。"
                    )
                    % {"label": label, "rows": "、".join(later)},
                }
            )
        row.outcome = RowOutcome.ERROR
        changed.append(row)
    RosterImportRow.objects.bulk_update(changed, ["outcome", "errors"], batch_size=CHUNK)


def _departure_status_label(status: str) -> str:
    return str(dict(MemberStatus.choices).get(status, status))


def _write_departures(roster_import: RosterImport, departures: Sequence[Departure], seq: int) -> int:
    objects = []
    after = _departure_status_label(roster_import.departure_status)
    before = _departure_status_label(MemberStatus.ACTIVE)
    for member_id, staff_no, name, unit_label in departures:
        seq += 1
        objects.append(
            RosterImportRow(
                tenant_id=roster_import.tenant_id,
                roster_import=roster_import,
                seq=seq,
                row_number=None,
                staff_no=staff_no,
                name=name,
                outcome=RowOutcome.DEPARTURE,
                member_id=member_id,
                data={"unit_label": unit_label},
                changes=[["status", before, after]],
            )
        )
    RosterImportRow.objects.bulk_create(objects, batch_size=CHUNK)
    return seq


def _count_rows(roster_import: RosterImport) -> Counter[str]:
    counts = (
        RosterImportRow.objects.filter(tenant_id=roster_import.tenant_id, roster_import=roster_import)
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter({row["outcome"]: row["n"] for row in counts})


def _store_counts(roster_import: RosterImport, counts: Counter[str]) -> None:
    roster_import.new_count = counts[RowOutcome.NEW]
    roster_import.updated_count = counts[RowOutcome.UPDATED]
    roster_import.unchanged_count = counts[RowOutcome.UNCHANGED]
    roster_import.error_count = counts[RowOutcome.ERROR]
    roster_import.departure_count = counts[RowOutcome.DEPARTURE]


# --- confirm ---------------------------------------------------------------------------------------


@dataclass
class Replan:
    creates: list[Mapping[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, Mapping[str, Any]]] = field(default_factory=list)
    departures: list[Departure] = field(default_factory=list)
    changed_rows: list[RosterImportRow] = field(default_factory=list)
    departures_changed: bool = False
    file_rows: int = 0
    counts: Counter[str] = field(default_factory=Counter)


class _Stale(Exception):
    def __init__(self, replan: Replan) -> None:
        super().__init__("stale plan")
        self.replan = replan


def _replan(roster_import: RosterImport, *, lock: bool) -> Replan:
    """Plan the stored rows again against the roster as it is now (members locked when ``lock``)."""
    planner = Planner(
        tenant_id=roster_import.tenant_id,
        mode=roster_import.mode,
        today=clock.today(),
        departure_status=roster_import.departure_status,
        lock=lock,
    )
    result = Replan()
    rows = RosterImportRow.objects.filter(tenant_id=roster_import.tenant_id, roster_import=roster_import)
    last_seq = 0
    while True:
        chunk = list(
            rows.filter(seq__gt=last_seq)
            .exclude(outcome=RowOutcome.DEPARTURE)
            .order_by("seq")
            .only("id", "seq", "row_number", "outcome", "member_id", "data", "changes", "errors")[:CHUNK]
        )
        if not chunk:
            break
        last_seq = chunk[-1].seq
        planned = planner.plan([ParsedRow.from_data(r.row_number, r.data) for r in chunk])
        for stored, item in zip(chunk, planned, strict=True):
            result.file_rows += 1
            result.counts[item.outcome] += 1
            if item.create is not None:
                result.creates.append(item.create)
            if item.update is not None and item.member_id is not None:
                result.updates.append((item.member_id, item.update))
            fresh = (item.outcome, item.member_id, item.changes, item.row.errors)
            if (stored.outcome, stored.member_id, stored.changes, stored.errors) != fresh:
                stored.outcome, stored.member_id, stored.changes, stored.errors = fresh
                result.changed_rows.append(stored)
    result.departures = planner.departures()
    result.counts[RowOutcome.DEPARTURE] = len(result.departures)
    stored_departures = set(rows.filter(outcome=RowOutcome.DEPARTURE).values_list("member_id", flat=True))
    result.departures_changed = stored_departures != {d[0] for d in result.departures}
    return result


def _store_replan(roster_import: RosterImport, replan: Replan) -> None:
    """Make the preview rows say what the re-plan says."""
    RosterImportRow.objects.bulk_update(
        replan.changed_rows, ["outcome", "member_id", "changes", "errors"], batch_size=CHUNK
    )
    if replan.departures_changed:
        RosterImportRow.objects.filter(
            tenant_id=roster_import.tenant_id, roster_import=roster_import, outcome=RowOutcome.DEPARTURE
        ).delete()
        _write_departures(roster_import, replan.departures, replan.file_rows)
    _store_counts(roster_import, replan.counts)


def _require_confirmable(roster_import: RosterImport) -> None:
    if roster_import.status not in (ImportStatus.READY, ImportStatus.CONFIRMING):
        raise RosterError(
            code="not_ready",
            message=_("这次导入当前的状态是「%(status)s」，不能确认。")
            % {"status": roster_import.get_status_display()},
        )
    if roster_import.error_count:
        raise RosterError(
            code="has_errors",
            message=_("名册中还有 %(count)s 行错误。请按提示改好文件后重新上传，再确认导入。")
            % {"count": roster_import.error_count},
        )


def roster_import_confirm(*, roster_import_id: int, actor: Actor) -> RosterResult:
    """Apply a checked import to the roster: all or nothing.

    In one transaction: locks the import row, re-plans every row against the current roster (the
    members it reads are locked on PostgreSQL), applies the plan with ``orgs.services.roster_apply``
    and records the outcome. Any failure leaves the roster exactly as it was. Members are never
    deleted; members missing from a full import get the chosen departure status.
    Raises Refused 'not_office' (``can_import_roster``; the import is left as it is), RosterError
    'not_ready', 'has_errors', 'stale' (the roster changed so that some rows no longer fit: the
    preview is refreshed to show them), 'conflict'.
    """
    try:
        with transaction.atomic():
            roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
            _require_importer(actor, roster_import.tenant_id)
            _require_confirmable(roster_import)
            replan = _replan(roster_import, lock=True)
            if replan.counts[RowOutcome.ERROR]:
                raise _Stale(replan)
            result = roster_apply(
                tenant=Tenant.objects.get(pk=roster_import.tenant_id),
                changes=RosterChanges(
                    creates=replan.creates,
                    updates=replan.updates,
                    departures=[d[0] for d in replan.departures],
                    departure_status=roster_import.departure_status,
                ),
                actor=actor,
                source=f"roster_import:{roster_import.pk} {roster_import.original_name}"[:200],
                on=clock.today(),
            )
            _store_replan(roster_import, replan)
            roster_import.status = ImportStatus.DONE
            roster_import.error_message = ""
            roster_import.confirmed_by = _login_of(actor)
            roster_import.confirmed_at = clock.now()
            roster_import.save()
            audit_record(
                actor=actor,
                action="roster.import.confirmed",
                target=roster_import,
                data={
                    "mode": roster_import.mode,
                    "created": result.created,
                    "updated": result.updated,
                    "departed": result.departed,
                },
            )
            return result
    except _Stale as stale:
        message = _(
            "预览之后系统中的单位或会员发生了变化，有 %(count)s 行已不能导入。预览已按最新数据更新，"
            "请改好文件后重新上传。名册没有任何改动。"
        ) % {"count": stale.replan.counts[RowOutcome.ERROR]}
        with transaction.atomic():
            roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
            _store_replan(roster_import, stale.replan)
            roster_import.status = ImportStatus.READY
            roster_import.error_message = message
            roster_import.save()
        raise RosterError(code="stale", message=message) from None
    except IntegrityError as error:
        message = _(
            "导入时与同时进行的其他修改冲突（例如同一工号刚被别人录入），名册没有任何改动。请重新上传再试。"
        )
        roster_import_confirm_failed(roster_import_id=roster_import_id, message=message)
        raise RosterError(code="conflict", message=message) from error
    except RosterError as error:
        roster_import_confirm_failed(roster_import_id=roster_import_id, message=error.message)
        raise


def roster_import_confirm_failed(*, roster_import_id: int, message: str) -> None:
    """After a failed confirmation (nothing was written): back to the preview, with the reason."""
    RosterImport.objects.filter(
        pk=roster_import_id, status__in=[ImportStatus.READY, ImportStatus.CONFIRMING]
    ).update(status=ImportStatus.READY, error_message=message, updated_at=timezone.now())


def roster_import_confirm_start(*, roster_import_id: int, actor: Actor) -> RosterImport:
    """The officer confirms: apply now, or for a large import queue the confirmation as a task (the
    task confirms as ``confirmed_by``, so the rule is checked again when it runs).

    Locks the import row. Raises Refused 'not_office' (``can_import_roster``), RosterError
    'not_ready', 'has_errors', and for an immediate confirmation everything ``roster_import_confirm``
    raises.
    """
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
        _require_importer(actor, roster_import.tenant_id)
        if roster_import.status == ImportStatus.CONFIRMING:
            raise RosterError(code="not_ready", message=_("这次导入正在进行中，请稍候。"))
        _require_confirmable(roster_import)
        if roster_import.background:
            roster_import.status = ImportStatus.CONFIRMING
            roster_import.confirmed_by = _login_of(actor)
            roster_import.error_message = ""
            roster_import.save(update_fields=["status", "confirmed_by", "error_message", "updated_at"])
            import_id = roster_import.pk
            transaction.on_commit(lambda: _enqueue_confirm(import_id))
    if not roster_import.background:
        roster_import_confirm(roster_import_id=roster_import_id, actor=actor)
    roster_import.refresh_from_db()
    return roster_import


# --- discard ---------------------------------------------------------------------------------------


@transaction.atomic
def roster_import_discard(*, roster_import_id: int, actor: Actor) -> RosterImport:
    """Give up an import that was not applied: its preview rows and the stored file are deleted.

    Locks the import row. Side effect after commit: the file is removed from storage.
    Raises Refused 'not_office' (``can_import_roster``), RosterError 'cannot_discard' for an import
    that is applied or being applied.
    """
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
    _require_importer(actor, roster_import.tenant_id)
    if roster_import.status in (ImportStatus.DONE, ImportStatus.CONFIRMING, ImportStatus.DISCARDED):
        raise RosterError(
            code="cannot_discard",
            message=_("这次导入的状态是「%(status)s」，不能放弃。")
            % {"status": roster_import.get_status_display()},
        )
    RosterImportRow.objects.filter(tenant_id=roster_import.tenant_id, roster_import=roster_import).delete()
    stored_name, storage = roster_import.file.name, roster_import.file.storage
    roster_import.status = ImportStatus.DISCARDED
    roster_import.save(update_fields=["status", "updated_at"])
    if stored_name:
        transaction.on_commit(lambda: storage.delete(stored_name))
    audit_record(
        actor=actor,
        action="roster.import.discarded",
        target=roster_import,
        data={"file": roster_import.original_name},
    )
    return roster_import
