"""Who holds office: a unit's chair and liaison, and roles granted and taken back."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.roles import OFFICER_ROLES, Role
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit
from chuangxian.orgs.permissions import can_grant_roles
from chuangxian.orgs.services._common import OrgError, _require_unit_editor


@transaction.atomic
def unit_set_officer(*, unit: Unit, role: str, member: Member | None, actor: Actor) -> None:
    """Make ``member`` the unit's chair or liaison (replacing the previous one), or clear it.

    The officer must belong to the unit or its subtree. Raises Refused 'not_office'
    (``can_edit_units``), OrgError 'not_in_unit', 'bad_role'.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以设置主席和联络员。"))
    if role not in OFFICER_ROLES:
        raise OrgError(code="bad_role", message=_("只能设置主席或联络员。"))
    if member is not None:
        member = Member.objects.select_related("unit").get(pk=member.pk, tenant_id=member.tenant_id)
        if member.tenant_id != unit.tenant_id or not member.unit.path.startswith(unit.path):
            raise OrgError(
                code="not_in_unit",
                message=_("%(name)s 不是本组织的会员。") % {"name": member.name},
                field="member",
            )
        if member.status != MemberStatus.ACTIVE:
            raise OrgError(
                code="member_inactive",
                message=_("%(name)s 已不在职。") % {"name": member.name},
                field="member",
            )
    previous = list(RoleAssignment.objects.filter(unit=unit, role=role).select_related("member"))
    before = ", ".join(sorted(a.member.name for a in previous))
    RoleAssignment.objects.filter(unit=unit, role=role).delete()
    if member is not None:
        RoleAssignment.objects.create(tenant_id=unit.tenant_id, unit=unit, member=member, role=role)
    after = member.name if member is not None else ""
    if before != after:
        audit_record(
            actor=actor, action=f"orgs.unit.{role}_set", target=unit, changes={role: [before, after]}
        )


@transaction.atomic
def unit_officers_set(*, unit: Unit, chair: Member | None, liaison: Member | None, actor: Actor) -> None:
    """Set the unit's chair and liaison together: both or neither (raises what unit_set_officer raises)."""
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以设置主席和联络员。"))
    unit_set_officer(unit=unit, role=Role.CHAIR, member=chair, actor=actor)
    unit_set_officer(unit=unit, role=Role.LIAISON, member=liaison, actor=actor)


@transaction.atomic
def role_grant(*, member: Member, unit: Unit, role: str, actor: Actor) -> RoleAssignment:
    """Give ``member`` a role at ``unit`` (reaching its subtree). Idempotent.

    Raises Refused 'not_office' unless ``actor`` may grant roles in the unit's tenant
    (``can_grant_roles``), OrgError 'bad_role' for a role ``core.roles.Role`` does not list (a judge
    is a grant on a campaign, ``campaigns.services.campaign_judges_name``), 'wrong_tenant'."""
    if not can_grant_roles(actor, unit.tenant_id):
        raise Refused(_("只有学校工会可以授予角色。"), code="not_office")
    if role not in Role.values:
        raise OrgError(
            code="bad_role",
            message=_("没有这个角色。评委由学校工会在创先活动中聘请，不是单位的角色。"),
            field="role",
        )
    if member.tenant_id != unit.tenant_id:
        raise OrgError(code="wrong_tenant", message=_("会员与组织不属于同一学校。"))
    assignment, created = RoleAssignment.objects.get_or_create(
        tenant_id=unit.tenant_id, member=member, unit=unit, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action="orgs.role.granted",
            target=assignment,
            unit=unit,
            data={"member": member.staff_no, "role": role},
        )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: Actor) -> None:
    """Take a role away. Raises Refused 'not_office' (``can_grant_roles``)."""
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("unit", "member")
        .get(pk=assignment.pk, tenant_id=assignment.tenant_id)
    )
    if not can_grant_roles(actor, assignment.tenant_id):
        raise Refused(_("只有学校工会可以收回角色。"), code="not_office")
    unit = assignment.unit
    audit_record(
        actor=actor,
        action="orgs.role.revoked",
        target=assignment,
        unit=unit,
        data={"member": assignment.member.staff_no, "role": assignment.role},
    )
    assignment.delete()
