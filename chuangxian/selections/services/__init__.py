"""Every write to selections, one function per action, each taking a typed actor.

Each service decides whether its actor may act (``permissions``; ``Refused`` otherwise), locks what
it checks, writes and records one audit entry. The modules:

- ``configure``: selection types (create, update, the seed's six defaults) and the members'
  eligibility records, by the office;
- ``runs``: a selection's creation, opening and stages (advance one stage; the office's move to any
  stage with a reason);
- ``entries``: nominating within the unit's quota, withdrawing, resubmitting a returned entry, the
  party organisation's opinion and the office's first review.
- ``panels``: judges' panels set up (settings, rubric, entries, judges);
- ``scoring``: a judge's sheet, reminders, tie decisions.
"""

from chuangxian.selections.services._common import SelectionError, entries_settle
from chuangxian.selections.services.configure import (
    DEFAULT_TYPES,
    TypeData,
    member_record_set,
    selection_type_create,
    selection_type_update,
    selection_types_seed,
)
from chuangxian.selections.services.entries import (
    entry_nominate,
    entry_office_review,
    entry_party_review,
    entry_resubmit,
    entry_withdraw,
)
from chuangxian.selections.services.panels import (
    RubricLine,
    panel_create,
    panel_entries_set,
    panel_judges_set,
    panel_rubric_set,
    panel_update,
)
from chuangxian.selections.services.runs import (
    selection_advance,
    selection_create,
    selection_open,
    selection_stage_set,
    selection_update,
)
from chuangxian.selections.services.scoring import panel_remind, sheet_save, tie_decide

__all__ = [
    "DEFAULT_TYPES",
    "RubricLine",
    "SelectionError",
    "TypeData",
    "entries_settle",
    "entry_nominate",
    "entry_office_review",
    "entry_party_review",
    "entry_resubmit",
    "entry_withdraw",
    "member_record_set",
    "panel_create",
    "panel_entries_set",
    "panel_judges_set",
    "panel_remind",
    "panel_rubric_set",
    "panel_update",
    "selection_advance",
    "selection_create",
    "selection_open",
    "selection_stage_set",
    "selection_type_create",
    "selection_type_update",
    "selection_types_seed",
    "selection_update",
    "sheet_save",
    "tie_decide",
]
