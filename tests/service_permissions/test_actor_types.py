"""No actor typed ``Any``: every ``actor`` and ``user`` parameter of a service, selector or rule is an
``Actor`` (or a ``User``), so mypy checks each call. mypy's strict checks on those modules are in
pyproject.toml; this test catches what they let through (an explicit ``Any``)."""

import importlib
import inspect
import typing
from pathlib import Path

import pytest

import chuangxian
from chuangxian.accounts.models import User
from tests.service_permissions.test_service_table import APPS, PENDING_APPS, _service_modules

ROOT = Path(chuangxian.__file__).parent
ACTOR_NAMES = ("actor", "user")


def _modules(app: str) -> list[str]:
    names = [module.__name__ for module in _service_modules(app)]
    for extra in ("selectors", "permissions"):
        if (ROOT / app / f"{extra}.py").exists():
            names.append(f"chuangxian.{app}.{extra}")
    return names


@pytest.mark.parametrize("app", [*APPS, "core", "audit"])
def test_no_actor_is_typed_any(app: str) -> None:
    if app in PENDING_APPS:
        pytest.skip(f"{app}: actors not typed yet (issue 12)")
    modules = ["chuangxian.core.actors"] if app == "core" else _modules(app)
    loose = []
    for name in modules:
        module = importlib.import_module(name)
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            # Names imported only for type checking (core.actors names accounts.User that way).
            hints = typing.get_type_hints(function, globalns={**vars(module), "User": User})
            for parameter in inspect.signature(function).parameters:
                if parameter in ACTOR_NAMES and hints.get(parameter, typing.Any) is typing.Any:
                    loose.append(f"{name}.{function_name}({parameter})")
    assert not loose, f"actors typed Any or not at all: {loose}"
