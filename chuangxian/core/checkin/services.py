"""The one implementation of check-in: by scanned code, by hand, undone, or the whole ticked list.

Every function takes the target's ``CheckinAdapter`` (its model, codes and rules) and the actor, and
runs in one transaction: it locks the target row (re-fetched within its tenant), asks the adapter's
rule, then writes and audits through the adapter. "Exactly one attendance per member" is the
attendance model's unique constraint; a second scan (or a scan racing another) finds the row and
answers ``already=True`` (the page says 已签到), never an error.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Generic

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.batch import require_batch_recorder
from chuangxian.core.checkin.adapter import CheckinAdapter, T
from chuangxian.core.checkin.models import Attendance, AttendanceMethod

if TYPE_CHECKING:  # core imports no domain app at run time
    from chuangxian.orgs.models import Member


@dataclass(frozen=True)
class CheckinResult(Generic[T]):
    target: T
    attendance: Attendance
    already: bool  # the member was on the list before this call: counted once


def _locked(adapter: CheckinAdapter[T], target: T) -> T:
    locked = adapter.lock(target.pk, tenant_id=target.tenant_id)
    if locked is None:
        raise adapter.not_found()
    return locked


def _require_keeper(adapter: CheckinAdapter[T], actor: Actor, target: T) -> None:
    if not adapter.can_tick(actor, target):
        raise adapter.tick_refused()
    adapter.require_tickable(target)


def _rows(adapter: CheckinAdapter[T], target: T) -> "QuerySet[Attendance]":
    model = adapter.model
    return model._default_manager.filter(
        tenant_id=target.tenant_id,
        **{model.target_field: target},
    )


def _record_once(
    adapter: CheckinAdapter[T],
    target: T,
    member: "Member",
    *,
    method: str,
    require_open: Callable[[], None] | None = None,
) -> tuple[Attendance, bool]:
    """The member's row at ``target`` and whether it was there already. An existing row is returned
    whatever the time; otherwise ``require_open`` may refuse, and the row is created. A concurrent
    call that passed the unique constraint first is returned as already there. The caller holds the
    target's lock."""
    rows = _rows(adapter, target).filter(member=member)
    existing = rows.first()
    if existing is not None:
        return existing, True
    if require_open is not None:
        require_open()
    model = adapter.model
    try:
        with transaction.atomic():
            row = model._default_manager.create(
                tenant_id=target.tenant_id,
                member=member,
                method=method,
                at=clock.now(),
                **{model.target_field: target},
            )
    except IntegrityError:
        return rows.get(), True
    return row, False


def _insert(
    adapter: CheckinAdapter[T], target: T, entries: Sequence[tuple[int, str, datetime]]
) -> list[Attendance]:
    """New rows at ``target``, one per ``(member pk, method, time)``, in one INSERT. The caller holds
    the target's lock and has read that none of these members is there yet."""
    model = adapter.model
    return model._default_manager.bulk_create(
        [
            model(
                tenant_id=target.tenant_id,
                member_id=member_id,
                method=method,
                at=moment,
                **{model.target_field: target},
            )
            for member_id, method, moment in entries
        ]
    )


@transaction.atomic
def checkin_scan(
    adapter: CheckinAdapter[T], *, target_id: int, code: str, actor: Actor, scanned_before_login: bool = False
) -> CheckinResult[T]:
    """Record that ``actor`` (themself, never someone else) attended ``target_id``, from the code
    they scanned on the host's screen.

    Checks, in order: the code's signature and age (``scanned_before_login``: this browser scanned
    it while valid and then had to log in, so it counts for LOGIN_GRACE_SECONDS) and that it names
    ``target_id``; that the target exists in the actor's school (locked); the adapter's ``can_scan``;
    then, unless the member is already on the list, that check-in is open. Audits ``checked_in``
    once. Raises CheckinError 'code_expired', 'code_invalid', the scheme's other-target code, and the
    adapter's window errors; the adapter's ``not_found`` and ``scan_refused`` refusals.
    """
    adapter.codes.require(code, target_id, scanned_before_login=scanned_before_login)
    member = adapter.member_of(actor)
    if actor.tenant_id is None:  # the system, the platform admin: no school, no roster row
        raise adapter.scan_refused(member, None)
    target = adapter.lock(target_id, tenant_id=actor.tenant_id)
    if target is None:
        raise adapter.not_found()
    if member is None or not adapter.can_scan(actor, target):
        raise adapter.scan_refused(member, target)
    attendance, already = _record_once(
        adapter,
        target,
        member,
        method=AttendanceMethod.CHECKIN,
        require_open=lambda: adapter.require_open(target),
    )
    if not already:
        adapter.audit(actor=actor, verb="checked_in", target=target, data={"member": member.name})
    return CheckinResult(target=target, attendance=attendance, already=already)


@transaction.atomic
def checkin_tick(
    adapter: CheckinAdapter[T], *, target: T, member: "Member", actor: Actor
) -> CheckinResult[T]:
    """Put ``member`` on the list by hand (whatever the time: the host may record afterwards).

    Locks the target; the adapter's ``can_tick``, ``require_tickable`` and ``attendees_refused``
    decide. A member already there keeps their row (and how they came). Audits ``ticked`` once.
    """
    target = _locked(adapter, target)
    _require_keeper(adapter, actor, target)
    refusal = adapter.attendees_refused(target, {member.pk})
    if refusal is not None:
        raise refusal
    attendance, already = _record_once(adapter, target, member, method=AttendanceMethod.TICKED)
    if not already:
        adapter.audit(actor=actor, verb="ticked", target=target, data={"member": member.name})
    return CheckinResult(target=target, attendance=attendance, already=already)


@transaction.atomic
def checkin_untick(adapter: CheckinAdapter[T], *, target: T, member: "Member", actor: Actor) -> bool:
    """Take ``member`` off the list (undo a tick or a scan). Returns whether they were on it; audits
    ``unticked`` only then. Locks the target; the adapter's ``can_tick`` and ``require_tickable``
    decide."""
    target = _locked(adapter, target)
    _require_keeper(adapter, actor, target)
    deleted, _ = _rows(adapter, target).filter(member_id=member.pk).delete()
    if deleted:
        adapter.audit(actor=actor, verb="unticked", target=target, data={"member": member.name})
    return bool(deleted)


@transaction.atomic
def checkin_set(
    adapter: CheckinAdapter[T], *, target: T, member_ids: Iterable[int], actor: Actor
) -> tuple[int, int]:
    """Make the list exactly ``member_ids`` (the host's ticked roster). Members already there keep
    their row and how they came. Locks the target; the adapter's ``can_tick``, ``require_tickable``
    and ``attendees_refused`` decide before anything changes. Returns (added, removed); audits
    ``set`` when something changed."""
    target = _locked(adapter, target)
    _require_keeper(adapter, actor, target)
    wanted = set(member_ids)
    refusal = adapter.attendees_refused(target, wanted)
    if refusal is not None:
        raise refusal
    rows = _rows(adapter, target)
    present = set(rows.values_list("member_id", flat=True))
    added, removed = wanted - present, present - wanted
    now = clock.now()
    _insert(adapter, target, [(member_id, AttendanceMethod.TICKED, now) for member_id in sorted(added)])
    if removed:
        rows.filter(member_id__in=removed).delete()
    if added or removed:
        adapter.audit(
            actor=actor,
            verb="set",
            target=target,
            data={"added": len(added), "removed": len(removed), "attended": len(wanted)},
        )
    return len(added), len(removed)


@dataclass(frozen=True)
class Scan:
    """A member's own scan at a target, replayed afterwards: ``by`` is the member's login, ``at`` when
    they scanned (``checkin_scan_many``)."""

    by: Actor
    at: datetime


@transaction.atomic
def checkin_scan_many(
    adapter: CheckinAdapter[T], *, target: T, scans: Sequence[Scan], actor: Actor
) -> list[Attendance]:
    """Many members' own scans at ``target``, recorded by the platform (``core.batch``: only the system
    records a batch; the demo's replay). Returns the rows created, in the scans' order.

    Each scan is checked as ``checkin_scan`` checks its actor, at the scan's moment: the scanner is of
    the target's school (another school's: the adapter's ``not_found``; none: ``scan_refused``), has a
    roster row and passes the adapter's ``can_scan``; then, unless the member is already on the list
    (before the batch or by an earlier scan of it: counted once, as a second scan is), the adapter's
    ``require_open`` at ``at``. The rotating code is not replayed: it proves presence to the live
    page, and the batch records scans it was given. One refused scan refuses the batch, and nothing
    is written. Locks the target, inserts the new rows at once (method 扫码签到, time ``at``) and
    audits ``checked_in_many`` once, naming the recorder, with the count and the names.
    Raises Refused 'not_system'; the adapter's refusals and window errors.
    """
    require_batch_recorder(actor)
    target = _locked(adapter, target)
    present = set(_rows(adapter, target).values_list("member_id", flat=True))
    entries: list[tuple[int, str, datetime]] = []
    names: list[str] = []
    for scan in scans:
        member = adapter.member_of(scan.by)
        if scan.by.tenant_id is None:
            raise adapter.scan_refused(member, None)
        if scan.by.tenant_id != target.tenant_id:
            raise adapter.not_found()
        if member is None or not adapter.can_scan(scan.by, target):
            raise adapter.scan_refused(member, target)
        if member.pk in present:
            continue
        adapter.require_open(target, at=scan.at)
        present.add(member.pk)
        entries.append((member.pk, AttendanceMethod.CHECKIN, scan.at))
        names.append(member.name)
    rows = _insert(adapter, target, entries)
    if rows:
        adapter.audit(
            actor=actor, verb="checked_in_many", target=target, data={"count": len(rows), "members": names}
        )
    return rows
