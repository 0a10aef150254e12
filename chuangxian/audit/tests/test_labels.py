import ast
import contextlib
import re
from pathlib import Path

import pytest

from chuangxian.audit.labels import key_label, label_for, value_label

APPS = Path(__file__).resolve().parents[2]
ACTION = re.compile(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"')
RAW = re.compile(r"[a-z]+_[a-z_]+|^[a-z]+$")


def _service_sources(app: str) -> list[Path]:
    """An app's services: one module, or a package of them."""
    module, package = APPS / app / "services.py", APPS / app / "services"
    return [module] if module.exists() else sorted(package.glob("*.py"))


SERVICE_APPS = sorted(p.parent.name for p in APPS.glob("*/services.py")) + sorted(
    p.parent.parent.name for p in APPS.glob("*/services/__init__.py")
)
# Apps whose services write no audit entry of their own: the log's writer, and notify (the notice is the record).
NO_AUDIT = {"audit", "notifications"}


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_every_action_an_app_records_has_a_chinese_label(app):
    """The office reads the log by label; a bare code such as roster.import.uploaded says nothing."""
    sources = _service_sources(app)
    codes = {code for path in sources for code in ACTION.findall(path.read_text(encoding="utf-8"))}
    assert bool(codes) is (app not in NO_AUDIT), f"audit actions found in {app}'s services: {sorted(codes)}"
    assert [code for code in sorted(codes) if label_for(code) == code] == []


def _recorded() -> list[tuple[str, str, str | None]]:
    """``(file, action, key)`` for every literal action and data/changes key an ``audit_record``
    call writes (``key`` None for the action itself), read from the source so a new call is walked
    without a line here. Fields given as ``snapshot(obj, FIELDS)`` are resolved from the module."""
    found: list[tuple[str, str, str | None]] = []
    for path in sorted(APPS.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        module = ast.parse(path.read_text(encoding="utf-8"))
        constants = {}
        for node in module.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                with contextlib.suppress(ValueError):
                    constants[node.targets[0].id] = ast.literal_eval(node.value)
        for node in ast.walk(module):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit_record"):
                continue
            kwargs = {k.arg: k.value for k in node.keywords}
            action = kwargs.get("action")
            branches = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
            actions = [b.value for b in branches if isinstance(b, ast.Constant)]
            keys: list[str] = []
            for name in ("data", "changes"):
                value = kwargs.get(name)
                if isinstance(value, ast.Dict):
                    keys += [k.value for k in value.keys if isinstance(k, ast.Constant)]
                for call in ast.walk(value) if value is not None else []:
                    if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "snapshot":
                        fields = call.args[1]
                        if isinstance(fields, ast.Name):
                            keys += list(constants.get(fields.id, ()))
            rel = str(path.relative_to(APPS))
            found += [(rel, a, None) for a in actions] + [(rel, a, k) for a in actions for k in keys]
    return found


def test_the_walk_finds_the_services_audit_calls():
    actions = {action for _file, action, _key in _recorded()}
    assert {"plans.plan.submitted", "voting.poll.tallied", "supervision.reminder.sent"} <= actions
    keys = {key for _file, _action, key in _recorded()}
    assert {"final_hash", "electorate", "task", "recipient", "title", "status"} <= keys


def test_every_action_and_key_the_services_record_has_a_chinese_label():
    """A bare code such as final_hash or recipient says nothing to the office reading the log."""
    raw = [
        (file, action, key)
        for file, action, key in _recorded()
        if (label_for(action) == action if key is None else RAW.search(key_label(action, key)))
    ]
    assert raw == []


def test_values_are_labelled_from_the_models_choices_and_times_are_local():
    from chuangxian.core.roles import Role
    from chuangxian.orgs.models import Unit, UnitKind

    assert value_label("orgs.unit.created", "kind", UnitKind.GROUP, Unit) == str(UnitKind.GROUP.label)
    assert value_label("demo.x", "unit_kinds", ["sub_union", "group"]) == "、".join(
        [str(UnitKind.SUB_UNION.label), str(UnitKind.GROUP.label)]
    )
    assert key_label("orgs.unit.officer_set", "chair") == str(Role.CHAIR.label)  # keys of a prefix
    assert (
        value_label("meetings.meeting.updated", "starts_at", "2026-07-28T07:00:00+00:00")
        == "2026-07-28 15:00"
    )
    assert value_label("x.y.z", "strict", True) == "是"
