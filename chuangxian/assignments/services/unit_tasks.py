"""Each unit's task: giving every matching unit its unit task (sync) and naming its responsible
person (责任人)."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.assignments import selectors
from chuangxian.assignments.models import Task, TaskStatus, UnitTask
from chuangxian.assignments.permissions import can_name_responsible
from chuangxian.assignments.services._common import AssignmentError, _require_office
from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment


@transaction.atomic
def unit_tasks_sync(*, task: Task, actor: Actor) -> int:
    """Give every active unit of the task's kinds and categories its unit task (bulk, idempotent).

    New units get theirs on the next sync. A unit that no longer matches loses its unit task only if
    it has not started it. The responsible person defaults to the unit's chair. Returns rows created.
    Raises Refused 'forbidden' (not the office).
    """
    _require_office(actor, task.tenant_id)
    units = list(selectors.units_for_task(task).values_list("pk", flat=True))
    have = set(UnitTask.objects.filter(tenant_id=task.tenant_id, task=task).values_list("unit_id", flat=True))
    missing = [pk for pk in units if pk not in have]
    chairs: dict[int, int] = {}
    for unit_id, member_id in (
        RoleAssignment.objects.filter(tenant_id=task.tenant_id, unit_id__in=missing, role=Role.CHAIR)
        .order_by("-id")
        .values_list("unit_id", "member_id")
    ):
        chairs[unit_id] = member_id  # the earliest appointed chair wins (ordered newest first)
    UnitTask.objects.bulk_create(
        [
            UnitTask(tenant_id=task.tenant_id, task=task, unit_id=pk, responsible_id=chairs.get(pk))
            for pk in missing
        ],
        ignore_conflicts=True,
    )
    stale = UnitTask.objects.filter(
        tenant_id=task.tenant_id, task=task, status=TaskStatus.NOT_STARTED, evidence_key="", document=""
    ).exclude(unit_id__in=units)
    removed, _detail = stale.delete()
    if missing or removed:
        audit_record(
            actor=actor,
            action="assignments.task.synced",
            target=task,
            data={"added": len(missing), "removed": removed},
        )
    return len(missing)


@transaction.atomic
def campaign_tasks_sync(*, campaign: Campaign, actor: Actor) -> int:
    """``unit_tasks_sync`` for every task of the campaign, in one transaction (the office's 同步
    button). Returns the unit tasks created. Raises Refused 'forbidden' (not the office), even for a
    campaign with no tasks."""
    _require_office(actor, campaign.tenant_id)
    tasks = Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign)
    return sum(unit_tasks_sync(task=task, actor=actor) for task in tasks)


@transaction.atomic
def unit_task_set_responsible(*, unit_task: UnitTask, member: Member | None, actor: Actor) -> UnitTask:
    """Set the unit task's responsible person (责任人): an active member of the unit or its subtree.

    Raises Refused 'forbidden' (not the office), AssignmentError 'member_outside_unit'.
    """
    unit_task = (
        UnitTask.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=unit_task.pk, tenant_id=unit_task.tenant_id)
    )
    if not can_name_responsible(actor, unit_task):
        raise Refused(_("只有学校工会可以指定阶段任务的责任人。"), code="forbidden")
    if member is not None:
        member = Member.objects.select_related("unit").get(pk=member.pk, tenant_id=member.tenant_id)
        if (
            member.tenant_id != unit_task.tenant_id
            or not member.unit.path.startswith(unit_task.unit.path)
            or member.status != MemberStatus.ACTIVE
        ):
            raise AssignmentError(
                code="member_outside_unit",
                message=_("责任人须是「%(unit)s」的在职会员。") % {"unit": unit_task.unit.name},
                field="responsible",
            )
    before = unit_task.responsible_id
    unit_task.responsible = member
    unit_task.save(update_fields=["responsible", "updated_at"])
    audit_record(
        actor=actor,
        action="assignments.unit_task.responsible_set",
        target=unit_task,
        unit=unit_task.unit,
        changes={"responsible": [before, member.pk if member else None]},
    )
    return unit_task
