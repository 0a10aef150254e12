"""Planning an import: each row's outcome against the roster as it is now.

Two stages. ``parse_row`` reads one row of the file into normalised values and the errors that need
nothing but the row itself (no database). ``Planner`` then resolves unit names and compares each
row with the member of the same staff number, a chunk at a time: the tenant's units are loaded once
(one query, dicts keyed by name), members one query per chunk of rows (dict keyed by staff
number). The same planner re-plans at confirmation, from the values stored with the preview rows.
"""

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.audit.services import mask
from chuangxian.orgs.models import Gender, Member, MemberStatus, Political, Post, Unit, UnitKind
from chuangxian.roster.columns import COLUMN_BY_FIELD, HeaderMap
from chuangxian.roster.models import ImportMode, RowOutcome
from chuangxian.roster.values import (
    CellError,
    UncomputedFormula,
    clean_text,
    is_blank,
    name_key,
    parse_date,
    parse_gender,
    parse_id_number,
    parse_name,
    parse_phone,
    parse_political,
    parse_post,
    parse_staff_no,
    parse_status,
    parse_unit_name,
)

DATE_FIELDS = ("birth_date", "joined_on")
# Member fields compared with the file (``unit_id`` stands for the 所在单位 + 工会小组 columns).
COMPARED = (
    "name",
    "unit_id",
    "gender",
    "birth_date",
    "post",
    "political",
    "phone",
    "id_number",
    "joined_on",
    "status",
)
MEMBER_VALUES = (
    "id",
    "staff_no",
    "unit_id",
    "birth_year",
    "left_on",
    *[f for f in COMPARED if f != "unit_id"],
)
FIELD_LABELS: dict[str, Any] = {
    "name": gettext_lazy("姓名"),
    "unit_id": gettext_lazy("所在单位"),
    "gender": gettext_lazy("性别"),
    "birth_date": gettext_lazy("出生日期"),
    "post": gettext_lazy("岗位类别"),
    "political": gettext_lazy("政治面貌"),
    "phone": gettext_lazy("手机号码"),
    "id_number": gettext_lazy("身份证号"),
    "joined_on": gettext_lazy("入职日期"),
    "status": gettext_lazy("状态"),
}
_CHOICE_LABELS: dict[str, dict[str, Any]] = {
    "gender": dict(Gender.choices),
    "post": dict(Post.choices),
    "political": dict(Political.choices),
    "status": dict(MemberStatus.choices),
}
FOOTER_PREFIXES = ("制表", "填表", "审核", "合计", "总计", "备注", "说明", "注:", "注意")

_PARSERS = {
    "gender": parse_gender,
    "post": parse_post,
    "political": parse_political,
    "phone": parse_phone,
    "id_number": parse_id_number,
    "status": parse_status,
}


@dataclass
class ParsedRow:
    row_number: int | None
    values: dict[str, Any]
    errors: list[dict[str, str]] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def staff_no(self) -> str:
        return str(self.values.get("staff_no") or self.raw.get("staff_no", ""))

    @property
    def name(self) -> str:
        return str(self.values.get("name") or self.raw.get("name", ""))

    def add_error(self, field_name: str, column: str, code: str, message: str) -> None:
        self.errors.append({"field": field_name, "column": column, "code": code, "message": message})

    def data(self) -> dict[str, Any]:
        """JSON for the preview row: the normalised values (dates as ISO) and what could not be read."""
        out = {k: v.isoformat() if isinstance(v, date) else v for k, v in self.values.items()}
        if self.raw:
            out["raw"] = self.raw
        return out

    @classmethod
    def from_data(cls, row_number: int | None, data: dict[str, Any]) -> "ParsedRow":
        values = {k: v for k, v in data.items() if k not in ("raw", "unit_label")}
        for name in DATE_FIELDS:
            if isinstance(values.get(name), str):
                values[name] = date.fromisoformat(values[name])
        return cls(row_number=row_number, values=values)


def _footer(cells: Sequence[Any]) -> bool:
    """A note under the table ("制表人：张三", "合计：120 人") in a single cell."""
    filled = [c for c in cells if not is_blank(c)]
    return len(filled) == 1 and clean_text(filled[0]).replace(" ", "").startswith(FOOTER_PREFIXES)


def _uncomputed(label: str, value: UncomputedFormula) -> CellError:
    return CellError(
        "formula_without_value",
        _(
            "「%(label)s」是公式（%(formula)s），文件中没有保存它的计算结果，系统读不到值（生成这个文件的"
            "程序没有计算公式）。请在 Excel 或 WPS 中打开后另存为 .xlsx（会保存计算结果），或把这一列复制后"
            "「选择性粘贴 → 数值」，再重新上传。"
        )
        % {"label": label, "formula": str(value)[:40]},
    )


def parse_row(header: HeaderMap, row_number: int, cells: Sequence[Any], *, today: date) -> ParsedRow | None:
    """Read one data row. Returns None for an empty row or a footer note."""
    picked = {name: (cells[index] if index < len(cells) else None) for name, index in header.fields.items()}
    blanks = {name for name, value in picked.items() if is_blank(value)}
    if len(blanks) == len(picked) or (len(picked) - len(blanks) == 1 and _footer(cells)):
        return None
    row = ParsedRow(row_number=row_number, values={})
    for name, value in picked.items():
        if name in blanks:
            if COLUMN_BY_FIELD[name].required:
                label = COLUMN_BY_FIELD[name].label
                row.add_error(
                    name,
                    header.column_name(name),
                    "required",
                    _("「%(label)s」必须填写。") % {"label": label},
                )
            continue
        try:
            if isinstance(value, UncomputedFormula):
                raise _uncomputed(COLUMN_BY_FIELD[name].label, value)
            if name == "staff_no":
                parsed: Any = parse_staff_no(value)
            elif name == "name":
                parsed = parse_name(value)
            elif name in ("unit", "group"):
                parsed = parse_unit_name(value)
            elif name in DATE_FIELDS:
                parsed = parse_date(value, COLUMN_BY_FIELD[name].label, latest=today)
            else:
                parsed = _PARSERS[name](value)
        except CellError as error:
            row.add_error(name, header.column_name(name), error.code, error.message)
            row.raw[name] = clean_text(value)[:60]
        else:
            row.values[name] = parsed
    born, joined = row.values.get("birth_date"), row.values.get("joined_on")
    if born and joined and joined < born:
        row.add_error(
            "joined_on",
            header.column_name("joined_on"),
            "joined_before_birth",
            _("入职日期（%(joined)s）早于出生日期（%(born)s），请核对。")
            % {"joined": joined.isoformat(), "born": born.isoformat()},
        )
    return row


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    kind: str
    path: str
    is_active: bool


class UnitIndex:
    """The tenant's units in memory (one query): non-group units by name, groups by name."""

    def __init__(self, units: Iterable[UnitInfo]) -> None:
        self.by_id: dict[int, UnitInfo] = {}
        self.by_path: dict[str, UnitInfo] = {}
        self.by_key: dict[str, UnitInfo] = {}
        self.groups: dict[str, list[UnitInfo]] = defaultdict(list)
        for unit in units:
            self.by_id[unit.id] = unit
            self.by_path[unit.path] = unit
            if unit.kind == UnitKind.GROUP:
                self.groups[name_key(unit.name)].append(unit)
            else:
                self.by_key[name_key(unit.name)] = unit
        self.active_names = sorted(u.name for u in self.by_key.values() if u.is_active)
        self._suggestions: dict[str, str | None] = {}

    @classmethod
    def load(cls, tenant_id: int) -> "UnitIndex":
        rows = Unit.objects.filter(tenant_id=tenant_id).values_list("id", "name", "kind", "path", "is_active")
        return cls(UnitInfo(*row) for row in rows)

    def label(self, unit_id: int | None) -> str:
        unit = self.by_id.get(unit_id) if unit_id is not None else None
        if unit is None:
            return ""
        if unit.kind != UnitKind.GROUP:
            return unit.name
        parent = self._owner(unit)
        return f"{parent.name} / {unit.name}" if parent else unit.name

    def _owner(self, group: UnitInfo) -> UnitInfo | None:
        """The nearest non-group ancestor of a group (treebeard paths grow by four characters)."""
        path = group.path[:-4]
        while path:
            unit = self.by_path.get(path)
            if unit is not None and unit.kind != UnitKind.GROUP:
                return unit
            path = path[:-4]
        return None

    def suggest(self, name: str, candidates: Sequence[str] | None = None) -> str | None:
        pool = self.active_names if candidates is None else candidates
        cache_key = name if candidates is None else None
        if cache_key is not None and cache_key in self._suggestions:
            return self._suggestions[cache_key]
        key = name_key(name)
        keyed = {name_key(c): c for c in pool}
        close = difflib.get_close_matches(key, list(keyed), n=1, cutoff=0.5)
        suggestion = keyed[close[0]] if close else None
        if suggestion is None:
            containing = [c for k, c in keyed.items() if key in k or k in key]
            suggestion = containing[0] if len(containing) == 1 else None
        if cache_key is not None:
            self._suggestions[cache_key] = suggestion
        return suggestion

    def resolve(self, unit_name: str, group_name: str | None, current_unit_id: int | None) -> int:
        """The unit a row puts its member in. Raises CellError with the field in ``args[0]``'s code."""
        unit = self.by_key.get(name_key(unit_name))
        if unit is None:
            groups = self.groups.get(name_key(unit_name))
            if groups:
                raise CellError(
                    "unit_is_group",
                    _("「%(name)s」是工会小组：请把它填在「工会小组」列，「所在单位」填它所属的二级工会。")
                    % {"name": unit_name},
                )
            suggestion = self.suggest(unit_name)
            if suggestion:
                message = _("找不到单位「%(name)s」。是不是「%(suggestion)s」？请填写系统中的单位全称。") % {
                    "name": unit_name,
                    "suggestion": suggestion,
                }
            else:
                message = _(
                    "找不到单位「%(name)s」。请填写系统中已有单位的全称（见「组织机构」），或先新建该单位再导入。"
                ) % {"name": unit_name}
            raise CellError("unit_unknown", message)
        if not unit.is_active:
            raise CellError(
                "unit_inactive", _("单位「%(name)s」已停用，不能再把会员放进去。") % {"name": unit.name}
            )
        if group_name:
            inside = [
                g
                for g in self.groups.get(name_key(group_name), [])
                if g.path.startswith(unit.path) and g.is_active
            ]
            if inside:
                return min(inside, key=lambda g: g.path).id
            own = [g.name for g in self._groups_under(unit)]
            suggestion = self.suggest(group_name, own) if own else None
            message = _("在「%(unit)s」下找不到工会小组「%(group)s」。") % {
                "unit": unit.name,
                "group": group_name,
            }
            if suggestion:
                message += _("是不是「%(suggestion)s」？") % {"suggestion": suggestion}
            elif own:
                message += _("该单位的工会小组有：%(names)s。") % {"names": "、".join(own[:10])}
            else:
                message += _("该单位还没有工会小组，请留空或先新建小组。")
            raise CellError("group_unknown", message)
        current = self.by_id.get(current_unit_id) if current_unit_id is not None else None
        if current is not None and current.kind == UnitKind.GROUP and current.path.startswith(unit.path):
            return current.id  # no group given: the member stays in their group inside this unit
        return unit.id

    def _groups_under(self, unit: UnitInfo) -> list[UnitInfo]:
        return sorted(
            (g for gs in self.groups.values() for g in gs if g.path.startswith(unit.path) and g.is_active),
            key=lambda g: g.path,
        )


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
