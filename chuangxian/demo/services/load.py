"""Loading the demo, all or nothing: the tenant, the union tree, the roster, the personas and their
logins, the platform admin account, and the seed's campaign, then its history (``replay``)."""

import random
from collections import defaultdict
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.accounts.services import account_create_for_member, password_set
from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, CampaignStatus
from chuangxian.campaigns.services import (
    campaign_attach_founding_file,
    campaign_create,
    campaign_judges_name,
    campaign_set_status,
)
from chuangxian.core.actors import DEMO
from chuangxian.core.models import Tenant
from chuangxian.demo.campaign import SEED_FILENAME, seed_campaign_spec, seed_text
from chuangxian.demo.cast import PERSONA_UNIT, CastingError, plan_cast
from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.people import RANDOM_SEED, generate_people
from chuangxian.demo.services._common import (
    ADMIN_DISPLAY_NAME,
    ADMIN_USERNAME,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SHORT_NAME,
    DEMO_SLUG,
    PERSONA_ORDER,
    ROSTER_SOURCE,
    DemoError,
    DemoResult,
    demo_tenant,
)
from chuangxian.demo.services.delete import demo_delete
from chuangxian.demo.services.replay import (
    _phase1_history_record,
    _phase1_work_create,
    _phase2_history_record,
    _seed_notice_issue,
)
from chuangxian.demo.tree import DEFAULT_MEMBERS, DIRECT_GROUPS, ROOT, SECONDARY, min_members
from chuangxian.orgs.models import Member, Unit, UnitKind
from chuangxian.orgs.services import (
    RosterChanges,
    role_grant,
    roster_apply,
    tenant_create,
    unit_create,
    unit_set_officer,
)


@transaction.atomic
def demo_load(*, as_of: date, members: int = DEFAULT_MEMBERS, reset: bool = False) -> DemoResult:
    """Load the demo tenant, all or nothing.

    ``as_of`` is the day the demo is set on: the campaign's live dates are shifted so that it falls
    a third into phase 2. ``members`` is the roster size. With ``reset`` an existing demo tenant is
    deleted first (``demo_delete``), in the same transaction.
    Raises DemoError 'exists' (without ``reset``), 'name_taken', 'too_few_members'.
    """
    if members < min_members():
        raise DemoError(
            code="too_few_members",
            message=_("演示数据至少需要 %(min)s 名会员（每个单位至少 3 人）。") % {"min": min_members()},
        )
    if demo_tenant() is not None:
        if not reset:
            raise DemoError(
                code="exists",
                message=_("演示数据已存在（租户代号 %(slug)s）。如需重新载入，请加 --reset。")
                % {"slug": DEMO_SLUG},
            )
        demo_delete()
    rng = random.Random(RANDOM_SEED)
    tenant = _tenant_create()
    units = _tree_create(tenant)
    roster = _roster_create(tenant, units, members, rng)
    personas, judges = _cast_create(tenant, units, roster, rng)
    office_user = personas[PersonaKey.OFFICE].user
    campaign = campaign_create(tenant=tenant, spec=seed_campaign_spec(as_of), actor=office_user)
    campaign = campaign_attach_founding_file(
        campaign=campaign, filename=SEED_FILENAME, content=seed_text().encode("utf-8"), actor=office_user
    )
    campaign = campaign_set_status(campaign=campaign, status=CampaignStatus.ACTIVE, actor=office_user)
    campaign_judges_name(campaign=campaign, members=judges, actor=office_user)  # for the campaign's term
    notice = _seed_notice_issue(campaign, seed_text(), actor=office_user)
    document = _phase1_work_create(campaign, notice, actor=office_user)
    fates = _phase1_history_record(campaign, document, units, personas, as_of=as_of, rng=rng)
    phase2 = _phase2_history_record(campaign, units, personas, fates, as_of=as_of)
    _selections_create(campaign, units, personas, as_of=as_of)
    _congress_create(units, personas, as_of=as_of)
    _appeals_create(units, personas, as_of=as_of)
    _disclosure_create(units, personas, as_of=as_of)
    return DemoResult(
        tenant=tenant,
        campaign=campaign,
        units={kind: sum(u.kind == kind for u in units.values()) for kind in UnitKind.values},
        members=sum(len(rows) for rows in roster.values()),
        personas=len(personas),
        as_of=as_of,
        phase2=phase2,
    )


def _selections_create(
    campaign: Campaign, units: dict[str, Unit], personas: dict[str, Persona], *, as_of: date
) -> None:
    """The seed's six selection types and the excellent-project selection in progress."""
    from chuangxian.selections.demo import selections_demo_create

    chair = personas.get(PersonaKey.CHAIR)
    selections_demo_create(
        campaign=campaign,
        office=personas[PersonaKey.OFFICE].user,
        chair=chair.user if chair is not None else None,
        chair_unit=units.get(PERSONA_UNIT),
        as_of=as_of,
    )


def _congress_create(units: dict[str, Unit], personas: dict[str, Persona], *, as_of: date) -> None:
    """The school's staff congress with the cast's representatives and its next session, and the
    proposals collected for that session."""
    from chuangxian.congress.demo import congress_demo_create

    root = next(u for u in units.values() if u.depth == 1)
    congress = congress_demo_create(root=root, office=personas[PersonaKey.OFFICE].user, as_of=as_of)

    from chuangxian.demo.cast import HANDLING_UNITS
    from chuangxian.proposals.demo import proposals_demo_create

    representative = personas.get(PersonaKey.REPRESENTATIVE)
    proposals_demo_create(
        congress=congress,
        office=personas[PersonaKey.OFFICE].user,
        representative=representative.user if representative is not None else None,
        handling_unit=units.get(HANDLING_UNITS[0]),
        as_of=as_of,
    )


def _disclosure_create(units: dict[str, Unit], personas: dict[str, Persona], *, as_of: date) -> None:
    """A few school-affairs disclosure items with the personas' questions, answered and open."""
    from chuangxian.disclosure.demo import disclosure_demo_create

    member, chair = personas.get(PersonaKey.MEMBER), personas.get(PersonaKey.CHAIR)
    disclosure_demo_create(
        units=units,
        office=personas[PersonaKey.OFFICE].user,
        member=member.user if member is not None else None,
        chair=chair.user if chair is not None else None,
        as_of=as_of,
    )


def _appeals_create(units: dict[str, Unit], personas: dict[str, Persona], *, as_of: date) -> None:
    """The appeals box's handling offices, the personas' appeals in every state and the 办实事 ledger."""
    from chuangxian.appeals.demo import appeals_demo_create

    def user(key: str) -> User | None:
        persona = personas.get(key)
        return persona.user if persona is not None else None

    appeals_demo_create(
        units=units,
        office=personas[PersonaKey.OFFICE].user,
        member=user(PersonaKey.MEMBER),
        chair=user(PersonaKey.CHAIR),
        handling=user(PersonaKey.HANDLING),
        others=[u for u in (user(PersonaKey.REPRESENTATIVE), user(PersonaKey.JUDGE)) if u is not None],
        as_of=as_of,
    )


def _tenant_create() -> Tenant:
    """The demo tenant through ``tenant_create``; another tenant of the demo's name is refused first,
    with a message that names the demo's code."""
    if Tenant.objects.filter(name=DEMO_NAME).exists():
        raise DemoError(
            code="name_taken",
            message=_("已有名为「%(name)s」的租户单位（代号不是 %(slug)s），演示数据无法载入。")
            % {"name": DEMO_NAME, "slug": DEMO_SLUG},
        )
    return tenant_create(name=DEMO_NAME, short_name=DEMO_SHORT_NAME, slug=DEMO_SLUG, actor=DEMO)


def _tree_create(tenant: Tenant) -> dict[str, Unit]:
    """The root, the 二级工会 and 直属工会小组 under it, and the 工会小组 inside the larger colleges."""
    root = unit_create(
        tenant=tenant, parent=None, name=ROOT.name, kind=ROOT.kind, category=ROOT.category, actor=DEMO
    )
    units = {root.name: root}
    for spec in (*SECONDARY, *DIRECT_GROUPS):
        unit = unit_create(
            tenant=tenant, parent=root, name=spec.name, kind=spec.kind, category=spec.category, actor=DEMO
        )
        units[unit.name] = unit
        for group in spec.groups:
            units[group] = unit_create(
                tenant=tenant,
                parent=unit,
                name=group,
                kind=UnitKind.GROUP,
                category=spec.category,
                actor=DEMO,
            )
    return units


def _roster_create(
    tenant: Tenant, units: dict[str, Unit], total: int, rng: random.Random
) -> dict[str, list[Member]]:
    """The whole roster in one ``roster_apply`` batch (one audit entry, no password hashing).

    Returns the created members by unit name, each list in staff-number order.
    """
    people = generate_people(total, rng)
    changes = RosterChanges(
        creates=[person.roster_fields(units[person.unit].pk) for person in people], updates=[], departures=[]
    )
    roster_apply(tenant=tenant, changes=changes, actor=DEMO, source=ROSTER_SOURCE)
    names = {unit.pk: name for name, unit in units.items()}
    by_unit: dict[str, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(tenant=tenant).order_by("staff_no"):
        member.unit = units[names[member.unit_id]]
        by_unit[names[member.unit_id]].append(member)
    return by_unit


def _cast_create(
    tenant: Tenant, units: dict[str, Unit], by_unit: dict[str, list[Member]], rng: random.Random
) -> tuple[dict[str, Persona], list[Member]]:
    """Officers of every unit, the roles of DESIGN.md §2, and a login for each persona. Also returns
    the judges, named on the campaign once it exists (a judge is a grant, not a role)."""
    try:
        cast = plan_cast(by_unit, rng)
    except CastingError as error:  # only when a unit is too small; sizes are checked up front
        raise DemoError(code="too_few_members", message=_("演示单位人数不足，无法安排各角色。")) from error
    for unit_name, role, member in cast.officers:
        unit_set_officer(unit=units[unit_name], role=role, member=member, actor=DEMO)
    for unit_name, role, member in cast.roles:
        role_grant(member=member, unit=units[unit_name], role=role, actor=DEMO)

    # One hash for every demo login: PBKDF2 costs a noticeable fraction of a second per call.
    password_hash = make_password(DEMO_PASSWORD)
    admin, admin_password_is_demo = _admin_account(password_hash)
    personas: dict[str, Persona] = {
        PersonaKey.ADMIN: Persona.objects.create(
            tenant=tenant,
            key=PersonaKey.ADMIN,
            order=PERSONA_ORDER[PersonaKey.ADMIN],
            user=admin,
            password_is_demo=admin_password_is_demo,
        )
    }
    for key in PersonaKey:
        cast_member = cast.personas.get(key)
        if cast_member is None:
            continue
        user = _persona_account(cast_member, password_hash)
        personas[key] = Persona.objects.create(
            tenant=tenant, key=key, order=PERSONA_ORDER[key], member=cast_member, user=user
        )
    return personas, cast.judges


def _admin_account(password_hash: str) -> tuple[User, bool]:
    """The platform admin (a superuser of no school). An existing ``admin`` account is left as it
    is; the second value says whether its password is the demo password."""
    existing = User.objects.filter(username=ADMIN_USERNAME).first()
    if existing is not None:
        return existing, existing.check_password(DEMO_PASSWORD)
    user = User.objects.create(
        username=ADMIN_USERNAME,
        display_name=ADMIN_DISPLAY_NAME,
        is_superuser=True,
        is_staff=True,
        password=password_hash,
    )
    audit_record(actor=DEMO, action="demo.admin.created", target=user)
    return user, True


def _persona_account(member: Member, password_hash: str) -> User:
    """A login for a persona with the known demo password and no forced change at first login.

    ``account_create_for_member`` creates it with an unusable password (and would force a change at
    first login, right for real members); ``password_set`` then stores the hash of the demo password
    computed once for all personas, and clears the flag.
    """
    user = account_create_for_member(member=member, password=None, actor=DEMO)
    return password_set(user=user, password_hash=password_hash, must_change=False, actor=DEMO)
