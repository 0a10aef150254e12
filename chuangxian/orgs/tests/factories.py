"""Factories for the organisation domain. Units are made through the service so paths are right."""

import itertools
from typing import Any

import factory

from chuangxian.accounts.models import User
from chuangxian.core.actors import SYSTEM
from chuangxian.core.models import Tenant
from chuangxian.orgs.models import Member, Unit, UnitKind
from chuangxian.orgs.services import name_initials, unit_create

_seq = itertools.count(1)


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试学院{n}")
    slug = factory.Sequence(lambda n: f"t{n}")


def make_unit(
    tenant: Tenant, name: str, parent: Unit | None = None, kind: str = UnitKind.SUB_UNION, category: str = ""
) -> Unit:
    if parent is None:
        kind = UnitKind.SCHOOL_UNION
    return unit_create(tenant=tenant, parent=parent, name=name, kind=kind, category=category, actor=SYSTEM)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    tenant = factory.LazyAttribute(lambda o: o.unit.tenant)
    staff_no = factory.LazyFunction(lambda: f"9{next(_seq):06d}")
    name = factory.Iterator(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "黄磊", "赵敏"])
    name_initials = factory.LazyAttribute(lambda o: name_initials(o.name))


def make_user(member: Member | None = None, *, password: str = "pass-w0rd!", **kwargs: Any) -> User:
    """A login for ``member`` (or a bare user), with a known password and no forced change."""
    if member is not None:
        kwargs.setdefault("tenant", member.tenant)
        kwargs.setdefault("staff_no", member.staff_no)
        kwargs.setdefault("display_name", member.name)
        kwargs.setdefault("username", f"{member.tenant.slug}:{member.staff_no}")
    else:
        kwargs.setdefault("username", f"user{next(_seq)}")
    user = User(**kwargs)
    user.set_password(password)
    user.save()
    if member is not None:
        Member.objects.filter(pk=member.pk).update(user=user)
        member.user = user
    return user
