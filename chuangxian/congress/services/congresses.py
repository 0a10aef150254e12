"""A congress's term and rules, its delegations, and the election and replacement of representatives.

A representative is two records written together: the ``Representative`` row (electing unit,
delegation, leader flag, replacement chain) and the REPRESENTATIVE grant on the congress
(``grants.services.grant_create``, from the election day to the term's last day), which is what
every rule asks (``holds_grant``). Replacing one mid-term ends the row and revokes the grant, then
records the successor with a new grant; each step is audited.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.models import Congress, Delegation, Representative
from chuangxian.congress.permissions import can_hold_congress, can_manage_at
from chuangxian.congress.services._common import CongressError, locked_congress, refused_not_manager
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.grants.models import GrantKind
from chuangxian.grants.services import grant_create, grant_revoke
from chuangxian.orgs.models import Member, MemberStatus, Unit

# The voting engine's majority bases on all voters: more than half, or at least two thirds.
MAJORITIES = ((1, 2), (2, 3))


@dataclass(frozen=True)
class CongressData:
    term_number: int
    term_starts_on: date
    term_years: int = 5
    all_staff: bool = False
    teachers_min: tuple[int, int] = (3, 5)
    leaders_max: tuple[int, int] = (1, 5)
    quorum: tuple[int, int] = (2, 3)
    majority: tuple[int, int] = (1, 2)


def congress_check(data: CongressData) -> None:
    """Every problem of the data at once (CongressError 'invalid' with the sentences joined)."""
    problems: list[str] = []
    if data.term_number < 1:
        problems.append(_("届次应为正整数。"))
    if data.term_years not in (3, 5):
        problems.append(_("任期应为 3 年或 5 年。"))
    for label, (num, den) in (
        (_("教师代表最低比例"), data.teachers_min),
        (_("领导干部最高比例"), data.leaders_max),
        (_("法定人数比例"), data.quorum),
    ):
        if not (den > 0 and 0 <= num <= den):
            problems.append(_("%(label)s应在 0 到 1 之间，例如 2/3。") % {"label": label})
    if data.quorum[0] * 2 <= data.quorum[1]:
        problems.append(_("法定人数应超过全体代表的半数。"))
    if tuple(data.majority) not in MAJORITIES:
        problems.append(_("通过标准只能是全体代表的过半数（1/2）或三分之二（2/3）。"))
    if problems:
        raise CongressError(code="invalid", message="".join(problems))


_FIELDS = ("term_number", "term_starts_on", "term_years", "all_staff")
_RATIOS = ("teachers_min", "leaders_max", "quorum", "majority")


def _apply(congress: Congress, data: CongressData) -> dict[str, list[str]]:
    changes: dict[str, list[str]] = {}
    for name in _FIELDS:
        before, after = getattr(congress, name), getattr(data, name)
        if before != after:
            changes[name] = [str(before), str(after)]
            setattr(congress, name, after)
    for name in _RATIOS:
        num, den = getattr(data, name)
        before_ratio = f"{getattr(congress, f'{name}_num')}/{getattr(congress, f'{name}_den')}"
        if before_ratio != f"{num}/{den}":
            changes[name] = [before_ratio, f"{num}/{den}"]
        setattr(congress, f"{name}_num", num)
        setattr(congress, f"{name}_den", den)
    return changes


@transaction.atomic
def congress_create(*, unit: Unit, data: CongressData, actor: Actor) -> Congress:
    """A new term of ``unit``'s congress (the school's root, or a second-level union). Locks the
    unit row so two offices cannot create the same term. Raises Refused 'not_manager';
    CongressError 'bad_unit', 'invalid', 'duplicate'."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
    if not can_manage_at(actor, unit):
        raise refused_not_manager()
    if not can_hold_congress(unit):
        raise CongressError(code="bad_unit", message=_("只有学校和二级单位工会可以召开教代会。"))
    congress_check(data)
    if Congress.objects.filter(tenant_id=unit.tenant_id, unit=unit, term_number=data.term_number).exists():
        raise CongressError(code="duplicate", message=_("本单位已经有这一届教代会。"), field="term_number")
    congress = Congress(tenant_id=unit.tenant_id, unit=unit, created_by=login_of(actor))
    _apply(congress, data)
    congress.save()
    audit_record(
        actor=actor,
        action="congress.congress.created",
        target=congress,
        unit=unit,
        data={
            "congress": str(congress),
            "term_starts_on": data.term_starts_on,
            "term_years": data.term_years,
        },
    )
    return congress


@transaction.atomic
def congress_update(*, congress: Congress, data: CongressData, actor: Actor) -> Congress:
    """Change the term and the rules. Locks the congress. Changing the term's dates does not move
    the representatives' grants already given (replace them if needed). Raises Refused
    'not_manager'; CongressError 'invalid', 'duplicate', 'has_representatives' (all_staff turned on
    while representatives are in office)."""
    congress = locked_congress(congress, actor)
    congress_check(data)
    others = Congress.objects.filter(
        tenant_id=congress.tenant_id, unit=congress.unit, term_number=data.term_number
    )
    if others.exclude(pk=congress.pk).exists():
        raise CongressError(code="duplicate", message=_("本单位已经有这一届教代会。"), field="term_number")
    if data.all_staff and not congress.all_staff:
        live = Representative.objects.filter(
            tenant_id=congress.tenant_id, congress=congress, ended_on__isnull=True
        )
        if live.exists():
            raise CongressError(
                code="has_representatives", message=_("本届已有当选代表，不能改为全体教职工大会。")
            )
    changes = _apply(congress, data)
    congress.save()
    audit_record(
        actor=actor, action="congress.congress.updated", target=congress, unit=congress.unit, changes=changes
    )
    return congress


@transaction.atomic
def delegation_save(
    *, congress: Congress, unit: Unit, head: Member | None, actor: Actor, name: str = ""
) -> Delegation:
    """The delegation (代表团) of ``unit`` in the congress, created or given a new head. Locks the
    congress. Raises Refused 'not_manager'; CongressError 'bad_unit', 'head_not_representative'."""
    congress = locked_congress(congress, actor)
    if unit.tenant_id != congress.tenant_id or not unit.path.startswith(congress.unit.path):
        raise CongressError(code="bad_unit", message=_("代表团的单位应在本届教代会的范围内。"), field="unit")
    if (
        head is not None
        and not Representative.objects.filter(
            tenant_id=congress.tenant_id, congress=congress, member=head, ended_on__isnull=True
        ).exists()
    ):
        raise CongressError(
            code="head_not_representative", message=_("团长应是本届教代会的在任代表。"), field="head"
        )
    delegation = Delegation.objects.filter(tenant_id=congress.tenant_id, congress=congress, unit=unit).first()
    created = delegation is None
    if delegation is None:
        delegation = Delegation(tenant_id=congress.tenant_id, congress=congress, unit=unit)
    delegation.name = name.strip() or _("%(unit)s代表团") % {"unit": unit.name}
    delegation.head = head
    delegation.save()
    audit_record(
        actor=actor,
        action="congress.delegation.created" if created else "congress.delegation.updated",
        target=delegation,
        unit=unit,
        data={"delegation": delegation.name, "head": str(head) if head else ""},
    )
    return delegation


def _require_electable(congress: Congress, member: Member, unit: Unit) -> None:
    problems: list[str] = []
    if congress.all_staff:
        raise CongressError(
            code="all_staff", message=_("全体教职工大会不选举代表，本单位全体在职会员都是与会人员。")
        )
    if unit.tenant_id != congress.tenant_id or not unit.path.startswith(congress.unit.path):
        problems.append(_("选举单位应在本届教代会的范围内。"))
    if member.tenant_id != congress.tenant_id or member.status != MemberStatus.ACTIVE:
        problems.append(_("代表应是本校在职会员。"))
    elif not member.unit.path.startswith(unit.path):
        problems.append(
            _("%(name)s 不是「%(unit)s」的会员，不能作为该单位选出的代表。")
            % {"name": member.name, "unit": unit.name}
        )
    if problems:
        raise CongressError(code="not_electable", message="".join(problems))


def _record(
    congress: Congress,
    *,
    member: Member,
    unit: Unit,
    elected_on: date,
    is_leader: bool,
    delegation: Delegation | None,
    replaces: Representative | None,
    actor: Actor,
) -> Representative:
    if elected_on > congress.term_ends_on:
        raise CongressError(
            code="after_term", message=_("当选日期晚于本届任期结束日期。"), field="elected_on"
        )
    if delegation is None:
        delegation = Delegation.objects.filter(
            tenant_id=congress.tenant_id, congress=congress, unit=unit
        ).first()
    elif delegation.congress_id != congress.pk:
        raise CongressError(code="bad_delegation", message=_("代表团不属于本届教代会。"), field="delegation")
    if Representative.objects.filter(
        tenant_id=congress.tenant_id, congress=congress, member=member, ended_on__isnull=True
    ).exists():
        raise CongressError(code="duplicate", message=_("%(name)s 已经是本届代表。") % {"name": member.name})
    grant = grant_create(
        kind=GrantKind.REPRESENTATIVE,
        target=congress,
        member=member,
        starts_on=max(elected_on, congress.term_starts_on),
        ends_on=congress.term_ends_on,
        actor=actor,
    )
    try:
        with transaction.atomic():
            return Representative.objects.create(
                tenant_id=congress.tenant_id,
                congress=congress,
                member=member,
                unit=unit,
                delegation=delegation,
                is_leader=is_leader,
                elected_on=elected_on,
                grant=grant,
                replaces=replaces,
            )
    except IntegrityError as error:  # only without the congress lock
        raise CongressError(
            code="duplicate", message=_("%(name)s 已经是本届代表。") % {"name": member.name}
        ) from error


@transaction.atomic
def representative_elect(
    *,
    congress: Congress,
    member: Member,
    unit: Unit,
    elected_on: date,
    actor: Actor,
    is_leader: bool = False,
    delegation: Delegation | None = None,
) -> Representative:
    """Record that ``unit`` elected ``member`` (the result of the unit's election): the row and the
    REPRESENTATIVE grant on the congress from ``elected_on`` (not before the term) to the term's
    end. The delegation defaults to the unit's. Composition rules are not checked here: they are
    warnings on the composition page. Locks the congress. Raises Refused 'not_manager';
    CongressError 'all_staff', 'not_electable', 'after_term', 'bad_delegation', 'duplicate'."""
    congress = locked_congress(congress, actor)
    _require_electable(congress, member, unit)
    rep = _record(
        congress,
        member=member,
        unit=unit,
        elected_on=elected_on,
        is_leader=is_leader,
        delegation=delegation,
        replaces=None,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="congress.representative.elected",
        target=rep,
        unit=unit,
        data={"congress": str(congress), "member": str(member), "unit": unit.name, "elected_on": elected_on},
    )
    return rep


@transaction.atomic
def representative_replace(
    *,
    representative: Representative,
    successor: Member,
    elected_on: date,
    reason: str,
    actor: Actor,
    is_leader: bool = False,
) -> Representative:
    """End ``representative`` today (its grant revoked) and record ``successor``, elected by the
    same unit into the same delegation, with a new grant to the term's end. Locks the congress and
    the row. Raises Refused 'not_manager'; CongressError 'reason_required', 'already_ended' and
    those of ``representative_elect``."""
    congress = locked_congress(representative.congress, actor)
    old = (
        Representative.objects.select_for_update(of=("self",))
        .select_related("unit", "member", "delegation")
        .get(pk=representative.pk, tenant_id=representative.tenant_id)
    )
    if not reason.strip():
        raise CongressError(code="reason_required", message=_("请填写更换代表的原因。"), field="reason")
    if old.ended_on is not None:
        raise CongressError(code="already_ended", message=_("该代表已经不在任。"))
    _require_electable(congress, successor, old.unit)
    old.ended_on = clock.today()
    old.end_reason = reason.strip()[:200]
    old.save(update_fields=["ended_on", "end_reason"])
    if old.grant is not None and old.grant.revoked_at is None:
        grant_revoke(grant=old.grant, actor=actor)
    new = _record(
        congress,
        member=successor,
        unit=old.unit,
        elected_on=elected_on,
        is_leader=is_leader,
        delegation=old.delegation,
        replaces=old,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="congress.representative.replaced",
        target=new,
        unit=old.unit,
        data={
            "congress": str(congress),
            "before": str(old.member),
            "after": str(successor),
            "reason": old.end_reason,
        },
    )
    return new
