"""Tenant-scoped queries by default: a query on a tenant row must say which tenant it reads.

Every ``TenantModel`` gets ``TenantManager`` as ``objects``. When one of its querysets runs (is
iterated, counted, tested for existence, aggregated, updated or deleted), it checks that its WHERE
clause confines it to one tenant, through one of:

- a filter on a ``tenant`` column (``tenant=``, ``tenant_id__in=``, ``unit__tenant=``...);
- a filter on a foreign key to another tenant row (``campaign=c``, ``member__unit=u``...): that row
  was itself fetched within a tenant, so its children are too;
- a related manager (``unit.members.all()``, a prefetch), which is bound to one tenant row.

A filter only counts when it is ANDed into the whole query (not one side of an OR, not negated),
and a subquery (``unit__in=Unit.objects.filter(...)``) must be confined itself. A lookup by primary
key alone is not confined: ``Pledge.objects.get(pk=request_value)`` is exactly the forgotten filter
this guard is for. Re-fetching a row to lock it says its tenant: ``lock(obj)``.

A query that is not confined raises ``TenantScopeError`` when ``settings.TENANT_QUERY_CHECK`` is
``"raise"`` (development and tests) and is logged when it is ``"log"`` (production), but only when
the query comes from the shipped code: the first frame outside Django, treebeard and this module
belongs to a ``chuangxian`` module that is not a test or a migration. A test's own assertions
(``Pledge.objects.count()``), treebeard's internal tree upkeep and data migrations (which move
every tenant's rows on purpose) are not checked.

The few reads that span tenants on purpose say so: ``Model.objects.all_tenants()`` (or
``queryset.all_tenants()``), or ``with all_tenants():`` around a block (the platform admin's pages,
the background worker's sweeps).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from django.conf import settings
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode
from treebeard.mp_tree import MP_NodeManager, MP_NodeQuerySet

if TYPE_CHECKING:
    from chuangxian.core.models import TenantModel

logger = logging.getLogger(__name__)

_unchecked: ContextVar[bool] = ContextVar("tenancy_unchecked", default=False)

# Lookups that confine a column to given values (a range or a comparison does not).
_CONFINING_LOOKUPS = frozenset({"exact", "in"})
# Frames of these modules are library code: the first frame outside them decides.
_LIBRARY_PREFIXES = ("django.", "chuangxian.core.tenancy")
_EXEMPT_LIBRARIES = ("treebeard.",)


class TenantScopeError(RuntimeError):
    """A query on a tenant model that does not say which tenant it reads."""


@contextlib.contextmanager
def all_tenants() -> Iterator[None]:
    """Within this block, queries on tenant models may span tenants (platform admin, worker)."""
    token = _unchecked.set(True)
    try:
        yield
    finally:
        _unchecked.reset(token)


def _is_tenant_model(model: Any) -> bool:
    from chuangxian.core.models import TenantModel

    return isinstance(model, type) and issubclass(model, TenantModel)


def _is_tenant_column(field: Any) -> bool:
    from chuangxian.core.models import Tenant

    return bool(getattr(field, "is_relation", False)) and getattr(field, "related_model", None) is Tenant


# What a WHERE node confines its rows to: ``None`` (nothing), ``PARENT`` (one tenant, through a
# parent row or a subquery that is itself confined), or the set of tenant ids a tenant column is
# compared with (confining when it holds at most one).
PARENT = "parent"
_Confinement = frozenset[Any] | str | None


def _tenant_values(lookup: Lookup) -> frozenset[Any] | str:
    rhs = lookup.rhs
    values = rhs if lookup.lookup_name == "in" and isinstance(rhs, list | tuple | set | frozenset) else [rhs]
    found = set()
    for value in values:
        value = getattr(value, "pk", value)
        if not isinstance(value, int | str):
            return PARENT  # an expression (OuterRef, F): the tenant of the row it names
        found.add(value)
    return frozenset(found)


def _confinement(node: Any) -> _Confinement:
    if isinstance(node, WhereNode):
        if node.negated or not node.children:
            return None
        parts = [_confinement(child) for child in node.children]
        if node.connector == "AND":
            known = [p for p in parts if p is not None]
            if not known:
                return None
            sets = [p for p in known if isinstance(p, frozenset)]
            if not sets:
                return PARENT
            both = frozenset.intersection(*sets)
            return PARENT if PARENT in known and len(both) > 1 else both
        if any(p is None for p in parts):
            return None
        if any(p == PARENT for p in parts):
            return PARENT
        return frozenset().union(*[p for p in parts if isinstance(p, frozenset)])
    if isinstance(node, Lookup):
        if node.lookup_name not in _CONFINING_LOOKUPS or not isinstance(node.lhs, Col):
            return None
        field = node.lhs.target
        tenant_column = _is_tenant_column(field)
        if not (tenant_column or (field.is_relation and _is_tenant_model(field.related_model))):
            return None
        rhs = node.rhs
        inner = rhs if isinstance(rhs, Query) else getattr(rhs, "query", None)
        if isinstance(inner, Query):
            return PARENT if _query_confined(inner) else None
        return _tenant_values(node) if tenant_column else PARENT
    return None


def _confines(node: Any) -> bool:
    """Whether this WHERE node, when true, confines the rows to one tenant's: through a parent row,
    or a tenant column compared with one tenant (not ``tenant_id__in=[a, b]``, not ``Q(tenant=a) |
    Q(tenant=b)``)."""
    found = _confinement(node)
    return found == PARENT or (isinstance(found, frozenset) and len(found) <= 1)


def _query_confined(query: Query) -> bool:
    if not _is_tenant_model(query.model) or query.is_empty():  # .none() reads no rows
        return True
    if query.combinator:
        return all(_query_confined(q) for q in query.combined_queries)
    return _confines(query.where)


def _shipped_caller() -> str | None:
    """The module of the first frame outside library code, if it is shipped (non-test) code."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not name.startswith(_LIBRARY_PREFIXES):
            if name.startswith(_EXEMPT_LIBRARIES) or not name.startswith("chuangxian."):
                return None
            if ".tests" in name or ".migrations." in name:
                return None
            return f"{name}:{frame.f_lineno}"
        frame = frame.f_back  # type: ignore[assignment]
    return None


class TenantQuerySetMixin:
    """Checks, when the query runs, that it reads one tenant's rows (see the module docstring)."""

    model: Any
    query: Query
    _hints: dict[str, Any]
    _tenant_unchecked: bool = False

    def all_tenants(self) -> Self:
        """This query spans tenants on purpose (platform admin, worker): it is not checked."""
        clone: Any = self._chain()  # type: ignore[attr-defined]
        clone._tenant_unchecked = True
        return clone

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._tenant_unchecked = self._tenant_unchecked
        return clone

    def _check_tenant(self) -> None:
        mode = getattr(settings, "TENANT_QUERY_CHECK", "raise")
        if mode == "off" or self._tenant_unchecked or _unchecked.get():
            return
        if _is_tenant_model(self._hints.get("instance").__class__) or _query_confined(self.query):
            return
        caller = _shipped_caller()
        if caller is None:
            return
        message = (
            f"查询 {self.model._meta.label} 时没有限定租户（{caller}）：请按 tenant 或上级记录过滤，"
            "或用 all_tenants() 声明这是跨租户读取。"
        )
        if mode == "raise":
            raise TenantScopeError(message)
        logger.error(message)

    def _fetch_all(self) -> None:
        if getattr(self, "_result_cache", None) is None:
            self._check_tenant()
        super()._fetch_all()  # type: ignore[misc]

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._check_tenant()
        return super().iterator(chunk_size)  # type: ignore[misc]

    def count(self) -> int:
        if getattr(self, "_result_cache", None) is None:
            self._check_tenant()
        return super().count()  # type: ignore[misc]

    def exists(self) -> bool:
        if getattr(self, "_result_cache", None) is None:
            self._check_tenant()
        return super().exists()  # type: ignore[misc]

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_tenant()
        return super().aggregate(*args, **kwargs)  # type: ignore[misc]

    def update(self, **kwargs: Any) -> int:
        self._check_tenant()
        return super().update(**kwargs)  # type: ignore[misc]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_tenant()
        return super().delete()  # type: ignore[misc]

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        # The rows are in hand: Django re-selects them by primary key, which is not a tenant leak.
        with all_tenants():
            return super().bulk_update(objs, fields, batch_size=batch_size)  # type: ignore[misc]


_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(TenantQuerySetMixin, models.QuerySet[_M]):
    pass


TenantManager = models.Manager.from_queryset(TenantQuerySet)
TenantManager.__doc__ = "The default manager of every tenant row (``TenantModel.objects``)."


class TenantTreeQuerySet(TenantQuerySetMixin, MP_NodeQuerySet, models.QuerySet[_M]):
    pass


class TenantTreeManager(MP_NodeManager, models.Manager[_M]):
    """Treebeard's manager for the unit tree, with the same check as ``TenantManager``."""

    def get_queryset(self) -> TenantTreeQuerySet[_M]:
        return TenantTreeQuerySet(self.model, using=self._db).order_by("path")

    def all_tenants(self) -> TenantTreeQuerySet[_M]:
        return self.get_queryset().all_tenants()


M = TypeVar("M", bound="TenantModel")


def lock(obj: M) -> M:
    """Re-fetch ``obj`` with a row lock (``SELECT ... FOR UPDATE``), within its own tenant."""
    manager = type(obj)._default_manager
    return manager.select_for_update().get(pk=obj.pk, tenant_id=obj.tenant_id)  # type: ignore[return-value]


_Q = TypeVar("_Q", bound=models.QuerySet[Any])


def actor_rows(qs: _Q, actor: Any) -> _Q:
    """``qs`` narrowed to the actor's tenant, for an ``access_*`` fetch by an id from a request.

    The platform (``SYSTEM``, a platform admin bound to no tenant) reads every tenant's rows, on
    purpose: the access rule that follows decides what it may see."""
    tenant_id = getattr(actor, "tenant_id", None)
    if tenant_id is None:
        return cast(_Q, qs.all_tenants())  # type: ignore[attr-defined]
    return qs.filter(tenant_id=tenant_id)
