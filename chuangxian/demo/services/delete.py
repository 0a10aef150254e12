"""Deleting the demo tenant and every row and stored file that belongs to it, in an order that no
protecting foreign key blocks."""

import graphlib
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q, QuerySet

from chuangxian.audit.services import audit_record
from chuangxian.core.actors import DEMO
from chuangxian.core.models import Tenant
from chuangxian.demo.services._common import DEMO_SLUG, demo_tenant


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
