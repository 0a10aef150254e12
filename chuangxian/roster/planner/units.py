"""The tenant's units in memory for an import: resolving a row's unit and group names in one query."""

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chuangxian.orgs.models import Unit, UnitKind
from chuangxian.roster.values import (
    CellError,
    name_key,
)


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
