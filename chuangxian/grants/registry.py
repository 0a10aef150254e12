"""Which grants exist: each app registers the kinds that may be held on its records, and who may give
them (``register_kind`` in its ``AppConfig.ready``). A kind that no app registered for a model cannot
be granted, so a typo is a refusal rather than a power nobody checks."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from chuangxian.core.actors import Actor
from chuangxian.core.models import TenantModel

Holder = Literal["member", "unit"]
M = TypeVar("M", bound=TenantModel)


@dataclass(frozen=True)
class GrantableKind:
    kind: str
    model: type[TenantModel]
    can_grant: Callable[[Actor, Any], bool]  # who may give (and take back) this grant: (actor, record)
    holder: Holder = "member"


_kinds: dict[tuple[str, str], GrantableKind] = {}


def register_kind(
    kind: str,
    model: type[M],
    *,
    can_grant: Callable[[Actor, M], bool],
    holder: Holder = "member",
) -> None:
    _kinds[(kind, model._meta.label_lower)] = GrantableKind(kind, model, can_grant, holder)


def grantable(kind: str, target: TenantModel) -> GrantableKind | None:
    return _kinds.get((kind, target._meta.label_lower))
