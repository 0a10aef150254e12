"""Fixtures shared by every app's tests: two tenants, a small tree, and one persona per role.

Tenant A (``tenant``):            Tenant B (``other_tenant``):
  校工会 (root)                      外校工会 (root)
  ├── 文学与传播学院 (college)         └── 外校学院
  │   └── 中文系工会小组 (group)
  ├── 数学与计算机科学学院 (college)
  └── 图书馆 (support)
"""

import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from chuangxian.accounts.models import User
from chuangxian.core.actors import SYSTEM
from chuangxian.core.models import Tenant
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, Unit, UnitCategory, UnitKind
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, TenantFactory, make_unit, make_user

# One Hypothesis configuration for every property test. A fresh, loaded 2-core machine made the
# generators' data too slow for the default health check and a per-example deadline: neither says
# anything about the code under test. Derandomised, so a run is the same on every machine (a failure
# reproduces without a seed), and no example database is written into the checkout. Another profile
# can be chosen with HYPOTHESIS_PROFILE (e.g. a long local run registered in a private conftest).
settings.register_profile(
    "chuangxian",
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "chuangxian"))


@dataclass
class Tree:
    tenant: Tenant
    root: Unit
    college: Unit
    group: Unit
    sibling: Unit
    library: Unit
    other_tenant: Tenant
    other_root: Unit
    other_unit: Unit


@dataclass
class Personas:
    admin: User
    office: User
    leader: User
    chair: User  # chair of 文学与传播学院
    liaison: User  # liaison of 文学与传播学院
    member: User  # plain member in 中文系工会小组
    sibling_chair: User  # chair of 数学与计算机科学学院
    other_office: User  # office of the other tenant
    member_row: Member
    chair_row: Member


@pytest.fixture
def tree(db: None) -> Tree:
    tenant = TenantFactory(name="泉州示范师范学院", slug="qz")
    root = make_unit(tenant, "校工会")
    college = make_unit(tenant, "文学与传播学院", root, category=UnitCategory.COLLEGE)
    group = make_unit(tenant, "中文系工会小组", college, kind=UnitKind.GROUP)
    sibling = make_unit(tenant, "数学与计算机科学学院", root, category=UnitCategory.COLLEGE)
    library = make_unit(tenant, "图书馆", root, category=UnitCategory.SUPPORT)
    other_tenant = TenantFactory(name="另一所学院", slug="other")
    other_root = make_unit(other_tenant, "外校工会")
    other_unit = make_unit(other_tenant, "外校学院", other_root, category=UnitCategory.COLLEGE)
    for unit in (root, college, group, sibling, other_root):
        unit.refresh_from_db()
    return Tree(tenant, root, college, group, sibling, library, other_tenant, other_root, other_unit)


def _persona(unit: Unit, name: str, role: str | None = None, at: Unit | None = None) -> tuple[User, Member]:
    member = MemberFactory(unit=unit, name=name)
    user = make_user(member)
    if role is not None:
        role_grant(member=member, unit=at or unit, role=role, actor=SYSTEM)
    return user, member


@pytest.fixture
def personas(tree: Tree) -> Personas:
    office, _ = _persona(tree.root, "工会干事", Role.OFFICE)
    leader, _ = _persona(tree.root, "校领导", Role.LEADER)
    chair, chair_row = _persona(tree.college, "学院主席", Role.CHAIR)
    liaison, _ = _persona(tree.college, "学院联络员", Role.LIAISON)
    member, member_row = _persona(tree.group, "普通会员")
    sibling_chair, _ = _persona(tree.sibling, "数计主席", Role.CHAIR)
    other_office, _ = _persona(tree.other_root, "外校干事", Role.OFFICE)
    admin = make_user(None, username="root", is_superuser=True, is_staff=True)
    return Personas(
        admin, office, leader, chair, liaison, member, sibling_chair, other_office, member_row, chair_row
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test's rows (and their ids, which SQLite
    gives out again) must not be found kept by the next one (the running campaign, per school)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Simplified Chinese; a request switching to English must not leak."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


# PyMuPDF 1.25 (the notice tests measure PDFs with it) crashes in its C++ teardown when the
# interpreter finalises after WeasyPrint, fontTools and lxml were loaded in the same process: every
# test has run and its result is known, but the process would end with SIGSEGV (139) instead of the
# suite's status. So a run that loaded it ends with that status straight away, once pytest has written
# its report and cache.
_EXIT_STATUS: list[int] = []


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    import sys

    if "pymupdf" in sys.modules and _EXIT_STATUS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
