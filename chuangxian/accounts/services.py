"""Accounts: the login of a roster member, first-login password change, office password reset."""

import unicodedata

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record
from chuangxian.core.errors import DomainError
from chuangxian.core.models import Tenant
from chuangxian.orgs.models import Member, MemberStatus


class AccountError(DomainError):
    pass


def normalise_login(value: str) -> str:
    """Full-width digits and stray spaces are common when staff numbers are typed on phones."""
    return unicodedata.normalize("NFKC", value).strip().replace(" ", "")


def initial_password_for(member: Member) -> str:
    """The first-login password: the last six characters of the ID number when the roster has one,
    else the tenant's configured initial password, else the installation default."""
    if member.id_number:
        return member.id_number[-6:].upper()
    tenant = Tenant.objects.only("initial_password").get(pk=member.tenant_id)
    return tenant.initial_password or settings.DEFAULT_INITIAL_PASSWORD


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
    if password.strip().upper() != initial_password_for(member).upper():
        return None
    return account_create_for_member(member=member, password=password)


def _login_arm(*, member: Member, password: str | None) -> tuple[User, bool]:
    """Give the member's login ``password`` (None: unusable) and a forced change; create the login
    if there is none. Locks the member row. Returns (user, created). Records nothing: callers do."""
    member = Member.objects.select_for_update(of=("self",)).select_related("user", "tenant").get(pk=member.pk)
    user = member.user
    created = user is None
    if user is None:
        user = User(
            tenant_id=member.tenant_id,
            staff_no=member.staff_no,
            username=User.username_for(member.tenant, member.staff_no),
            display_name=member.name,
        )
    user.must_change_password = True
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    if member.user_id != user.pk:
        Member.objects.filter(pk=member.pk).update(user=user)
    return user, created


@transaction.atomic
def account_create_for_member(
    *, member: Member, password: str | None = None, actor: User | None = None
) -> User:
    """Create (or re-arm) the login of a roster member. The first login must change the password.

    Audited as 'accounts.user.created', or 'accounts.user.rearmed' for a login that existed (the
    first login after an office reset).
    """
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


@transaction.atomic
def password_reset_by_office(*, member: Member, actor: User) -> str:
    """The office resets a member's login to the initial password; the next login must change it.

    One audit entry, 'accounts.user.password_reset' (also when the member had no login yet)."""
    user, _created = _login_arm(member=member, password=None)
    audit_record(
        actor=actor,
        action="accounts.user.password_reset",
        target=user,
        unit=member.unit,
        tenant_id=member.tenant_id,
    )
    return initial_password_for(member)


@transaction.atomic
def password_set(*, user: User, password_hash: str, must_change: bool, actor: User | None) -> User:
    """Set a login's password from a precomputed hash (seeding many logins with one known password).

    Administrative: no old password is asked. The audit entry records that it happened, never the hash.
    """
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
