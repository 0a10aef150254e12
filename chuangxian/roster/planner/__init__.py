"""Planning an import: each row's outcome against the roster as it is now.

Two stages. ``parse_row`` (``rows``) reads one row of the file into normalised values and the errors
that need nothing but the row itself (no database). ``Planner`` (``plan``) then resolves unit names
through the tenant's ``UnitIndex`` (``units``) and compares each row with the member of the same staff
number, a chunk at a time: the tenant's units are loaded once (one query, dicts keyed by name),
members one query per chunk of rows (dict keyed by staff number). The same planner re-plans at
confirmation, from the values stored with the preview rows.
"""

from chuangxian.roster.planner.plan import Departure, Planned, Planner, display
from chuangxian.roster.planner.rows import (
    COMPARED,
    DATE_FIELDS,
    FIELD_LABELS,
    FOOTER_PREFIXES,
    MEMBER_VALUES,
    ParsedRow,
    parse_row,
)
from chuangxian.roster.planner.units import UnitIndex, UnitInfo

__all__ = [
    "COMPARED",
    "DATE_FIELDS",
    "FIELD_LABELS",
    "FOOTER_PREFIXES",
    "MEMBER_VALUES",
    "Departure",
    "ParsedRow",
    "Planned",
    "Planner",
    "UnitIndex",
    "UnitInfo",
    "display",
    "parse_row",
]
