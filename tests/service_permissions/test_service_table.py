"""Every write service, every persona: allowed ones succeed, the others are refused by the service
itself and change nothing. See ``harness.py`` for how an app lists its services."""

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

import chuangxian
from chuangxian.core.errors import Refused
from tests.service_permissions.harness import PERSONAS, ServiceCase, World

ROOT = Path(chuangxian.__file__).parent
APPS = sorted(
    p.name
    for p in ROOT.iterdir()
    if (p / "services.py").exists() or (p / "services" / "__init__.py").exists()
)
# Modules outside ``services`` that hold write services too.
EXTRA_SERVICE_MODULES = ("chuangxian.pledges.rating",)
# Apps whose services are not on the table yet: their completeness check is skipped, loudly. Every
# app is on the table now; keep it empty.
PENDING_APPS: frozenset[str] = frozenset()


def _service_modules(app: str) -> Iterator[ModuleType]:
    module = importlib.import_module(f"chuangxian.{app}.services")
    yield module
    if hasattr(module, "__path__"):  # a services package: every submodule
        for info in pkgutil.iter_modules(module.__path__):
            yield importlib.import_module(f"{module.__name__}.{info.name}")
    for info in pkgutil.iter_modules([str(ROOT / app)]):  # services_bulk.py and the like
        if info.name.startswith("services_"):
            yield importlib.import_module(f"chuangxian.{app}.{info.name}")
    for name in EXTRA_SERVICE_MODULES:
        if name.startswith(f"chuangxian.{app}."):
            yield importlib.import_module(name)


def write_services(app: str) -> list[Callable[..., Any]]:
    """Public functions defined in the app's service modules that take an ``actor``."""
    found: dict[str, Callable[..., Any]] = {}
    for module in _service_modules(app):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if "actor" in inspect.signature(function).parameters:
                found[f"{module.__name__}.{name}"] = function
    return [found[key] for key in sorted(found)]


def _cases_module(app: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"chuangxian.{app}.tests.service_cases")
    except ModuleNotFoundError as error:
        if error.name != f"chuangxian.{app}.tests.service_cases":
            raise
        return None


def _all_cases() -> list[ServiceCase]:
    cases: list[ServiceCase] = []
    for app in APPS:
        module = _cases_module(app)
        if module is not None:
            cases.extend(module.CASES)
    return cases


CASES = _all_cases()


def _unwrap(function: Callable[..., Any]) -> Callable[..., Any]:
    return inspect.unwrap(function)


@pytest.mark.parametrize("app", APPS)
def test_every_write_service_is_on_the_table(app: str) -> None:
    if app in PENDING_APPS:
        pytest.skip(f"{app}: services not on the permission table yet (issue 12)")
    module = _cases_module(app)
    assert module is not None, f"chuangxian/{app}/tests/service_cases.py is missing"
    listed = {_unwrap(case.service) for case in module.CASES} | {
        _unwrap(f) for f in getattr(module, "EXEMPT", {})
    }
    missing = [f"{f.__module__}.{f.__name__}" for f in write_services(app) if _unwrap(f) not in listed]
    assert not missing, f"write services with no permission case: {missing}"


def test_the_table_names_only_known_personas_and_no_case_twice() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases with one id: give them a name"


def _fingerprint() -> dict[str, int]:
    """Row counts of every table of the project: a refused call must leave each one as it was."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model.__module__.startswith("chuangxian.") or model._meta.proxy:
                continue
            table = model._meta.db_table
            if table in counts:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_service_permission(case: ServiceCase, persona: str, tree: Any, personas: Any) -> None:
    world = World(tree, personas)
    context = case.arrange(world)
    actor = world.actor(persona)
    if persona in case.allowed_set:
        case.act(world, context, actor)
        return
    before = _fingerprint()
    with pytest.raises(Refused):
        case.act(world, context, actor)
    assert _fingerprint() == before, f"{case.id} refused {persona} but changed the database"
