"""Planning rows against the current roster: each row's outcome, its changes, and the departures."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from chuangxian.audit.services import mask
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.roster.columns import COLUMN_BY_FIELD, HeaderMap
from chuangxian.roster.models import ImportMode, RowOutcome
from chuangxian.roster.planner.rows import _CHOICE_LABELS, FIELD_LABELS, MEMBER_VALUES, ParsedRow
from chuangxian.roster.planner.units import UnitIndex
from chuangxian.roster.values import CellError

Departure = tuple[int, str, str, str]  # (member id, staff no, name, unit label)


@dataclass
class Planned:
    row: ParsedRow
    outcome: str
    member_id: int | None = None
    changes: list[list[str]] = field(default_factory=list)  # [field, before, after] for people
    create: dict[str, Any] | None = None  # fields of a new member
    update: dict[str, Any] | None = None  # changed fields of an existing member


def display(field_name: str, value: Any, units: UnitIndex) -> str:
    if value in (None, ""):
        return ""
    if field_name == "unit_id":
        return units.label(value)
    if field_name in _CHOICE_LABELS:
        return str(_CHOICE_LABELS[field_name].get(value, value))
    if field_name == "id_number":
        return str(mask("id_number", value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Planner:
    """Plans rows against the current roster of one tenant. Feed it chunks in file order."""

    def __init__(
        self, *, tenant_id: int, mode: str, today: date, departure_status: str, lock: bool = False
    ) -> None:
        self.tenant_id = tenant_id
        self.mode = mode
        self.today = today
        self.departure_status = departure_status
        self.lock = lock
        self.header: HeaderMap | None = None  # set while planning a file, for column names
        self.units = UnitIndex.load(tenant_id)
        self.seen_staff: dict[str, int | None] = {}
        self.seen_ids: dict[str, int | None] = {}
        # first row number → [(later row, field, value)] for values repeated further down
        self.repeated: dict[int, list[tuple[int | None, str, str]]] = defaultdict(list)
        self._owners: dict[str, str] | None = None

    def _members(self, staff_nos: list[str]) -> dict[str, dict[str, Any]]:
        query = Member.objects.filter(tenant_id=self.tenant_id, staff_no__in=staff_nos)
        if self.lock:
            query = query.select_for_update()
        return {m["staff_no"]: m for m in query.values(*MEMBER_VALUES)}

    def _id_owners(self, id_numbers: list[str]) -> dict[str, str]:
        """ID number → staff number for the tenant's whole roster: one query, on first need.

        ID numbers carry no index, so one scan beats one scan per chunk.
        """
        if not id_numbers:
            return {}
        if self._owners is None:
            query = Member.objects.filter(tenant_id=self.tenant_id).exclude(id_number="")
            self._owners = dict(query.values_list("id_number", "staff_no"))
        return self._owners

    def column(self, field_name: str) -> str:
        if self.header is not None:
            return self.header.column_name(field_name)
        return COLUMN_BY_FIELD[field_name].label

    def _check_repeats(self, row: ParsedRow) -> None:
        for name, seen in (("staff_no", self.seen_staff), ("id_number", self.seen_ids)):
            value = row.values.get(name)
            if not value:
                continue
            if value in seen:
                first = seen[value]
                label = _("工号") if name == "staff_no" else _("身份证号")
                row.add_error(
                    name,
                    self.column(name),
                    f"{name}_duplicate",
                    _(
                        "%(label)s %(value)s 与第 %(row)s 行重复：同一%(label)s只能出现一次，请删除重复行或更正。"
                    )
                    % {"label": label, "value": mask(name, value), "row": first},
                )
                if first is not None:
                    self.repeated[first].append((row.row_number, name, str(value)))
            else:
                seen[value] = row.row_number

    def plan(self, rows: Sequence[ParsedRow]) -> list[Planned]:
        """Plan one chunk of rows (two queries, whatever the chunk size)."""
        for row in rows:
            self._check_repeats(row)
        members = self._members([r.values["staff_no"] for r in rows if "staff_no" in r.values])
        owners = self._id_owners([r.values["id_number"] for r in rows if "id_number" in r.values])
        return [self._plan_row(row, members.get(row.values.get("staff_no", "")), owners) for row in rows]

    def _plan_row(self, row: ParsedRow, member: dict[str, Any] | None, owners: dict[str, str]) -> Planned:
        if not row.errors:
            id_number = row.values.get("id_number")
            owner = owners.get(id_number) if id_number else None
            if owner is not None and owner != row.values["staff_no"]:
                row.add_error(
                    "id_number",
                    self.column("id_number"),
                    "id_number_taken",
                    _("该身份证号已登记在工号 %(staff_no)s 的会员名下。同一个人只能有一个工号，请核对。")
                    % {"staff_no": owner},
                )
        unit_id = None
        if "unit" in row.values:  # checked even when other cells failed, so one upload shows every error
            try:
                unit_id = self.units.resolve(
                    row.values["unit"], row.values.get("group"), member["unit_id"] if member else None
                )
            except CellError as error:
                field_name = "group" if error.code == "group_unknown" else "unit"
                row.add_error(field_name, self.column(field_name), error.code, error.message)
        if row.errors or unit_id is None:
            return Planned(row=row, outcome=RowOutcome.ERROR, member_id=member["id"] if member else None)
        target = self._target(row, unit_id)
        if member is None:
            create = {
                "staff_no": row.values["staff_no"],
                "gender": "",
                "post": "",
                "political": "",
                "phone": "",
                "id_number": "",
                "status": MemberStatus.ACTIVE,
                **target,
            }
            create["left_on"] = self.today if create["status"] != MemberStatus.ACTIVE else None
            return Planned(
                row=row,
                outcome=RowOutcome.NEW,
                changes=[["unit_id", "", self.units.label(unit_id)]],
                create=create,
            )
        update = {name: value for name, value in target.items() if member.get(name) != value}
        if not update or set(update) == {"birth_year"}:
            return Planned(row=row, outcome=RowOutcome.UNCHANGED, member_id=member["id"])
        changes = [
            [name, display(name, member.get(name), self.units), display(name, value, self.units)]
            for name, value in update.items()
            if name in FIELD_LABELS
        ]
        if "status" in update:
            if update["status"] == MemberStatus.ACTIVE:
                update["left_on"] = None
            elif member["status"] == MemberStatus.ACTIVE:
                update["left_on"] = self.today
        return Planned(
            row=row, outcome=RowOutcome.UPDATED, member_id=member["id"], changes=changes, update=update
        )

    def _target(self, row: ParsedRow, unit_id: int) -> dict[str, Any]:
        values = row.values
        target: dict[str, Any] = {"name": values["name"], "unit_id": unit_id}
        for name in ("gender", "post", "political", "phone", "id_number", "joined_on"):
            if name in values:
                target[name] = values[name]
        if "birth_date" in values:
            target["birth_date"] = values["birth_date"]
            target["birth_year"] = values["birth_date"].year
        if "status" in values:
            target["status"] = values["status"]
        elif self.mode == ImportMode.FULL:
            target["status"] = MemberStatus.ACTIVE  # a full roster lists the staff who are here
        return target

    def departures(self) -> list[Departure]:
        """Full import: ``(member id, staff no, name, unit label)`` of active members not in the file."""
        if self.mode != ImportMode.FULL:
            return []
        query = Member.objects.filter(tenant_id=self.tenant_id, status=MemberStatus.ACTIVE)
        if self.lock:
            query = query.select_for_update()
        rows = query.order_by("staff_no").values_list("id", "staff_no", "name", "unit_id")
        return [
            (member_id, staff_no, name, self.units.label(unit_id))
            for member_id, staff_no, name, unit_id in rows
            if staff_no not in self.seen_staff
        ]
