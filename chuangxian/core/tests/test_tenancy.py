"""Every tenant-scoped table is ready to be sharded by tenant (each unique constraint and index
starts with or contains ``tenant``), and a query of the shipped code must say its tenant."""

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Count, Q
from django.test import override_settings

from chuangxian.core.models import TenantModel
from chuangxian.core.tenancy import TenantScopeError, all_tenants, lock
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.tests.factories import MemberFactory, TenantFactory, make_unit


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


# -- Tenant-scoped queries by default (core.tenancy) -------------------------------------------------


def shipped(source: str, **names: object) -> object:
    """Run ``source`` as if it were a line of the shipped code (a module of the ``chuangxian``
    package that is not a test), which is where the guard applies; returns ``result``."""
    namespace: dict[str, object] = {"__name__": "chuangxian.somewhere.services", **names}
    exec(compile(source, "<shipped>", "exec"), namespace)
    return namespace.get("result")


@pytest.fixture
def world(db, settings):
    settings.TENANT_QUERY_CHECK = "raise"
    tenant = TenantFactory()
    root = make_unit(tenant, "学校工会")
    unit = make_unit(tenant, "文学院", parent=root)
    member = MemberFactory(unit=unit)
    other = TenantFactory()
    other_unit = make_unit(other, "外校工会")
    return {"tenant": tenant, "unit": unit, "member": member, "other_unit": other_unit}


@pytest.mark.parametrize(
    "source",
    [
        "result = list(Member.objects.all())",
        "result = Member.objects.get(pk=member.pk)",
        "result = Member.objects.filter(name=member.name).count()",
        "result = Member.objects.filter(pk=member.pk).exists()",
        "result = Member.objects.filter(pk=member.pk).update(name='x')",
        "result = Member.objects.filter(pk=0).delete()",
        "result = list(Member.objects.filter(unit__path__startswith=unit.path))",
        "result = list(Member.objects.filter(Q(tenant=member.tenant_id) | Q(name='x')))",
        "result = list(Member.objects.exclude(tenant=member.tenant_id))",
        "result = list(Member.objects.filter(unit__in=Unit.objects.filter(path__startswith='0')))",
        "result = list(Member.objects.filter(pk=member.pk).iterator())",
        "result = Member.objects.aggregate(n=Count('pk'))",
        "result = list(Unit.objects.filter(path__startswith=unit.path))",
        "result = list(Member.objects.filter(tenant_id__in=[member.tenant_id, other_unit.tenant_id]))",
        "result = list(Member.objects.filter(Q(tenant=member.tenant_id) | Q(tenant=other_unit.tenant_id)))",
    ],
)
def test_a_shipped_query_without_a_tenant_raises(world, source):
    with pytest.raises(TenantScopeError, match="没有限定租户"):
        shipped(source, Member=Member, Unit=Unit, Q=Q, Count=Count, **world)


@pytest.mark.parametrize(
    "source",
    [
        "result = list(Member.objects.filter(tenant=member.tenant_id))",
        "result = Member.objects.get(pk=member.pk, tenant_id=member.tenant_id)",
        "result = list(Member.objects.filter(unit=unit))",
        "result = list(Member.objects.filter(unit__tenant=member.tenant_id, name='x'))",
        "result = list(Member.objects.filter(unit__in=Unit.objects.filter(tenant=member.tenant_id)))",
        "result = list(unit.members.all())",
        "result = list(Unit.objects.filter(tenant=member.tenant_id, path__startswith=unit.path))",
        "result = list(Unit.objects.prefetch_related('members').filter(tenant=member.tenant_id))",
        "result = Member.objects.all_tenants().count()",
        "result = Unit.objects.all_tenants().count()",
        "result = lock(member)",
        "result = list(Member.objects.none())",
        "result = list(Member.objects.filter(tenant_id__in=[member.tenant_id]))",
        "result = list(Member.objects.filter(Q(tenant=member.tenant_id) | Q(tenant=member.tenant_id, name='x')))",
        "result = list(Member.objects.filter(tenant_id__in=[member.tenant_id, other_unit.tenant_id], unit=unit))",
    ],
)
def test_a_shipped_query_that_says_its_tenant_runs(world, source):
    shipped(source, Member=Member, Unit=Unit, Q=Q, lock=lock, **world)


def test_all_tenants_block_lets_a_cross_tenant_read_through(world):
    with all_tenants():
        assert shipped("result = Member.objects.count()", Member=Member) == 1
    with pytest.raises(TenantScopeError):
        shipped("result = Member.objects.count()", Member=Member)


def test_development_and_tests_raise_and_production_logs():
    from django.conf import settings

    assert os.environ.get("TENANT_QUERY_CHECK", "raise") == settings.TENANT_QUERY_CHECK
    prod = (Path(__file__).resolve().parents[3] / "config" / "settings" / "prod.py").read_text()
    assert 'TENANT_QUERY_CHECK = env.str("TENANT_QUERY_CHECK", default="log")' in prod


def test_a_tests_own_query_is_not_checked(world):
    assert Member.objects.count() == 1


def test_production_logs_instead_of_raising(world, caplog):
    with override_settings(TENANT_QUERY_CHECK="log"):
        assert shipped("result = Member.objects.count()", Member=Member) == 1
    assert "没有限定租户" in caplog.text


def test_off_switches_the_check_off(world):
    with override_settings(TENANT_QUERY_CHECK="off"):
        assert shipped("result = Member.objects.count()", Member=Member) == 1


def test_lock_stays_within_the_rows_tenant(world):
    member = world["member"]
    assert lock(member).pk == member.pk
    member.tenant_id = world["other_unit"].tenant_id
    with pytest.raises(Member.DoesNotExist):
        lock(member)


def test_no_shipped_code_filters_by_an_id_straight_from_the_request():
    """The guard counts a filter on a parent row's id as confined and cannot tell an id from a
    request from a row fetched within the school: such an id goes through access_* / actor_rows."""
    import re

    root = Path(__file__).resolve().parents[2]
    # a keyword argument (`filter(unit_id=request.GET["unit"])`), not an assignment to a local name
    pattern = re.compile(r"(^|[(,])\s*(\w+_id|pk)(__in)?=(int\()?request\.(GET|POST|data)\b")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
