"""Checking an import (the plan): one preview row per data row, repeated staff and ID numbers, the
members a full import would mark as departed, and the counts. Writes no member."""

import logging
from collections import Counter
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.orgs.models import MemberStatus
from chuangxian.roster.columns import RosterFileError
from chuangxian.roster.models import ImportStatus, RosterImport, RosterImportRow, RowOutcome
from chuangxian.roster.planner import Departure, ParsedRow, Planned, Planner, parse_row
from chuangxian.roster.readers import open_sheet
from chuangxian.roster.services._common import CHUNK

logger = logging.getLogger(__name__)


def roster_import_plan(*, roster_import_id: int) -> RosterImport:
    """Check every row of a queued import and write its preview rows. Writes no member.

    Idempotent: an import that is already checked (or discarded) is returned as it is; one that was
    interrupted half-way starts over. Progress is committed chunk by chunk so a page can show it.
    A file-level problem marks the import 'failed' with a message instead of raising.
    """
    with transaction.atomic():
        roster_import = RosterImport.objects.all_tenants().select_for_update().get(pk=roster_import_id)
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
        roster_import = RosterImport.objects.all_tenants().select_for_update().get(pk=roster_import_id)
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
    RosterImport.objects.filter(
        pk=roster_import.pk, tenant_id=roster_import.tenant_id, status=ImportStatus.PLANNING
    ).update(status=ImportStatus.FAILED, error_message=message, updated_at=timezone.now())
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
                RosterImport.objects.filter(pk=roster_import.pk, tenant_id=roster_import.tenant_id).update(
                    processed_rows=seq, total_rows=max(estimate, seq)
                )
        if batch:
            seq = _write_rows(roster_import, planner.plan(batch), seq)
    if seq == 0:
        raise RosterFileError(code="no_rows", message=_("表头下面没有数据行。请检查是否选错了工作表或文件。"))
    _mark_repeated(roster_import, planner)
    _write_departures(roster_import, planner.departures(), seq)
    RosterImport.objects.filter(pk=roster_import.pk, tenant_id=roster_import.tenant_id).update(
        processed_rows=seq, total_rows=seq
    )


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
