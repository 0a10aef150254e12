"""Every tenant-scoped table is ready to be sharded by tenant: each unique constraint and index
starts with (or contains) ``tenant``."""

from django.apps import apps
from django.db import models

from chuangxian.core.models import TenantModel


def tenant_models():
    return [m for m in apps.get_models() if issubclass(m, TenantModel)]


def test_there_are_tenant_models():
    names = {m._meta.label for m in tenant_models()}
    assert {
        "orgs.Unit",
        "orgs.Member",
        "orgs.RoleAssignment",
        "campaigns.Campaign",
        "campaigns.Phase",
    } <= names


def test_every_unique_constraint_and_index_includes_tenant():
    offenders = []
    for model in tenant_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and "tenant" not in constraint.fields:
                offenders.append(f"{model._meta.label}: {constraint.name}")
        for index in model._meta.indexes:
            if index.fields and index.fields[0] != "tenant":
                offenders.append(f"{model._meta.label}: {index.name}")
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key:
                offenders.append(f"{model._meta.label}.{field.name} is unique without tenant")
    assert offenders == []
