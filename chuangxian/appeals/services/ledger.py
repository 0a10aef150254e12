"""The office's part: the list of handling offices an appeal may be addressed to, a handler named for
one appeal (the ``HANDLER`` grant), and the ledger of practical matters done for the staff
(办实事台账), each linked to the appeals it resolves."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.appeals.models import Appeal, AppealDesk, MatterAppeal, PracticalMatter
from chuangxian.appeals.permissions import can_oversee
from chuangxian.appeals.services._common import AppealError
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.core.tenancy import lock
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.services import grant_create
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, Unit


def _require_office(actor: Actor, tenant_id: int) -> None:
    if not can_oversee(actor, tenant_id):
        raise Refused(_("只有学校工会可以设置承办部门和登记办实事台账。"), code="not_office")


@transaction.atomic
def desk_add(*, unit: Unit, note: str = "", actor: Actor) -> AppealDesk:
    """The office adds a unit (a handling office: 后勤处, 人事处...) to the list members may address
    appeals to. Raises Refused 'not_office'; AppealError 'duplicate', 'inactive'."""
    _require_office(actor, unit.tenant_id)
    unit = lock(unit)
    if not unit.is_active:
        raise AppealError(code="inactive", message=_("该单位已停用。"), field="unit")
    if AppealDesk.objects.filter(tenant_id=unit.tenant_id, unit=unit).exists():
        raise AppealError(code="duplicate", message=_("该单位已在承办部门列表中。"), field="unit")
    desk = AppealDesk.objects.create(
        tenant_id=unit.tenant_id, unit=unit, note=note.strip()[:200], created_by=login_of(actor)
    )
    audit_record(actor=actor, action="appeals.desk.added", target=unit, data={"note": desk.note})
    return desk


@transaction.atomic
def desk_remove(*, desk: AppealDesk, actor: Actor) -> None:
    """The office takes a unit off the list (appeals already addressed to it stay there). Raises
    Refused 'not_office'."""
    _require_office(actor, desk.tenant_id)
    desk = (
        AppealDesk.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=desk.pk, tenant_id=desk.tenant_id)
    )
    unit = desk.unit
    desk.delete()
    audit_record(actor=actor, action="appeals.desk.removed", target=unit)


@transaction.atomic
def appeal_handler_name(*, appeal: Appeal, member: Member, actor: Actor) -> Grant:
    """The office asks one member (an expert, someone of another office) to handle one appeal: the
    ``HANDLER`` grant on it from today, audited by ``grant_create``; the member is told. Locks the
    appeal. Raises Refused 'not_office'; what ``grant_create`` raises ('wrong_tenant',
    'duplicate')."""
    _require_office(actor, appeal.tenant_id)
    appeal = lock(appeal)
    grant = grant_create(
        kind=GrantKind.HANDLER, target=appeal, member=member, starts_on=clock.today(), actor=actor
    )
    notify(
        tenant_id=appeal.tenant_id,
        recipients=[member],
        kind="appeals.handler",
        title=_("学校工会请您办理诉求「%(subject)s」") % {"subject": appeal.subject},
        url=reverse("appeals:detail", args=[appeal.pk]),
        key=f"appeal-handler:{grant.pk}",
        email=False,
    )
    return grant


@dataclass(frozen=True)
class MatterData:
    title: str
    description: str
    unit: Unit
    done_on: date
    beneficiaries: int = 0
    appeals: Sequence[Appeal] = ()


def matter_check(data: MatterData, tenant_id: int) -> list[AppealError]:
    """Everything wrong with a ledger entry at once."""
    problems = []
    if not data.title.strip():
        problems.append(AppealError(code="title_required", message=_("请填写事项名称。"), field="title"))
    if not data.description.strip():
        problems.append(
            AppealError(code="description_required", message=_("请写明办理情况。"), field="description")
        )
    if data.done_on > clock.today():
        problems.append(AppealError(code="future", message=_("办结日期不能晚于今天。"), field="done_on"))
    if data.beneficiaries < 0:
        problems.append(
            AppealError(code="bad_beneficiaries", message=_("受益人数不能为负数。"), field="beneficiaries")
        )
    if data.unit.tenant_id != tenant_id or any(a.tenant_id != tenant_id for a in data.appeals):
        problems.append(AppealError(code="bad_link", message=_("所选单位或诉求不属于本校。")))
    return problems


def _links_set(matter: PracticalMatter, appeals: Sequence[Appeal]) -> list[int]:
    wanted = {a.pk for a in appeals}
    current = set(
        MatterAppeal.objects.filter(tenant_id=matter.tenant_id, matter=matter).values_list(
            "appeal_id", flat=True
        )
    )
    MatterAppeal.objects.filter(
        tenant_id=matter.tenant_id, matter=matter, appeal_id__in=current - wanted
    ).delete()
    MatterAppeal.objects.bulk_create(
        [
            MatterAppeal(tenant_id=matter.tenant_id, matter=matter, appeal_id=pk)
            for pk in sorted(wanted - current)
        ]
    )
    return sorted(wanted)


@transaction.atomic
def matter_record(*, tenant_id: int, data: MatterData, actor: Actor) -> PracticalMatter:
    """The office records a practical matter done for the staff, linked to the appeals it
    resolves. Raises Refused 'not_office'; AppealError 'title_required', 'description_required',
    'future', 'bad_beneficiaries', 'bad_link'."""
    _require_office(actor, tenant_id)
    problems = matter_check(data, tenant_id)
    if problems:
        raise problems[0]
    matter = PracticalMatter.objects.create(
        tenant_id=tenant_id,
        title=data.title.strip(),
        description=data.description.strip(),
        unit=data.unit,
        done_on=data.done_on,
        beneficiaries=data.beneficiaries,
        recorded_by=login_of(actor),
    )
    linked = _links_set(matter, data.appeals)
    audit_record(
        actor=actor,
        action="appeals.matter.recorded",
        target=matter,
        unit=data.unit,
        data={
            "unit": data.unit.name,
            "done_on": data.done_on,
            "beneficiaries": data.beneficiaries,
            "appeals": linked,
        },
    )
    return matter


@transaction.atomic
def matter_update(*, matter: PracticalMatter, data: MatterData, actor: Actor) -> PracticalMatter:
    """The office corrects a ledger entry and the appeals it links. Locks the entry. Raises as
    ``matter_record``."""
    _require_office(actor, matter.tenant_id)
    matter = lock(matter)
    problems = matter_check(data, matter.tenant_id)
    if problems:
        raise problems[0]
    changes = {}
    for field, value in (
        ("title", data.title.strip()),
        ("description", data.description.strip()),
        ("done_on", data.done_on),
        ("beneficiaries", data.beneficiaries),
    ):
        if getattr(matter, field) != value:
            changes[field] = [getattr(matter, field), value]
            setattr(matter, field, value)
    if matter.unit_id != data.unit.pk:
        changes["unit"] = [matter.unit_id, data.unit.pk]
        matter.unit = data.unit
    matter.save()
    linked = _links_set(matter, data.appeals)
    audit_record(
        actor=actor,
        action="appeals.matter.updated",
        target=matter,
        unit=data.unit,
        changes=changes,
        data={"appeals": linked},
    )
    return matter
