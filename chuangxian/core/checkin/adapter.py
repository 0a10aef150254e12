"""What one kind of check-in target tells the shared check-in services, and the registry of kinds.

A target (a meeting, an activity, later a congress session) keeps its own attendance model (a
subclass of ``core.checkin.models.Attendance``), its own code scheme (salt and messages) and its own
rules: when check-in is open, who may scan, who may tick the list, whom the list may hold. Its app
writes one ``CheckinAdapter`` subclass with those answers and registers an instance in its
``AppConfig.ready``; ``core.checkin.services`` holds the one implementation of the steps (verify the
code, lock, check, record once, audit).
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from chuangxian.core.actors import Actor
from chuangxian.core.checkin.codes import CodeScheme
from chuangxian.core.checkin.models import Attendance
from chuangxian.core.errors import DomainError
from chuangxian.core.models import TenantModel

if TYPE_CHECKING:  # core imports no domain app at run time
    from chuangxian.orgs.models import Member

T = TypeVar("T", bound=TenantModel)


class CheckinAdapter(ABC, Generic[T]):
    """One kind of check-in target. ``name`` is the registry key and the URL namespace of its pages
    (``<name>:checkin`` opened by the phone, ``<name>:host_qr`` the host screen's fragment)."""

    name: str
    model: type[Attendance]
    codes: CodeScheme

    @abstractmethod
    def lock(self, target_id: int, *, tenant_id: int) -> T | None:
        """The target of this tenant locked (``select_for_update``) with what the rules read, or None."""

    @abstractmethod
    def require_open(self, target: T, *, at: datetime | None = None) -> None:
        """Raises a DomainError (``CheckinError``) unless a scan may add an attendance now."""

    @abstractmethod
    def member_of(self, actor: Actor) -> "Member | None":
        """The actor's own roster row (None: the system, a login without one)."""

    @abstractmethod
    def can_scan(self, actor: Actor, target: T) -> bool:
        """The actor may check themself in at ``target`` by its code."""

    @abstractmethod
    def scan_refused(self, member: "Member | None", target: T | None) -> DomainError:
        """Why ``member`` may not check in (``target`` None: the actor belongs to no school)."""

    @abstractmethod
    def not_found(self) -> DomainError:
        """No such target in the actor's school (missing and another school's look the same)."""

    @abstractmethod
    def can_tick(self, actor: Actor, target: T) -> bool:
        """The actor may keep the attendance list by hand (tick, untick, set)."""

    @abstractmethod
    def tick_refused(self) -> DomainError:
        """Why the actor may not keep the list."""

    def require_tickable(self, target: T) -> None:
        """Raises a DomainError if the list may not be kept now (e.g. a draft). Default: always may."""

    @abstractmethod
    def attendees_refused(self, target: T, member_ids: set[int]) -> DomainError | None:
        """The refusal naming those of ``member_ids`` who may not be on the list, or None."""

    @abstractmethod
    def audit(self, *, actor: Actor, verb: str, target: T, data: Mapping[str, Any]) -> None:
        """Record ``<app>.attendance.<verb>`` (verb: checked_in, set, ticked, unticked; checked_in_many
        for a kind whose scans are recorded in batches, ``services.checkin_scan_many``)."""


_ADAPTERS: dict[str, CheckinAdapter[Any]] = {}


def register(adapter: CheckinAdapter[Any]) -> None:
    """Make ``adapter`` a known kind of target (called from its app's ``AppConfig.ready``).
    Raises ValueError for a second kind under the same name, model or code salt."""
    for known in _ADAPTERS.values():
        if known is adapter:
            return
        if (
            known.name == adapter.name
            or known.model is adapter.model
            or known.codes.salt == adapter.codes.salt
        ):
            raise ValueError(f"check-in kind {adapter.name!r} clashes with {known.name!r}")
    _ADAPTERS[adapter.name] = adapter


def registered() -> list[CheckinAdapter[Any]]:
    return list(_ADAPTERS.values())
