"""Selections brought to their final stage, and announced winners, for the awards' tests and the
permission matrix (``world_awards``)."""

from typing import Any

from chuangxian.awards.models import Award
from chuangxian.awards.services import awards_announce
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Member, Unit
from chuangxian.selections.models import Entry, Selection, SelectionType, Stage
from chuangxian.selections.services import selection_advance
from chuangxian.selections.tests.factories import make_selection, make_type, nominate

SHORT = (Stage.NOMINATION, Stage.FINAL)


def final_selection(
    tenant: Any,
    campaign: Any,
    nominees: list[tuple[Unit, Member]],
    *,
    name: str = "优秀工会工作者",
    title: str = "2011年度评选",
) -> tuple[Selection, list[Entry]]:
    """A members' selection (nomination → final) with ``nominees`` (nominating unit, member), moved
    to its final stage."""
    selection_type = SelectionType.objects.filter(tenant_id=tenant.pk, name=name).first() or make_type(
        tenant, name=name, stages=SHORT, quota_max=50
    )
    selection = make_selection(campaign, selection_type, title=title)
    entries = [nominate(selection, unit, member) for unit, member in nominees]
    selection = selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    return selection, entries


def announce_all(selection: Selection) -> list[Award]:
    return awards_announce(selection=selection, awarded_on=clock.today(), actor=SYSTEM)


def world_awards(world: Any) -> None:
    """The permission matrix's results (``tests/test_permission_matrix.py``): in each school a
    members' selection at its final stage (``award_selection``) whose one winner (``award``) is the
    sibling place's member in tenant A (so the chair persona of "own" does not see the certificate)
    and the other place's in tenant B. Names carry the school's marker."""
    for key, records in world.tenants.items():
        marker = "ZZHOME" if key == "home" else "ZZOTH"
        place = next(
            p
            for name, p in world.places.items()
            if p.tenant == records.tenant and name in ("sibling", "other")
        )
        path = place.unit.path[: 2 * Unit.steplen]
        nominating = Unit.objects.get(tenant_id=place.unit.tenant_id, path=path)
        selection, _entries = final_selection(
            records.tenant,
            records.campaign,
            [(nominating, place.member)],
            name=f"{marker}awardtype",
            title=f"{marker}awards",
        )
        (award,) = announce_all(selection)
        award.exemplar = True
        award.save(update_fields=["exemplar"])
        records.award_selection = selection
        records.award = award
