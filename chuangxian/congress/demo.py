"""The demo's staff congress: the school's 第五届教职工代表大会 (a five-year term in its third year)
with the representatives the demo cast (every member holding the 教代会代表 role, elected by the
second-level union they belong to, one delegation per such union with its first representative as
head) and its next session, a week after the demo's day, with an agenda. Called once by the demo
loader (``demo.services.load``); the office persona records everything."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from chuangxian.congress.models import Congress
from chuangxian.congress.services import (
    CongressData,
    SessionData,
    agenda_item_add,
    congress_create,
    delegation_save,
    representative_elect,
    session_create,
)
from chuangxian.core.actors import Actor
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, RoleAssignment, Unit

AGENDA = (
    "听取和审议学校工作报告",
    "听取和审议学校财务工作报告",
    "听取和审议校工会工作报告及教代会提案工作报告",
    "审议《教职工年度考核办法（修订稿）》",
    "表决通过大会决议",
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def congress_demo_create(*, root: Unit, office: Actor, as_of: date) -> Congress:
    tenant_id = root.tenant_id
    congress = congress_create(
        unit=root,
        data=CongressData(term_number=5, term_starts_on=date(as_of.year - 2, 4, 1), term_years=5),
        actor=office,
    )
    holders = (
        RoleAssignment.objects.filter(tenant_id=tenant_id, role=Role.REPRESENTATIVE)
        .select_related("member__unit")
        .order_by("member__staff_no")
    )
    by_union: dict[int, tuple[Unit, list[Member]]] = {}
    units = {u.path: u for u in Unit.objects.filter(tenant_id=tenant_id, depth=2)}
    for assignment in holders:
        member = assignment.member
        union = units.get(member.unit.path[: 2 * Unit.steplen]) or member.unit
        by_union.setdefault(union.pk, (union, []))[1].append(member)
    for union, members in by_union.values():
        delegation = delegation_save(congress=congress, unit=union, head=None, actor=office)
        for member in members:
            representative_elect(
                congress=congress,
                member=member,
                unit=union,
                elected_on=congress.term_starts_on,
                delegation=delegation,
                actor=office,
            )
        delegation_save(congress=congress, unit=union, head=members[0], actor=office)
    day = as_of + timedelta(days=7)
    session = session_create(
        congress=congress,
        data=SessionData(
            number=3,
            starts_at=_at(day, 8),
            ends_at=_at(day, 17),
            place="图书馆学术报告厅",
            note="请各位代表提前 15 分钟到场，扫描会场屏幕上的二维码签到。",
        ),
        actor=office,
    )
    for title in AGENDA:
        agenda_item_add(session=session, title=title, actor=office)
    return congress
