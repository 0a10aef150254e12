"""Load and delete the demo: a fictional normal university shaped like the seed, its union tree, a
roster of about 1,500 members, one login per role, and the seed's campaign running.

Every domain row goes through its app's services: the tenant through ``tenant_create``, units
through ``unit_create``, the roster in one batch through ``roster_apply``, officers through
``unit_set_officer``, roles through ``role_grant``, the personas' logins through
``account_create_for_member`` and ``password_set``, the campaign through ``campaign_create``,
``campaign_attach_founding_file`` and ``campaign_set_status``; so the audit log shows the demo as it
would show a real set-up. The history of phases 1 and 2 is replayed through the services too
(``history``, ``phase2``), except members' own acts in phase 2 (pledges, sign-ups, check-ins), which
members without logins could not do: those are written in bulk as the services would leave them.
One write has no service and is made here with its own audit entry: the platform admin account
(``demo.admin.created``), a superuser of no school.
"""

import graphlib
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.accounts.services import account_create_for_member, password_set
from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, CampaignStatus
from chuangxian.campaigns.services import campaign_attach_founding_file, campaign_create, campaign_set_status
from chuangxian.core.actors import DEMO
from chuangxian.core.errors import DomainError
from chuangxian.core.models import Tenant
from chuangxian.demo.campaign import SEED_FILENAME, seed_campaign_spec, seed_text
from chuangxian.demo.cast import PERSONA_UNIT, CastingError, plan_cast
from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.people import RANDOM_SEED, generate_people
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

DEMO_SLUG = "demo"
DEMO_NAME = "泉州示范师范学院"  # fictional: shaped like the seed's university, not named after it
DEMO_SHORT_NAME = "示范师院"
DEMO_PASSWORD = "Demo@2026"
ADMIN_USERNAME = "admin"
ADMIN_DISPLAY_NAME = "系统管理员"
ROSTER_SOURCE = "demo"
PERSONA_ORDER = {key: order for order, key in enumerate(PersonaKey, start=1)}


class DemoError(DomainError):
    pass


@dataclass(frozen=True)
class DemoResult:
    tenant: Tenant
    campaign: Campaign
    units: dict[str, int]  # UnitKind → how many
    members: int
    personas: int
    as_of: date
    phase2: Any = None  # phase2.Phase2Summary: projects, pledges by status, activities


def demo_tenant() -> Tenant | None:
    return Tenant.objects.filter(slug=DEMO_SLUG).first()


# --- Load -----------------------------------------------------------------------------------------


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
    personas = _cast_create(tenant, units, roster, rng)
    office_user = personas[PersonaKey.OFFICE].user
    campaign = campaign_create(tenant=tenant, spec=seed_campaign_spec(as_of), actor=office_user)
    campaign = campaign_attach_founding_file(
        campaign=campaign, filename=SEED_FILENAME, content=seed_text().encode("utf-8"), actor=office_user
    )
    campaign = campaign_set_status(campaign=campaign, status=CampaignStatus.ACTIVE, actor=office_user)
    notice = _seed_notice_issue(campaign, seed_text(), actor=office_user)
    document = _phase1_work_create(campaign, notice, actor=office_user)
    fates = _phase1_history_record(campaign, document, units, personas, as_of=as_of, rng=rng)
    phase2 = _phase2_history_record(campaign, units, personas, fates, as_of=as_of)
    return DemoResult(
        tenant=tenant,
        campaign=campaign,
        units={kind: sum(u.kind == kind for u in units.values()) for kind in UnitKind.values},
        members=sum(len(rows) for rows in roster.values()),
        personas=len(personas),
        as_of=as_of,
        phase2=phase2,
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
) -> dict[str, Persona]:
    """Officers of every unit, the roles of DESIGN.md §2, and a login for each persona."""
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
    return personas


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


def _seed_notice_issue(campaign: Campaign, text: str, *, actor: Any) -> Any:
    """Issue the seed as official notice 泉师院委组工〔2010〕22号 through the documents services.

    The seed's first two lines are its number and title; its footer starts at the issuing office's
    line. The series starts at 22 so that the issued number is the seed's own.
    """
    from chuangxian.documents.services import (
        NoticeFields,
        notice_create,
        notice_issue,
        notice_series_set_start,
    )

    lines = [line.strip() for line in text.strip().splitlines()]
    footer = max(i for i, line in enumerate(lines) if line.endswith("领导小组办公室"))
    fields = NoticeFields(
        prefix="泉师院委组工",
        year=2010,
        title=lines[1],
        body="\n".join(line for line in lines[2:footer] if line),
        issuing_office=f"{DEMO_NAME}创先争优活动领导小组办公室",
        signed_on=date(2010, 12, 15),
        cc="福建省总工会创先争优活动领导小组办公室，校领导存档（二）",
        printing_office=f"{DEMO_NAME}创先办",
        printed_on=date(2010, 12, 23),
    )
    notice_series_set_start(
        tenant=campaign.tenant, prefix=fields.prefix, year=2010, first_number=22, actor=actor
    )
    notice = notice_create(tenant=campaign.tenant, fields=fields, campaign=campaign, actor=actor)
    return notice_issue(notice=notice, actor=actor)


def _phase1_work_create(campaign: Campaign, notice: Any, *, actor: Any) -> Any:
    """Issue 3's phase-1 set-up, as the office would do it: the default tasks for every unit, and the
    seed plan published for study to all units with the official notice's PDF attached. Returns the
    study document."""
    from chuangxian.assignments.services import tasks_create_defaults, unit_tasks_sync
    from chuangxian.documents.rendering import notice_pdf
    from chuangxian.study.services import study_document_publish

    for task in tasks_create_defaults(campaign=campaign, actor=actor):
        unit_tasks_sync(task=task, actor=actor)
    phase1 = campaign.phases.order_by("order").first()
    return study_document_publish(
        tenant=campaign.tenant,
        campaign=campaign,
        title=notice.title,
        body=notice.body,
        published_on=phase1.starts_on if phase1 else None,
        due_on=phase1.ends_on if phase1 else None,
        attachments=[(f"{notice.document_number}.pdf", notice_pdf(notice, list(notice.attachments.all())))],
        actor=actor,
    )


def _phase1_history_record(
    campaign: Campaign,
    document: Any,
    units: dict[str, Unit],
    personas: dict[str, Persona],
    *,
    as_of: date,
    rng: random.Random,
) -> dict[int, Any]:
    """Phase 1 as it went (``history.phase1_history_replay``). The personas' unit acts through its
    chair's login and shows a full cycle; the plain member persona has not studied the seed yet, so
    the member's home page still lists it."""
    from chuangxian.demo.history import phase1_history_replay

    model_unit = units.get(PERSONA_UNIT)
    officers = (
        {model_unit.pk: personas[PersonaKey.CHAIR].user}
        if model_unit and PersonaKey.CHAIR in personas
        else {}
    )
    member = personas.get(PersonaKey.MEMBER)
    return phase1_history_replay(
        campaign=campaign,
        document=document,
        office=personas[PersonaKey.OFFICE].user,
        officers=officers,
        model_unit=model_unit,
        skip_confirmation={member.member_id} if member and member.member_id else set(),
        as_of=as_of,
        rng=rng,
    )


def _phase2_history_record(
    campaign: Campaign,
    units: dict[str, Unit],
    personas: dict[str, Persona],
    fates: dict[int, Any],
    *,
    as_of: date,
) -> Any:
    """Phase 2 up to the demo's day (``phase2.phase2_history_replay``): projects, pledges and
    activities. The personas' unit acts through its chair; the plain member persona has no pledge
    and has attended nothing, so the member's home page lists both to-dos."""
    from chuangxian.demo.phase2 import Phase2Cast, phase2_history_replay

    def user(key: str) -> User | None:
        persona = personas.get(key)
        return persona.user if persona is not None else None

    member = personas.get(PersonaKey.MEMBER)
    cast = Phase2Cast(
        office=personas[PersonaKey.OFFICE].user,
        model_unit=units.get(PERSONA_UNIT),
        chair=user(PersonaKey.CHAIR),
        liaison=user(PersonaKey.LIAISON),
        plain_member_id=member.member_id if member is not None else None,
        persona_member_ids={str(key): p.member_id for key, p in personas.items() if p.member_id is not None},
    )
    return phase2_history_replay(campaign=campaign, cast=cast, fates=fates, as_of=as_of, seed=RANDOM_SEED)


# --- Delete ---------------------------------------------------------------------------------------


def _tenant_scoped_models() -> dict[type[models.Model], list[str]]:
    """Every concrete model with a foreign key to Tenant, and the names of those keys."""
    scoped: dict[type[models.Model], list[str]] = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        keys = [
            field.name
            for field in model._meta.concrete_fields
            if field.many_to_one and field.related_model is Tenant
        ]
        if keys:
            scoped[model] = keys
    return scoped


BLOCKING = (models.PROTECT, models.RESTRICT, models.DO_NOTHING)


def deletion_order(scoped: list[type[models.Model]]) -> list[type[models.Model]]:
    """Tenant-scoped models ordered so that a row is deleted before anything it protects.

    Only blocking foreign keys (PROTECT, RESTRICT, DO_NOTHING) order the deletion; cascades and
    SET_NULL are the collector's business.
    """
    members = set(scoped)
    graph: dict[type[models.Model], set[type[models.Model]]] = {model: set() for model in scoped}
    for model in scoped:
        for field in model._meta.concrete_fields:
            if not field.many_to_one or field.remote_field is None:
                continue
            target = field.related_model
            if target is model or target not in members:
                continue
            if field.remote_field.on_delete in BLOCKING:
                graph[target].add(model)  # type: ignore[index]
    return list(graphlib.TopologicalSorter(graph).static_order())


def _stored_files(queryset: QuerySet[Any]) -> list[tuple[Storage, str]]:
    files: list[tuple[Storage, str]] = []
    for field in queryset.model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            for name in queryset.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                if name:
                    files.append((field.storage, name))
    return files


@transaction.atomic
def demo_delete() -> int:
    """Delete the demo tenant and every row that belongs to it (this tenant only). Returns the count.

    Rows go model by model in ``deletion_order`` through the plain QuerySet.delete: treebeard's
    node-queryset delete would renumber parents by path, which is meaningless for a whole tenant.
    Its audit entries go too (they protect the tenant row); one entry without a tenant records it.
    Stored files are removed once the transaction commits. The platform admin account stays.
    """
    tenant = demo_tenant()
    if tenant is None:
        return 0
    scoped = _tenant_scoped_models()
    files: list[tuple[Storage, str]] = []
    deleted = 0
    for model in deletion_order(list(scoped)):
        condition = Q()
        for key in scoped[model]:
            condition |= Q(**{key: tenant})
        queryset = model._base_manager.filter(condition)
        files += _stored_files(queryset)
        deleted += QuerySet.delete(queryset)[0]
    deleted += Tenant.objects.filter(pk=tenant.pk).delete()[0]

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    audit_record(actor=DEMO, action="demo.tenant.deleted", data={"slug": DEMO_SLUG, "rows": deleted})
    return deleted
