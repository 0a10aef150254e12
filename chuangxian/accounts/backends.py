"""Staff-number login. Pluggable: CAS or LDAP backends are appended by configuration
(``EXTRA_AUTHENTICATION_BACKENDS``); see docs/authentication.md."""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.http import HttpRequest

from chuangxian.accounts.models import User
from chuangxian.accounts.services import account_authenticate, normalise_login
from chuangxian.core.models import Tenant


class StaffNumberBackend(ModelBackend):
    """Authenticates ``tenant`` + ``username`` (a staff number) + ``password``.

    Without a tenant it falls back to a plain username, for installation admins.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        tenant: Tenant | int | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        tenant_obj = tenant if isinstance(tenant, Tenant) else None
        if tenant is not None and not isinstance(tenant, Tenant):
            tenant_obj = Tenant.objects.filter(pk=tenant).first()
        user = account_authenticate(tenant=tenant_obj, login=username, password=password)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """Lockout key of a login attempt: ``<tenant slug>:<staff number>``, the account's internal
    username (``User.username_for``), so that one school's 2010001 never locks another's.

    The staff number goes through ``normalise_login``, the very function ``account_authenticate``
    logs in with, so every spelling that reaches one account (２０１０００１, 2010 001, …) counts
    against one counter. Without a tenant (an installation admin, or axes' own call at a successful
    login, which passes the user's internal username) the key is the normalised username itself,
    which is what lets ``AXES_RESET_ON_SUCCESS`` clear the counter the failures were recorded under.
    """
    source: Any = credentials if credentials else (request.POST if request is not None else {})
    login = normalise_login(str(source.get("username") or ""))
    tenant = source.get("tenant")
    if tenant is not None and not isinstance(tenant, Tenant):
        tenant_id = str(tenant).strip()
        tenant = Tenant.objects.filter(pk=int(tenant_id)).first() if tenant_id.isdigit() else None
    return User.username_for(tenant, login) if tenant is not None else login


def client_address(request: HttpRequest) -> str | None:
    """The client address the lockout counts (``AXES_CLIENT_IP_CALLABLE``).

    Directly exposed (``LOGIN_PROXY_COUNT`` = 0), the peer's ``REMOTE_ADDR``; X-Forwarded-For is
    ignored, since any client can send one. Behind N reverse proxies, ``REMOTE_ADDR`` is the nearest
    proxy (the same for everybody), and the address is the N-th X-Forwarded-For entry from the right:
    the one the outermost proxy saw and appended. Entries further left are the client's own claims.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies: int = settings.LOGIN_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's client address within the cool-off window, over every
    account: the rows axes already keeps (one per account, address and user agent)."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


def address_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


class LoginAxesHandler(AxesDatabaseHandler):
    """Axes' database handler with a second limit: ``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` failures from
    one client address within the cool-off window, whatever the accounts, lock that address out.

    Axes itself has one ``AXES_FAILURE_LIMIT`` for every lockout parameter (and a successful login
    would clear the whole address's rows, other accounts' counters included), so the address is not
    an axes lockout parameter: the per-account limit stays low, the per-address one high, because a
    campus shares one NAT address. A locked address gets the same lockout page (429)."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return bool(super().is_locked(request, credentials)) or address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and address_locked(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
