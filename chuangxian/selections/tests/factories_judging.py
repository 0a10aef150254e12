"""Test helpers for the judges' scoring: a members' selection with a scoring stage, its panel, judges
with logins, and sheets."""

from decimal import Decimal
from typing import Any

from chuangxian.accounts.models import User
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.selections.models import Entry, Selection, Stage
from chuangxian.selections.models_scoring import Panel, PanelEntry, Sheet
from chuangxian.selections.services import (
    RubricLine,
    panel_create,
    panel_judges_set,
    panel_rubric_set,
    selection_advance,
    sheet_save,
)
from chuangxian.selections.tests.factories import make_selection, make_type, nominate

SCORING_STAGES = (Stage.NOMINATION, Stage.SCORING, Stage.FINAL)
RUBRIC = (
    RubricLine("事迹材料", Decimal(60), description="事迹真实、成效突出"),
    RubricLine("现场陈述", Decimal(40), Decimal(10)),
)


def scoring_selection(campaign: Campaign, units: list[Unit], *, title: str = "2011年度先进个人") -> Selection:
    """A members' selection (nomination → scoring → final) with one member of each unit nominated by
    that unit, still at its nomination stage."""
    selection_type = make_type(campaign.tenant, name=f"{title}类型", stages=SCORING_STAGES, quota_max=10)
    selection = make_selection(campaign, selection_type, title=title)
    for unit in units:
        nominate(selection, unit, MemberFactory(unit=unit, name=f"{unit.name}候选人"))
    return selection


def to_scoring(selection: Selection) -> Selection:
    return selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)


def judge(unit: Unit, name: str = "评委") -> tuple[User, Member]:
    member = MemberFactory(unit=unit, name=name)
    return make_user(member), member


def make_panel(
    selection: Selection, judges: list[Member], *, name: str = "第一评审组", **fields: Any
) -> Panel:
    panel = panel_create(selection=selection, name=name, actor=SYSTEM, **fields)
    panel_rubric_set(panel=panel, items=RUBRIC, actor=SYSTEM)
    panel_judges_set(panel=panel, members=judges, actor=SYSTEM)
    return panel


def row_of(panel: Panel, entry: Entry) -> PanelEntry:
    row = PanelEntry.objects.select_related("panel").get(tenant_id=panel.tenant_id, panel=panel, entry=entry)
    return row


def marks(panel: Panel, *values: str | None) -> dict[str, Decimal | None]:
    """A sheet's marks, item by item in the rubric's order."""
    items = list(panel.rubric.filter(tenant_id=panel.tenant_id).order_by("position", "pk"))
    return {item.key: None if v is None else Decimal(v) for item, v in zip(items, values, strict=False)}


def score(panel: Panel, entry: Entry, user: User, *values: str, submit: bool = True) -> Sheet:
    return sheet_save(row=row_of(panel, entry), marks=marks(panel, *values), submit=submit, actor=user)


def world_panels(world: Any) -> None:
    """The permission matrix's judges' scoring (``tests/test_permission_matrix.py``): in each school a
    members' selection at its scoring stage (``scoring_selection``) with one panel (``panel``) whose
    judge is the school's campaign judge (tenant A's: the judge persona, of "own"), scoring one entry
    (``panel_entry``): the sibling place's member in tenant A, the other place's in tenant B. Each
    record's name carries its school's marker."""
    for key, records in world.tenants.items():
        marker = "ZZHOME" if key == "home" else "ZZOTH"
        place = next(
            p
            for name, p in world.places.items()
            if p.tenant == records.tenant and name in ("sibling", "other")
        )
        selection_type = make_type(
            records.tenant, name=f"{marker}scoringtype", stages=SCORING_STAGES, quota_max=5
        )
        selection = make_selection(records.campaign, selection_type, title=f"{marker}scoring")
        entry = nominate(selection, place.unit, place.member, summary=f"{marker}summary")
        panel = make_panel(selection, [records.judge_grant.member], name=f"{marker}panel")
        to_scoring(selection)
        records.scoring_selection = selection
        records.panel = panel
        records.panel_entry = row_of(panel, entry)
