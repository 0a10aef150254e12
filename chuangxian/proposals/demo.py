"""The demo's proposals: the collection of the school congress's next session (open until three days
from the demo's day, a week before the session) and proposals in the states a person meets —
one answered and rated, one being handled by 后勤管理处 (the handling persona's office), the
representative persona's own waiting for the committee, and another representative's draft inviting
the persona to co-sign. Recorded through the services by the people who would act (the office, the
representatives, the handling office), each at a moment before the demo's day. Called once by the
demo loader after the congress (``demo.services.load``)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from chuangxian.accounts.models import User
from chuangxian.congress.models import Congress, Representative, Session
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for
from chuangxian.proposals.models import Proposal
from chuangxian.proposals.services import (
    ProposalData,
    collection_set,
    cosign_answer,
    cosigners_invite,
    proposal_answer,
    proposal_assign,
    proposal_create,
    proposal_decide,
    proposal_rate,
    proposal_submit,
)

PROPOSALS = (
    ProposalData(
        "关于改善教工食堂就餐环境的提案",
        "教工食堂午餐高峰排队时间长，座位不足，部分窗口菜品单一。",
        "一、增设教工专用窗口；二、延长午餐供应时间；三、定期征求教职工意见。",
        "logistics",
    ),
    ProposalData(
        "关于增加青年教师科研启动经费的提案",
        "青年教师入职初期科研条件薄弱，启动经费标准多年未调整。",
        "一、提高科研启动经费标准；二、简化经费报销流程。",
        "teaching",
    ),
    ProposalData(
        "关于延长图书馆周末开放时间的提案",
        "图书馆周末 17 时闭馆，教师周末备课、查阅资料不便。",
        "周末开放时间延长至 21 时，并开放研讨室预约。",
        "logistics",
    ),
    ProposalData(
        "关于完善教职工年度体检项目的提案",
        "现有体检项目较少，未覆盖中老年教职工常见疾病筛查。",
        "按年龄段增设体检项目，体检报告由校医院解读。",
        "other",
    ),
)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _users(congress: Congress, exclude: set[int]) -> list[User]:
    reps = (
        Representative.objects.filter(tenant_id=congress.tenant_id, congress=congress, ended_on__isnull=True)
        .exclude(member_id__in=exclude)
        .select_related("member")
        .order_by("member__staff_no")
    )
    staff = {r.member.staff_no: r.member for r in reps}
    users = User.objects.filter(tenant_id=congress.tenant_id, staff_no__in=list(staff)).order_by("staff_no")
    return list(users[:4])


def proposals_demo_create(
    *, congress: Congress, office: Actor, representative: User | None, handling_unit: Unit | None, as_of: date
) -> None:
    session = (
        Session.objects.filter(tenant_id=congress.tenant_id, congress=congress).order_by("-starts_at").first()
    )
    if session is None or representative is None or handling_unit is None:
        return
    persona = member_for(representative)
    others = _users(congress, {persona.pk} if persona else set())
    if persona is None or len(others) < 4:
        return
    a, b, c, d = others
    units = {u.name: u for u in Unit.objects.filter(tenant_id=congress.tenant_id, depth__lte=2)}
    with clock.as_of(_moment(as_of - timedelta(days=20))):
        collection_set(
            session=session,
            opens_on=as_of - timedelta(days=20),
            closes_on=as_of + timedelta(days=3),
            min_cosigners=2,
            reply_days=60,
            actor=office,
        )

    def drafted(
        proposer: User, data: ProposalData, cosigners: list[User], *, confirm: bool = True
    ) -> Proposal:
        proposal = proposal_create(session=session, data=data, actor=proposer)
        members = [m for m in (member_for(u) for u in cosigners) if m is not None]
        cosigners_invite(proposal=proposal, members=members, actor=proposer)
        if confirm:
            for user in cosigners:
                cosign_answer(proposal=proposal, confirm=True, actor=user)
        return proposal

    with clock.as_of(_moment(as_of - timedelta(days=15))):
        canteen = proposal_submit(proposal=drafted(a, PROPOSALS[0], [b, c]), actor=a)
        library = proposal_submit(proposal=drafted(c, PROPOSALS[2], [a, d]), actor=c)
    with clock.as_of(_moment(as_of - timedelta(days=12))):
        canteen = proposal_decide(proposal=canteen, decision="accept", actor=office)
        library = proposal_decide(proposal=library, decision="accept", actor=office)
        finance = units.get("财务处")
        proposal_assign(
            proposal=canteen, lead=handling_unit, cohandlers=[finance] if finance else [], actor=office
        )
        lib_unit = units.get("图书馆")
        if lib_unit is not None:
            library = proposal_assign(proposal=library, lead=lib_unit, actor=office)
    if lib_unit is not None:
        with clock.as_of(_moment(as_of - timedelta(days=4))):
            proposal_answer(
                proposal=library,
                category="A",
                text="自本学期起，图书馆周末开放至 21 时，研讨室可在网上预约。",
                done_by=as_of - timedelta(days=2),
                actor=office,
            )
        with clock.as_of(_moment(as_of - timedelta(days=3))):
            proposal_rate(proposal=library, value="satisfied", actor=c)
            proposal_rate(proposal=library, value="basic", note="希望寒暑假也延长开放。", actor=a)
    with clock.as_of(_moment(as_of - timedelta(days=2))):
        own = drafted(representative, PROPOSALS[1], [a, b])
        proposal_submit(proposal=own, actor=representative)
        drafted(d, PROPOSALS[3], [representative, b], confirm=False)
