"""The one write path of the audit log. Called by every domain service inside its transaction."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from chuangxian.accounts.models import User
from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import Actor, SystemActor

# Keys whose values never reach the log in clear.
SECRET_KEYS = frozenset({"password", "initial_password", "token", "secret"})
PARTLY_MASKED_KEYS = frozenset({"id_number", "phone"})


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    return str(value)


def mask(key: str, value: Any) -> Any:
    if value in (None, ""):
        return value
    if key in SECRET_KEYS:
        return "***"
    if key in PARTLY_MASKED_KEYS:
        text = str(value)
        return text[:3] + "*" * max(len(text) - 7, 0) + text[-4:] if len(text) > 7 else "***"
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, JSON-ready (foreign keys as their ids)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _jsonable(getattr(obj, attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field that changed, secrets masked."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = _jsonable(before.get(key)), _jsonable(after.get(key))
        if old != new:
            changed[key] = [mask(key, old), mask(key, new)]
    return changed


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    tenant_id: int | None = None,
    unit: Any = None,
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``action`` is namespaced: ``orgs.unit.renamed``.

    ``unit`` is the unit the target belongs to (anything with ``id`` and ``path``), so the office can
    browse a unit's history; when omitted, the target itself is used if it has a ``path``.
    """
    if tenant_id is None and target is not None:
        tenant_id = getattr(target, "tenant_id", None)
    if unit is None and target is not None and hasattr(target, "path") and hasattr(target, "depth"):
        unit = target
    if isinstance(actor, SystemActor):
        actor_obj = None
        actor_label = actor.label
    elif isinstance(actor, User) and actor.is_authenticated:
        actor_obj = actor
        actor_label = actor.get_full_name() or actor.get_username()
    else:  # an anonymous visitor acts on nothing; a test double that is no User neither
        raise TypeError(f"audit_record() needs a logged-in user or a SystemActor, not {actor!r}")
    entry = AuditEntry(
        tenant_id=tenant_id,
        actor=actor_obj,
        actor_label=actor_label[:150],
        action=action,
        changes=_jsonable(dict(changes or {})),
        data=_jsonable({k: mask(k, v) for k, v in (data or {}).items()}),
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:200]
    if unit is not None:
        entry.unit_id = unit.id
        entry.unit_path = unit.path
    entry.save()
    return entry
