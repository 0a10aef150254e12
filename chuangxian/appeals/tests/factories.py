"""Appeals in each state, made through the services, for the appeals' tests and the permission
matrix (``world_appeals``)."""

from typing import Any

from chuangxian.appeals.models import Appeal, AppealCategory, PracticalMatter, Rating
from chuangxian.appeals.services import (
    AppealData,
    MatterData,
    appeal_accept,
    appeal_answer,
    appeal_rate,
    appeal_submit,
    desk_add,
    matter_record,
)
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.orgs.models import Unit

SUBJECT = "实验楼空调长期不制冷"
TEXT = "三楼实验室空调坏了两个月，夏天无法上课，请尽快维修。"


def submit(user: Actor, *, anonymous: bool = False, unit: Unit | None = None, **kwargs: Any) -> Appeal:
    data = AppealData(
        subject=kwargs.pop("subject", SUBJECT),
        text=kwargs.pop("text", TEXT),
        category=kwargs.pop("category", AppealCategory.WORK),
        unit=unit,
        anonymous=anonymous,
        **kwargs,
    )
    return appeal_submit(data=data, actor=user)


def accepted(user: Actor, **kwargs: Any) -> Appeal:
    return appeal_accept(appeal=submit(user, **kwargs), actor=SYSTEM)


def answered(user: Actor, **kwargs: Any) -> Appeal:
    appeal = accepted(user, **kwargs)
    appeal_answer(appeal=appeal, text="已联系后勤处，本周内更换空调。", actor=SYSTEM)
    appeal.refresh_from_db()
    return appeal


def closed(user: Actor, rating: str = Rating.SATISFIED, **kwargs: Any) -> Appeal:
    return appeal_rate(appeal=answered(user, **kwargs), rating=rating, actor=user)


def matter(
    tenant_id: int, unit: Unit, appeals: list[Appeal] = (), title: str = "更换实验楼空调"
) -> PracticalMatter:  # type: ignore[assignment]
    return matter_record(
        tenant_id=tenant_id,
        data=MatterData(
            title=title,
            description="更换实验楼三楼空调 12 台。",
            unit=unit,
            done_on=clock.today(),
            beneficiaries=80,
            appeals=list(appeals),
        ),
        actor=SYSTEM,
    )


def world_appeals(world: Any) -> None:
    """The permission matrix's records: at each place an appeal of the place's member routed to the
    place's unit (``place.appeal``, its subject carries the marker; not anonymous, so the marker of
    the member's name would show a leak too), and per school a ledger entry (``matter``) and a
    handling office (``desk``) at the sibling unit."""
    for place in world.places.values():
        place.appeal = submit(place.member_user, unit=None, subject=f"{place.marker}appeal")
        if place.appeal.unit_id != place.unit.pk:  # the child group's member: their college union
            place.appeal.unit = place.unit
            place.appeal.save(update_fields=["unit"])
    for key, records in world.tenants.items():
        marker = "ZZHOME" if key == "home" else "ZZOTH"
        sibling = next(
            p for n, p in world.places.items() if p.tenant == records.tenant and n in ("sibling", "other")
        )
        records.matter = matter(records.tenant.pk, records.root, [sibling.appeal], title=f"{marker}matter")
        records.desk = desk_add(unit=sibling.unit, note=f"{marker}desk", actor=SYSTEM)
