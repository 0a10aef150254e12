"""The demo's appeals box and 办实事 ledger: the office's handling offices, appeals of the demo
personas in every state — an anonymous one accepted by the college and waiting for its answer (the
chair's inbox), one answered by the logistics office (后勤管理处, the handling-office persona) and
rated, one reopened after 不满意, one past its deadline unaccepted (flagged) — and two ledger entries,
one resolving an appeal. Called once by the demo loader (``demo.services.load``)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from chuangxian.accounts.models import User
from chuangxian.appeals.models import AppealCategory, Rating
from chuangxian.appeals.services import (
    AppealData,
    MatterData,
    appeal_accept,
    appeal_answer,
    appeal_message,
    appeal_rate,
    appeal_submit,
    desk_add,
    matter_record,
)
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Unit

DESKS = (
    ("后勤管理处", "食堂、维修、校园环境、交通"),
    ("组织人事部", "薪酬、职称、岗位聘任"),
    ("教务处", "教学安排、教学条件"),
)


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def appeals_demo_create(
    *,
    units: dict[str, Unit],
    office: Actor,
    member: User | None,
    chair: User | None,
    handling: User | None,
    others: list[User],
    as_of: date,
) -> None:
    """``member`` and ``chair``: the college's personas; ``handling``: the logistics office's;
    ``others``: more logins of the school (the representative, the judge...) who submit too."""
    with clock.as_of(_moment(as_of - timedelta(days=40))):
        for name, note in DESKS:
            if name in units:
                desk_add(unit=units[name], note=note, actor=office)
    if member is None or chair is None:
        return
    logistics = units.get(DESKS[0][0])

    with clock.as_of(_moment(as_of - timedelta(days=35))):
        canteen = appeal_submit(
            data=AppealData(
                subject="教工食堂晚餐窗口太少，排队时间长",
                text="下午最后一节课后到食堂，晚餐只开两个窗口，经常要排 20 分钟以上，建议增开窗口或延长供应时间。",
                category=AppealCategory.LIVING,
                unit=logistics,
            ),
            actor=member,
        )
    if handling is not None and logistics is not None:
        with clock.as_of(_moment(as_of - timedelta(days=33))):
            appeal_accept(appeal=canteen, actor=handling)
        with clock.as_of(_moment(as_of - timedelta(days=25))):
            appeal_answer(
                appeal=canteen,
                text="经与饮食服务中心研究，自下周一起晚餐增开两个窗口，供应时间延长至 19:30。",
                actor=handling,
            )
        with clock.as_of(_moment(as_of - timedelta(days=22))):
            canteen = appeal_rate(
                appeal=canteen, rating=Rating.SATISFIED, comment="已经改善，谢谢", actor=member
            )

    with clock.as_of(_moment(as_of - timedelta(days=6))):
        aircon = appeal_submit(
            data=AppealData(
                subject="实验楼三楼空调不制冷",
                text="302、305 实验室空调坏了两个月，上课时室温超过 32 度，请尽快维修。",
                category=AppealCategory.WORK,
                anonymous=True,
            ),
            actor=member,
        )
    with clock.as_of(_moment(as_of - timedelta(days=5))):
        appeal_accept(appeal=aircon, actor=chair)
        appeal_message(appeal=aircon, text="请问空调的资产编号是多少？我们报后勤处维修。", actor=chair)
    with clock.as_of(_moment(as_of - timedelta(days=4))):
        appeal_message(appeal=aircon, text="302 是 KT-302-01，305 是 KT-305-02。", actor=member)

    submitters = [u for u in others if u is not None] or [member]
    with clock.as_of(_moment(as_of - timedelta(days=30))):
        appeal_submit(
            data=AppealData(
                subject="希望公布年度绩效工资的核算办法",
                text="绩效工资每年变化较大，希望学校公开核算办法和各项系数，便于教职工理解。",
                category=AppealCategory.PAY,
                unit=next(u for u in units.values() if u.depth == 1),
            ),
            actor=submitters[0],
        )
    with clock.as_of(_moment(as_of - timedelta(days=20))):
        parking = appeal_submit(
            data=AppealData(
                subject="东门停车位不足",
                text="东门教工停车场早上 8 点前就停满，建议规划临时停车区。",
                category=AppealCategory.LIVING,
                unit=logistics,
            ),
            actor=submitters[-1],
        )
    if handling is not None and logistics is not None:
        with clock.as_of(_moment(as_of - timedelta(days=18))):
            appeal_accept(appeal=parking, actor=handling)
            appeal_answer(appeal=parking, text="停车场扩建已列入明年计划。", actor=handling)
        with clock.as_of(_moment(as_of - timedelta(days=15))):
            appeal_rate(
                appeal=parking,
                rating=Rating.UNSATISFIED,
                comment="明年太晚了，能否先有临时办法？",
                actor=submitters[-1],
            )

    root = next(u for u in units.values() if u.depth == 1)
    with clock.as_of(_moment(as_of - timedelta(days=20))):
        matter_record(
            tenant_id=root.tenant_id,
            data=MatterData(
                title="教工食堂增开晚餐窗口、延长供应时间",
                description="晚餐窗口由 2 个增至 4 个，供应时间延长至 19:30，解决下课晚的教职工就餐排队问题。",
                unit=logistics or root,
                done_on=as_of - timedelta(days=21),
                beneficiaries=850,
                appeals=[canteen],
            ),
            actor=office,
        )
        matter_record(
            tenant_id=root.tenant_id,
            data=MatterData(
                title="为 45 岁以上教职工组织健康体检",
                description="联系附属医院为 45 岁以上教职工增加心脑血管专项检查，分三批完成。",
                unit=root,
                done_on=as_of - timedelta(days=30),
                beneficiaries=612,
            ),
            actor=office,
        )
