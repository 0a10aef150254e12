"""Confirming an import: re-planning every row against the roster as it is now and applying it
through ``orgs.services.roster_apply`` in one transaction, or queueing that as a background task."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.models import Tenant
from chuangxian.orgs.services import RosterChanges, RosterResult, roster_apply
from chuangxian.roster.models import ImportStatus, RosterImport, RosterImportRow, RowOutcome
from chuangxian.roster.planner import Departure, ParsedRow, Planner
from chuangxian.roster.services._common import CHUNK, RosterError, _require_importer
from chuangxian.roster.services.plan import _store_counts, _write_departures


def _enqueue_confirm(roster_import_id: int) -> None:
    from chuangxian.roster.tasks import roster_import_confirm_task

    roster_import_confirm_task.enqueue(roster_import_id)


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
            # Locked in any tenant: the rule below refuses another tenant's actor.
            roster_import = RosterImport.objects.all_tenants().select_for_update().get(pk=roster_import_id)
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
            roster_import.confirmed_by = login_of(actor)
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
            roster_import = RosterImport.objects.all_tenants().select_for_update().get(pk=roster_import_id)
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
    # Called by the worker with an id too: the import may be any tenant's.
    RosterImport.objects.all_tenants().filter(
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
        # Locked in any tenant: the rule below refuses another tenant's actor.
        roster_import = RosterImport.objects.all_tenants().select_for_update().get(pk=roster_import_id)
        _require_importer(actor, roster_import.tenant_id)
        if roster_import.status == ImportStatus.CONFIRMING:
            raise RosterError(code="not_ready", message=_("这次导入正在进行中，请稍候。"))
        _require_confirmable(roster_import)
        if roster_import.background:
            roster_import.status = ImportStatus.CONFIRMING
            roster_import.confirmed_by = login_of(actor)
            roster_import.error_message = ""
            roster_import.save(update_fields=["status", "confirmed_by", "error_message", "updated_at"])
            import_id = roster_import.pk
            transaction.on_commit(lambda: _enqueue_confirm(import_id))
    if not roster_import.background:
        roster_import_confirm(roster_import_id=roster_import_id, actor=actor)
    roster_import.refresh_from_db()
    return roster_import
