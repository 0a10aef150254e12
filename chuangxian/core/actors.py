"""Who acts: the one type every service, selector and permission rule takes as ``actor``.

A person acts through their login (``accounts.User``); the platform itself acts as ``SYSTEM`` (the
clock's jobs, the worker, the demo loader, migrations). Both satisfy the ``Actor`` protocol, so a
rule reads ``actor.tenant_id`` or ``actor.is_superuser`` without ``getattr`` and mypy checks every
call. ``SYSTEM`` is never a login: it has no tenant, no roster row and no roles; the rules let it act
wherever a rule says "the system may" (``is_system``), and the audit log names it.

A view turns ``request.user`` into an actor with ``actor_of(request)``: an anonymous visitor is no
actor at all (the views that call services all require a login).
"""

from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

from django.http import HttpRequest

if TYPE_CHECKING:
    from chuangxian.accounts.models import User


@runtime_checkable
class Actor(Protocol):
    """What the rules need to know about whoever acts."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def tenant_id(self) -> int | None: ...

    def get_full_name(self) -> str: ...

    def get_username(self) -> str: ...


class SystemActor:
    """The platform acting on its own: a scheduled job, the worker, the demo loader.

    ``label`` is what the audit log shows (``系统``, ``系统（演示数据）``...). It is not a login:
    ``is_authenticated`` is False so that nothing treats it as a person (no roster row, no
    notifications of its own), and ``pk`` is None.
    """

    pk: None = None
    is_authenticated: Final = False
    is_superuser: Final = False
    tenant_id: None = None

    def __init__(self, label: str = "系统") -> None:
        self.label = label

    def get_full_name(self) -> str:
        return self.label

    def get_username(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"SystemActor({self.label!r})"


SYSTEM: Final = SystemActor()
# The demo loader writes through the services like anyone else; the log says it was the demo.
DEMO: Final = SystemActor("系统（演示数据）")


def is_system(actor: Actor) -> bool:
    return isinstance(actor, SystemActor)


def is_person(actor: Actor) -> bool:
    """A logged-in person (not the system, not an anonymous visitor)."""
    return not isinstance(actor, SystemActor) and bool(actor.is_authenticated)


def login_of(actor: Actor) -> "User | None":
    """The login behind ``actor``, for a ``created_by``-style foreign key; None when the system acts
    (the record then names no person, and the audit entry names the system)."""
    from chuangxian.accounts.models import User  # core imports no app at module level

    return actor if isinstance(actor, User) else None


def actor_of(request: HttpRequest) -> Actor:
    """The logged-in user behind ``request``, typed as an actor.

    Only for views behind a login: an anonymous request here is a programming error (a view that
    forgot ``login_required``), not a visitor to refuse politely.
    """
    user = request.user
    if not user.is_authenticated or not isinstance(user, Actor):
        raise PermissionError("actor_of() needs a logged-in user")
    return user
