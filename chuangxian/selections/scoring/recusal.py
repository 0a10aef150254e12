"""Recusal (回避): which judge may not score which entry, and why, in Chinese. Pure, no database.

A judge is recused from an entry when the judge's unit is the entry's unit or lies inside its
subtree: with the entry's unit U, a judge whose unit is U or any unit below U (a union group of a
college whose project is scored) is recused. A judge from a unit *above* U (the school union
judging a college's entry) or beside it (another college) is not: the school union's people would
otherwise be recused from everything.

Units are ``orgs.Unit`` rows, django-treebeard materialised paths: a unit's path is its parent's
path followed by one step of exactly ``STEPLEN`` (``Unit.steplen``, 4) characters, "0001" the root,
"00010002" its second child, "000100020001" that child's first child. A path is below another
exactly when it starts with it: since every step has the same width, a string prefix always ends
on a step boundary, so a sibling never matches ("00010020" does not start with "00010002"), and a
path whose length is not a whole number of steps is refused as malformed rather than guessed at.

An entry's unit is the nominating unit for a project, the member's unit for a person, and the
unit itself for a unit's honour (先进工会基层组织, 模范职工之家). A judge with no unit (an expert
from outside the union) is never recused by this rule. A judge who holds a role (a chair, a liaison)
at the entry's unit or below it is recused too, whatever their own unit.
"""

from collections.abc import Hashable, Mapping, Sequence
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

STEPLEN = 4  # orgs.Unit.steplen (django-treebeard's MP_Node default); a test keeps them equal

E = TypeVar("E", bound=Hashable)
J = TypeVar("J", bound=Hashable)


class UnitLike(Protocol):
    """What recusal reads of a unit (an ``orgs.Unit`` row satisfies it)."""

    @property
    def path(self) -> str: ...

    @property
    def name(self) -> str: ...


def _steps(path: str, steplen: int) -> str:
    if not path or len(path) % steplen:
        raise ValueError(f"not a unit path of {steplen}-character steps: {path!r}")
    return path


def within(path: str, ancestor: str, *, steplen: int = STEPLEN) -> bool:
    """Whether the unit at ``path`` is the unit at ``ancestor`` or below it."""
    return _steps(path, steplen).startswith(_steps(ancestor, steplen))


def recusal_reason(
    *,
    judge_unit: UnitLike | None,
    entry_unit: UnitLike,
    role_units: Sequence[UnitLike] = (),
    steplen: int = STEPLEN,
) -> str | None:
    """Why the judge must not score the entry, for the secretary's page; ``None`` when they may.
    ``role_units``: the units where the judge holds a role (a chair, a liaison): a judge who is a
    member elsewhere but holds a role in the entry's unit or below it is recused as well."""
    if judge_unit is None or not within(judge_unit.path, entry_unit.path, steplen=steplen):
        for role_unit in role_units:
            if within(role_unit.path, entry_unit.path, steplen=steplen):
                return _("评委在“%(role_unit)s”担任职务，该单位属于参评对象所在的“%(unit)s”，须回避。") % {
                    "role_unit": role_unit.name,
                    "unit": entry_unit.name,
                }
        return None
    if judge_unit.path == entry_unit.path:
        return _("评委与参评对象同属“%(unit)s”，须回避。") % {"unit": entry_unit.name}
    return _("评委所在的“%(judge_unit)s”隶属于参评对象所在的“%(unit)s”，须回避。") % {
        "judge_unit": judge_unit.name,
        "unit": entry_unit.name,
    }


def recusals(
    *,
    judges: Mapping[J, UnitLike | None],
    entries: Mapping[E, UnitLike],
    roles: Mapping[J, Sequence[UnitLike]] | None = None,
    steplen: int = STEPLEN,
) -> dict[tuple[J, E], str]:
    """Every recused (judge, entry) pair of a panel with its reason; a pair not in it scores.
    ``roles``: the units where each judge holds a role (see ``recusal_reason``)."""
    found: dict[tuple[J, E], str] = {}
    for judge, judge_unit in judges.items():
        role_units = (roles or {}).get(judge, ())
        for entry, entry_unit in entries.items():
            reason = recusal_reason(
                judge_unit=judge_unit, entry_unit=entry_unit, role_units=role_units, steplen=steplen
            )
            if reason is not None:
                found[judge, entry] = reason
    return found
