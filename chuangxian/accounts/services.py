"""Accounts: the login of a roster member, first-login password change, office password reset."""

import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.accounts.permissions import can_manage_logins, can_set_password
from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.models import InitialPasswordMode, Tenant
from chuangxian.orgs.models import Member, MemberStatus, Unit


class AccountError(DomainError):
    pass


def normalise_login(value: str) -> str:
    """Full-width digits and stray spaces are common when staff numbers are typed on phones."""
    return unicodedata.normalize("NFKC", value).strip().replace(" ", "")


# Random initial passwords: lower-case letters and digits without the ones read alike (i l 1, o 0),
# easy to type on a phone; 10 of 31 symbols are about 49 bits.
RANDOM_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RANDOM_PASSWORD_LENGTH = 10
# PBKDF2 rounds for a random initial password, instead of Django's million: a sheet for a college of
# 300 members would otherwise hash for two minutes inside one request. 49 random bits × 20,000 rounds
# still cost an offline guesser far more than a six-digit ID tail at a million; the first login
# replaces the password (and Django re-hashes at full strength on that login anyway).
RANDOM_PASSWORD_ITERATIONS = 20_000
# Members on one printed sheet at most (WeasyPrint takes about 20 s for 500 slips on two cores):
# choose a lower unit above this.
INITIAL_PASSWORD_SLIPS_MAX = 500


def initial_password_for(member: Member) -> str | None:
    """The first-login password by rule: the last six characters of the ID number when the roster has
    one, else the tenant's configured initial password, else the installation default. None when the
    tenant issues random initial passwords: then no rule logs anybody in."""
    tenant = Tenant.objects.only("initial_password", "initial_password_mode").get(pk=member.tenant_id)
    if tenant.initial_password_mode == InitialPasswordMode.RANDOM:
        return None
    if member.id_number:
        return member.id_number[-6:].upper()
    return tenant.initial_password or settings.DEFAULT_INITIAL_PASSWORD


def _random_mode_locked(tenant_id: int) -> bool:
    """Whether the tenant issues random initial passwords, read on the tenant row locked for the
    caller's transaction, the row ``tenant_initial_password_mode_set`` locks: the mode cannot change
    between this check and the caller's commit."""
    tenant = Tenant.objects.select_for_update().only("initial_password_mode").get(pk=tenant_id)
    return tenant.initial_password_mode == InitialPasswordMode.RANDOM


def random_initial_password() -> str:
    return "".join(secrets.choice(RANDOM_PASSWORD_ALPHABET) for _ in range(RANDOM_PASSWORD_LENGTH))


def _initial_password_hash(password: str) -> str:
    """The stored hash of a random initial password: fewer PBKDF2 rounds when PBKDF2 is the hasher
    (see RANDOM_PASSWORD_ITERATIONS), else the configured hasher as it is."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=RANDOM_PASSWORD_ITERATIONS)
    return make_password(password)


def account_authenticate(*, tenant: Tenant | None, login: str, password: str) -> User | None:
    """Check a login; create a member's account on their first successful login.

    Returns None for a wrong password, an unknown staff number, or a member who has left.
    A created account is marked ``must_change_password``.
    """
    login = normalise_login(login)
    if tenant is None:
        user = User.objects.filter(username=login, tenant__isnull=True).first()
        return user if user is not None and user.check_password(password) else None

    member = Member.objects.select_related("user").filter(tenant=tenant, staff_no=login).first()
    if member is None:
        # A tenant's own non-member login, else an installation admin (no tenant) by username.
        user = (
            User.objects.filter(tenant=tenant, staff_no=login).first()
            or User.objects.filter(username=login, tenant__isnull=True, is_superuser=True).first()
        )
        return user if user is not None and user.check_password(password) else None
    if member.status != MemberStatus.ACTIVE:
        return None
    if member.user is not None and member.user.has_usable_password():
        return member.user if member.user.check_password(password) else None
    initial = initial_password_for(member)
    if initial is None or password.strip().upper() != initial.upper():
        return None
    return _first_login_arm(member=member, password=password)


def _new_login(member: Member) -> User:
    return User(
        tenant_id=member.tenant_id,
        staff_no=member.staff_no,
        username=User.username_for(member.tenant, member.staff_no),
        display_name=member.name,
    )


def _login_arm(
    *, member: Member, password: str | None, password_hash: str | None = None
) -> tuple[User, bool]:
    """Give the member's login ``password`` (or the ready ``password_hash``; neither: unusable) and
    a forced change; create the login if there is none. Locks the member row. Returns (user,
    created). Records nothing: callers do."""
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("user", "tenant")
        .get(pk=member.pk, tenant_id=member.tenant_id)
    )
    user = member.user
    created = user is None
    if user is None:
        user = _new_login(member)
    user.must_change_password = True
    if password_hash is not None:
        user.password = password_hash
    elif password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    if member.user_id != user.pk:
        Member.objects.filter(pk=member.pk, tenant_id=member.tenant_id).update(user=user)
    return user, created


def _arm_and_record(*, member: Member, password: str | None, actor: Actor | None) -> User:
    user, created = _login_arm(member=member, password=password)
    audit_record(
        actor=actor or user,
        action="accounts.user.created" if created else "accounts.user.rearmed",
        target=user,
        unit=member.unit,
        tenant_id=member.tenant_id,
    )
    return user


@transaction.atomic
def _first_login_arm(*, member: Member, password: str) -> User:
    """The member's own first login (or first after an office reset): ``account_authenticate`` has
    just checked ``password`` against the initial password, which is the member's authority; the
    audit entry names the member's own login as the actor."""
    return _arm_and_record(member=member, password=password, actor=None)


@transaction.atomic
def account_create_for_member(*, member: Member, password: str | None = None, actor: Actor) -> User:
    """Create (or re-arm) the login of a roster member for them. The first login must change the
    password. (A member's own first login arms it through ``account_authenticate``.)

    Audited as 'accounts.user.created', or 'accounts.user.rearmed' for a login that existed.
    Raises Refused 'forbidden' unless ``actor`` manages the tenant's logins (``can_manage_logins``:
    the campaign office, a platform admin, the system).
    """
    if not can_manage_logins(actor, member.tenant_id):
        raise Refused(_("只有学校工会可以为会员开通登录账号。"), code="forbidden")
    return _arm_and_record(member=member, password=password, actor=actor)


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """A user changes their own password. Raises AccountError 'wrong_password' or 'weak_password'."""
    if not user.check_password(old_password):
        raise AccountError(code="wrong_password", message=_("原密码不正确。"), field="old_password")
    if old_password == new_password:
        raise AccountError(code="same_password", message=_("新密码不能与原密码相同。"), field="new_password")
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise AccountError(
            code="weak_password", message=" ".join(error.messages), field="new_password"
        ) from error
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=user, action="accounts.user.password_changed", target=user)


@dataclass(frozen=True)
class InitialPasswordSlip:
    """One cut-out slip of a printed sheet: who, where to log in with what. The only place a random
    initial password exists in clear."""

    name: str
    staff_no: str
    unit_name: str
    password: str


def _require_office(*, actor: Actor, tenant_id: int, message: str) -> None:
    if not can_manage_logins(actor, tenant_id):
        raise Refused(message, code="forbidden")


@transaction.atomic
def password_reset_by_office(*, member: Member, actor: Actor) -> InitialPasswordSlip | None:
    """The office resets a member's login; the next login must change it.

    Under the ID-number rule the login goes back to the initial password of the rule (returns None).
    When the tenant issues random initial passwords, the login gets a new random one and the slip to
    print is returned (the password is nowhere else). Locks the tenant row (the mode), then the
    member row. One audit entry, 'accounts.user.password_reset' (also when the member had no login
    yet), without the password.
    Raises Refused 'forbidden' unless ``actor`` is the tenant's campaign office (``can_manage_logins``)."""
    _require_office(
        actor=actor, tenant_id=member.tenant_id, message=_("只有学校工会可以重置会员的登录密码。")
    )
    random_mode = _random_mode_locked(member.tenant_id)
    password = random_initial_password() if random_mode else None
    password_hash = _initial_password_hash(password) if password is not None else None
    user, _created = _login_arm(member=member, password=None, password_hash=password_hash)
    audit_record(
        actor=actor,
        action="accounts.user.password_reset",
        target=user,
        unit=member.unit,
        tenant_id=member.tenant_id,
        data={"random": random_mode},
    )
    if password is None:
        return None
    return InitialPasswordSlip(
        name=member.name, staff_no=member.staff_no, unit_name=member.unit.name, password=password
    )


@transaction.atomic
def tenant_initial_password_mode_set(*, tenant: Tenant, mode: str, actor: Actor) -> Tenant:
    """The campaign office chooses how members log in for the first time (InitialPasswordMode).

    Switching to random takes the ID-number rule away at once: a member who has never logged in
    then needs a printed slip (``initial_passwords_issue``). Locks the tenant row. Audited as
    'accounts.tenant.initial_password_mode_changed' when the mode changes. Raises Refused
    'forbidden' unless ``actor`` is the tenant's campaign office (``can_manage_logins``), AccountError
    'invalid_mode' for an unknown mode.
    """
    _require_office(actor=actor, tenant_id=tenant.pk, message=_("只有学校工会可以设置初始密码方式。"))
    if mode not in InitialPasswordMode.values:
        raise AccountError(
            code="invalid_mode", message=_("请选择一种初始密码方式。"), field="initial_password_mode"
        )
    locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
    if locked.initial_password_mode != mode:
        before = locked.initial_password_mode
        Tenant.objects.filter(pk=tenant.pk).update(initial_password_mode=mode)
        audit_record(
            actor=actor,
            action="accounts.tenant.initial_password_mode_changed",
            target=locked,
            tenant_id=tenant.pk,
            changes={"initial_password_mode": [before, mode]},
        )
    tenant.initial_password_mode = mode
    return tenant


def _not_yet_changed(user: User | None) -> bool:
    """A member still on an initial password: no login yet, a forced change pending, or a reset."""
    return user is None or user.must_change_password or not user.has_usable_password()


@transaction.atomic
def initial_passwords_issue(*, unit: Unit, actor: Actor) -> list[InitialPasswordSlip]:
    """Give each active member of ``unit`` and its subtree who has not yet chosen their own password
    a new random initial password (RANDOM_PASSWORD_LENGTH symbols of RANDOM_PASSWORD_ALPHABET from
    ``secrets``) and a forced change at the next login, creating the login where there is none.
    Members who have changed their password are left alone. Any slip printed before for these
    members stops working.

    Returns one slip per member in unit order then staff number, for the printed sheet: the
    passwords exist nowhere else (stored hashed, not in the audit). Locks the tenant row (the mode
    checked), then the members' rows, then their logins, and re-checks on the locked logins. One
    audit entry, 'accounts.initial_passwords.issued' on the unit, with the count and the staff
    numbers.

    Raises Refused 'forbidden' (not the tenant's campaign office), AccountError 'not_random_mode' (the
    tenant still uses the ID-number rule), 'nobody' (every member has changed their password) or
    'too_many' (over INITIAL_PASSWORD_SLIPS_MAX members: choose a lower unit).
    """
    _require_office(actor=actor, tenant_id=unit.tenant_id, message=_("只有学校工会可以发放随机初始密码。"))
    if not _random_mode_locked(unit.tenant_id):
        raise AccountError(
            code="not_random_mode", message=_("请先把本校的初始密码方式设为“随机初始密码”，再打印密码条。")
        )
    members = list(
        Member.objects.select_for_update(of=("self",))
        .select_related("unit", "tenant")
        .filter(tenant_id=unit.tenant_id, unit__path__startswith=unit.path, status=MemberStatus.ACTIVE)
        .order_by("unit__path", "staff_no")
    )
    users = {
        user.pk: user
        for user in User.objects.select_for_update().filter(pk__in=[m.user_id for m in members if m.user_id])
    }
    pending = [m for m in members if _not_yet_changed(users.get(m.user_id) if m.user_id else None)]
    if not pending:
        raise AccountError(code="nobody", message=_("这个组织的在职会员都已修改过密码，不需要发放初始密码。"))
    if len(pending) > INITIAL_PASSWORD_SLIPS_MAX:
        raise AccountError(
            code="too_many",
            message=_("需要发放的会员有 %(count)s 人，超过一次 %(max)s 人的上限，请选择下级组织分批打印。")
            % {"count": len(pending), "max": INITIAL_PASSWORD_SLIPS_MAX},
        )
    slips: list[InitialPasswordSlip] = []
    to_update: list[User] = []
    to_create: list[tuple[Member, User]] = []
    for member in pending:
        password = random_initial_password()
        user = users[member.user_id] if member.user_id else _new_login(member)
        user.password = _initial_password_hash(password)
        user.must_change_password = True
        if user.pk is None:
            to_create.append((member, user))
        else:
            to_update.append(user)
        slips.append(
            InitialPasswordSlip(
                name=member.name, staff_no=member.staff_no, unit_name=member.unit.name, password=password
            )
        )
    User.objects.bulk_update(to_update, ["password", "must_change_password"], batch_size=500)
    created = User.objects.bulk_create([user for _member, user in to_create], batch_size=500)
    for (member, _user), user in zip(to_create, created, strict=True):
        member.user = user
    Member.objects.bulk_update([member for member, _user in to_create], ["user"], batch_size=500)
    audit_record(
        actor=actor,
        action="accounts.initial_passwords.issued",
        target=unit,
        tenant_id=unit.tenant_id,
        data={"count": len(pending), "staff_nos": [member.staff_no for member in pending]},
    )
    return slips


@transaction.atomic
def password_set(*, user: User, password_hash: str, must_change: bool, actor: Actor) -> User:
    """Set a login's password from a precomputed hash (seeding many logins with one known password).

    Administrative: no old password is asked. The audit entry records that it happened, never the hash.
    Raises Refused 'forbidden' unless ``actor`` is the system or a platform admin (``can_set_password``).
    """
    if not can_set_password(actor, user):
        raise Refused(_("只有平台管理员可以直接设置登录密码。"), code="forbidden")
    User.objects.filter(pk=user.pk).update(password=password_hash, must_change_password=must_change)
    user.password, user.must_change_password = password_hash, must_change
    audit_record(
        actor=actor,
        action="accounts.user.password_set",
        target=user,
        tenant_id=user.tenant_id,
        data={"must_change_password": must_change},
    )
    return user
