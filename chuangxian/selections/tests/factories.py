"""Test helpers for selections: types, a selection opened at its nomination stage, entries."""

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.orgs.models import Member, Unit
from chuangxian.projects.models import Project
from chuangxian.selections.models import Entry, QuotaMode, Rounding, Selection, SelectionType, Stage
from chuangxian.selections.services import (
    TypeData,
    entry_nominate,
    selection_create,
    selection_open,
    selection_type_create,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 200

ALL_REVIEWS = (Stage.NOMINATION, Stage.PARTY_REVIEW, Stage.OFFICE_REVIEW, Stage.NOTICE, Stage.FINAL)


def pdf() -> io.BytesIO:
    return io.BytesIO(PDF)


def type_data(**overrides: Any) -> TypeData:
    values: dict[str, Any] = {
        "name": "优秀工会工作者",
        "entry_kind": "member",
        "stages": ALL_REVIEWS,
        "quota_mode": QuotaMode.FIXED,
        "quota_min": 0,
        "quota_max": 2,
    }
    values.update(overrides)
    return TypeData(**values)


def percent_data(percent: str = "5", rounding: str = Rounding.HALF_UP, **overrides: Any) -> TypeData:
    return type_data(
        quota_mode=QuotaMode.PERCENT,
        quota_max=None,
        quota_percent=Decimal(percent),
        quota_rounding=rounding,
        **overrides,
    )


def make_type(tenant: Any, **overrides: Any) -> SelectionType:
    return selection_type_create(tenant=tenant, data=type_data(**overrides), actor=SYSTEM)


def make_selection(
    campaign: Campaign, selection_type: SelectionType, *, title: str = "2011年度评选", open_it: bool = True
) -> Selection:
    selection = selection_create(
        campaign=campaign,
        selection_type=selection_type,
        title=title,
        nomination_ends_on=clock.today() + timedelta(days=30),
        actor=SYSTEM,
    )
    return selection_open(selection=selection, actor=SYSTEM) if open_it else selection


def nominate(
    selection: Selection,
    unit: Unit,
    candidate: Project | Member | Unit,
    *,
    actor: Actor = SYSTEM,
    summary: str = "爱岗敬业，成绩突出",
) -> Entry:
    return entry_nominate(
        selection=selection,
        unit=unit,
        candidate=candidate,
        summary=summary,
        minutes=pdf(),
        minutes_name="会议纪要.pdf",
        actor=actor,
    )


def world_selection(
    tenant: Any, campaign: Campaign, office: Actor, marker: str
) -> tuple[SelectionType, Selection]:
    """The permission matrix's selection of a school: a members' selection at its nomination stage."""
    selection_type = selection_type_create(
        tenant=tenant, data=type_data(name=f"{marker}type", quota_max=5), actor=office
    )
    return selection_type, make_selection(campaign, selection_type, title=f"{marker}selection")


def world_entry(selection: Selection, unit: Unit, member: Member, office: Actor, marker: str) -> Entry:
    """The matrix's entry of a place: ``member`` (of ``unit``) nominated by ``unit``'s nominating unit."""
    path = unit.path[: 2 * Unit.steplen]
    nominating = Unit.objects.get(tenant_id=unit.tenant_id, path=path)
    return entry_nominate(
        selection=selection,
        unit=nominating,
        candidate=member,
        summary=f"{marker}entry",
        minutes=pdf(),
        minutes_name=f"{marker}minutes.pdf",
        actor=office,
    )
