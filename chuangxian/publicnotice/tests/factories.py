"""Test helpers for the public notice: a selection at its notice stage with entries, published."""

from datetime import date
from typing import Any

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.grants.models import Grant
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.permissions import member_for
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.publicnotice.models import Objection, PublicNotice
from chuangxian.publicnotice.services import discipline_name, notice_publish, objection_file
from chuangxian.selections.models import Selection, Stage
from chuangxian.selections.services import selection_advance
from chuangxian.selections.tests.factories import make_selection, make_type, nominate

NOTICE_STAGES = (Stage.NOMINATION, Stage.NOTICE, Stage.FINAL)
CONTACT = "校工会办公室，电话 0595-22919500"


def selection_at_notice(
    tenant: Any,
    candidates: list[tuple[Unit, Member]],
    *,
    campaign: Any = None,
    title: str = "2011年度优秀工会工作者评选",
    actor: Actor = SYSTEM,
) -> Selection:
    """A members' selection (nomination → notice → final) with ``candidates`` nominated by their
    units (each a nominating unit), moved to its notice stage."""
    selection_type = make_type(tenant, name=f"{title}类型", stages=NOTICE_STAGES, quota_max=20)
    selection = make_selection(campaign or make_campaign(tenant), selection_type, title=title)
    for unit, member in candidates:
        nominate(selection, unit, member, actor=actor, summary=f"{member.name}爱岗敬业")
    return selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)


def notice_for(tree: Any, *, n: int = 2, starts_on: date | None = None, **kwargs: Any) -> PublicNotice:
    """A notice of ``n`` members of 文学与传播学院, published by the system from ``starts_on``."""
    members = [(tree.college, MemberFactory(unit=tree.college, name=f"候选人{i}")) for i in range(n)]
    selection = selection_at_notice(tree.tenant, members)
    return notice_publish(
        selection=selection, starts_on=starts_on or clock.today(), contact=CONTACT, actor=SYSTEM, **kwargs
    )


def object_to(
    notice: PublicNotice, actor: Actor, *, item: Any = None, text: str = "事迹与事实不符"
) -> Objection:
    member = member_for(actor)
    name = member.name if member is not None else "王某某"  # the objector's own name, as the rule asks
    return objection_file(
        notice=notice, real_name=name, contact="13800000000", text=text, item=item, actor=actor
    )


def world_notice(
    tenant: Any, campaign: Any, unit: Unit, member: Member, office: Actor, marker: str
) -> tuple[PublicNotice, Objection, Grant]:
    """The permission matrix's notice of a school (its title carries the school's marker), running,
    with one objection by the school's ``office`` and a discipline-inspection grant on its selection."""
    selection = selection_at_notice(tenant, [(unit, member)], campaign=campaign, title=f"{marker}notice")
    notice = notice_publish(
        selection=selection, starts_on=clock.today(), contact=f"{marker}contact", actor=SYSTEM
    )
    inspector = MemberFactory(unit=unit, name=f"{marker}inspector")
    (grant,) = discipline_name(selection=selection, members=[inspector], actor=SYSTEM)
    return notice, object_to(notice, office, text=f"{marker}objection"), grant
