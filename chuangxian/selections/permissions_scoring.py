"""Who may do what in the judges' scoring.

- The selection's manager — the school's campaign office (``can_configure_selections``), which is
  the panel secretary — creates panels, sets their rubric, entries and judges, reminds judges and
  records tie decisions; it sees every sheet.
- A judge is a member holding a ``GrantKind.JUDGE`` grant on the panel, in force today (granted by
  the office; never a role at a unit). A judge sees the panel's entries and their own sheets only.

``access_*`` fetch for a page: missing and forbidden are the same 404.
"""

from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.selections.models_scoring import Panel, PanelEntry
from chuangxian.selections.permissions import can_configure_selections


def can_manage_panel(actor: Actor, panel: Panel) -> bool:
    return can_configure_selections(actor, panel.tenant_id)


def can_judge(actor: Actor, panel: Panel) -> bool:
    """A judge's grant on the panel, in force today."""
    return holds_grant(actor, GrantKind.JUDGE, panel)


def access_panel(actor: Actor, panel_id: int, *, judge: bool = False) -> Panel:
    """The panel for its secretary (the office), or with ``judge`` for one of its judges."""
    panel = actor_rows(Panel.objects.select_related("selection__type"), actor).filter(pk=panel_id).first()
    if panel is None:
        raise NotFoundError()
    if not (can_judge(actor, panel) if judge else can_manage_panel(actor, panel)):
        raise NotFoundError()
    return panel


def access_panel_entry(actor: Actor, panel_id: int, row_id: int) -> PanelEntry:
    """An entry of a panel the actor judges."""
    panel = access_panel(actor, panel_id, judge=True)
    row = (
        PanelEntry.objects.filter(tenant_id=panel.tenant_id, panel=panel, pk=row_id)
        .select_related("entry__nominating_unit", "entry__member__unit", "entry__unit")
        .first()
    )
    if row is None:
        raise NotFoundError()
    row.panel = panel
    return row
