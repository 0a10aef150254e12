"""The per-service permission table (issue 12): who may call each write service.

Every app lists its write services in ``chuangxian/<app>/tests/service_cases.py``::

    CASES = [
        ServiceCase(
            service=pledge_review,
            allowed={"chair", "liaison", "office", "admin", "system"},
            arrange=lambda w: make_pledge_in_review(w.personas.member_row),
            act=lambda w, pledge, actor: pledge_review(pledge=pledge, approve=True, actor=actor),
        ),
    ]
    EXEMPT = {audit_record: "writes the log itself; every service calls it"}

``tests/service_permissions/test_service_table.py`` then runs every case once per persona: an
allowed persona's call must succeed, any other persona's must raise ``core.errors.Refused`` and leave
the database as it was (same row counts in every table, no audit entry). A public function of a
``services`` module that takes an ``actor`` and is in neither ``CASES`` nor ``EXEMPT`` fails the
suite, so a new service cannot skip the table.

The personas are the shared ``personas`` fixture (conftest.py) plus the system:

- ``member``: a plain member of 中文系工会小组 (under 文学与传播学院); ``personas.member_row``
- ``chair`` / ``liaison``: officers of 文学与传播学院 (the chair is a member there: ``chair_row``)
- ``sibling_chair``: chair of 数学与计算机科学学院, a sibling unit
- ``office``: the campaign office (role at the root); ``leader``: 校领导 (view only)
- ``other_office``: the office of another school
- ``admin``: the platform admin (superuser of no school)
- ``system``: ``core.actors.SYSTEM`` (the clock, the worker, the demo)
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from chuangxian.core.actors import SYSTEM, Actor

PERSONAS = (
    "member",
    "chair",
    "liaison",
    "sibling_chair",
    "office",
    "leader",
    "other_office",
    "admin",
    "system",
)
# Shorthands for ``allowed``.
OFFICERS = frozenset({"chair", "liaison"})  # of 文学与传播学院, where the cases put their records
MANAGERS = OFFICERS | {"office", "system"}  # manage the college's subtree (the admin is of no school)
OFFICE = frozenset({"office", "system"})


@dataclass(frozen=True)
class World:
    tree: Any
    personas: Any

    def actor(self, persona: str) -> Actor:
        if persona == "system":
            return SYSTEM
        user: Actor = getattr(self.personas, persona)
        return user


@dataclass(frozen=True)
class ServiceCase:
    service: Callable[..., Any]
    allowed: Iterable[str]
    arrange: Callable[[World], Any]
    act: Callable[[World, Any, Actor], Any]
    name: str = ""  # tells several cases of one service apart
    allowed_set: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        allowed = frozenset(self.allowed)
        unknown = allowed - set(PERSONAS)
        if unknown:
            raise ValueError(f"{self.id}: unknown personas {sorted(unknown)}")
        object.__setattr__(self, "allowed_set", allowed)

    @property
    def id(self) -> str:
        qualified = f"{self.service.__module__.removeprefix('chuangxian.')}.{self.service.__name__}"
        return f"{qualified}[{self.name}]" if self.name else qualified
