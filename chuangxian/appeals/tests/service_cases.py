"""The appeals' write services on the permission table (tests/service_permissions).

The cases put the appeal of the plain member (中文系工会小组) at their college union, 文学与传播学院:
its chair and liaison handle it, and so do the managers above it (the office, the platform admin,
the system); the sibling college's chair, the leader and another school's office may not. Anyone with
a roster row submits (to their own school); only the submitter rates. The office keeps the list of
handling offices and the ledger.
"""

from chuangxian.appeals.models import Rating
from chuangxian.appeals.services import (
    MatterData,
    appeal_accept,
    appeal_answer,
    appeal_handler_name,
    appeal_message,
    appeal_rate,
    appeal_submit,
    appeal_transfer,
    desk_add,
    desk_remove,
    matter_record,
    matter_update,
)
from chuangxian.appeals.tests.factories import accepted, answered, matter, submit
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import MemberFactory
from tests.service_permissions.harness import ServiceCase

CONFIGURERS = {"office", "admin", "system"}
HANDLERS = {"chair", "liaison", "office", "admin", "system"}
PEOPLE = {"member", "chair", "liaison", "sibling_chair", "office", "leader", "other_office"}


def _matter_data(w, title="食堂延长晚餐供应时间"):  # type: ignore[no-untyped-def]
    return MatterData(
        title=title,
        description="晚餐供应延长至 19:30。",
        unit=w.tree.root,
        done_on=clock.today(),
        beneficiaries=300,
    )


CASES = [
    ServiceCase(
        service=appeal_submit,
        allowed=PEOPLE,
        arrange=lambda w: None,
        act=lambda w, _none, actor: submit(actor, anonymous=True),
    ),
    ServiceCase(
        service=appeal_accept,
        allowed=HANDLERS,
        arrange=lambda w: submit(w.personas.member),
        act=lambda w, appeal, actor: appeal_accept(appeal=appeal, actor=actor),
    ),
    ServiceCase(
        service=appeal_transfer,
        allowed=HANDLERS,
        arrange=lambda w: submit(w.personas.member),
        act=lambda w, appeal, actor: appeal_transfer(
            appeal=appeal, to_unit=w.tree.root, reason="涉及全校，转校工会办理。", actor=actor
        ),
    ),
    ServiceCase(
        service=appeal_answer,
        allowed=HANDLERS,
        arrange=lambda w: accepted(w.personas.member),
        act=lambda w, appeal, actor: appeal_answer(appeal=appeal, text="已安排维修。", actor=actor),
    ),
    ServiceCase(
        service=appeal_message,
        allowed=HANDLERS | {"member"},
        arrange=lambda w: accepted(w.personas.member, anonymous=True),
        act=lambda w, appeal, actor: appeal_message(appeal=appeal, text="请补充具体房间号。", actor=actor),
    ),
    ServiceCase(
        service=appeal_rate,
        allowed={"member"},
        arrange=lambda w: answered(w.personas.member),
        act=lambda w, appeal, actor: appeal_rate(appeal=appeal, rating=Rating.BASIC, actor=actor),
    ),
    ServiceCase(
        service=appeal_handler_name,
        allowed=CONFIGURERS,
        arrange=lambda w: (submit(w.personas.member), MemberFactory(unit=w.tree.library, name="后勤专家")),
        act=lambda w, pair, actor: appeal_handler_name(appeal=pair[0], member=pair[1], actor=actor),
    ),
    ServiceCase(
        service=desk_add,
        allowed=CONFIGURERS,
        arrange=lambda w: w.tree.library,
        act=lambda w, unit, actor: desk_add(unit=unit, note="后勤保障", actor=actor),
    ),
    ServiceCase(
        service=desk_remove,
        allowed=CONFIGURERS,
        arrange=lambda w: desk_add(unit=w.tree.library, actor=SYSTEM),
        act=lambda w, desk, actor: desk_remove(desk=desk, actor=actor),
    ),
    ServiceCase(
        service=matter_record,
        allowed=CONFIGURERS,
        arrange=lambda w: None,
        act=lambda w, _none, actor: matter_record(
            tenant_id=w.tree.tenant.pk, data=_matter_data(w), actor=actor
        ),
    ),
    ServiceCase(
        service=matter_update,
        allowed=CONFIGURERS,
        arrange=lambda w: matter(w.tree.tenant.pk, w.tree.root),
        act=lambda w, row, actor: matter_update(matter=row, data=_matter_data(w, "晚餐延时"), actor=actor),
    ),
]
