"""Human labels for the audit log: action codes, and the keys and values an entry records.

Action labels are registered by each app in its ``AppConfig.ready``. The keys of ``changes`` and
``data`` (``status``, ``final_hash``, ``recipient``) and their values (``in_review``, ``waitlisted``)
are looked up, in this order:

1. labels registered for the action or a prefix of it (``register_keys(..., action="orgs.unit")``);
2. the target model's field of that name: its ``verbose_name``, and for a field with choices the
   choice's label (the models' ``TextChoices``);
3. the same field on the other models of the action's app (an action code starts with its app label);
4. labels registered for every action (data keys that are no model field: ``file``, ``member``).

So a model field recorded in the log needs no line here; ``test_labels`` walks every key and code
the services record and fails on one that would reach the office raw.
"""

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from chuangxian.audit.models import AuditEntry

Label = str | Promise

_labels: dict[str, Label] = {}
# action prefix ("" for every action) -> key -> label
_keys: dict[str, dict[str, Label]] = {}
# action prefix -> key -> value -> label
_values: dict[str, dict[str, dict[str, Label]]] = {}

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
TIME_FORMAT = "%Y-%m-%d %H:%M"


def register(labels: Mapping[str, Label]) -> None:
    """Labels of action codes: ``{"orgs.unit.created": _("新建组织")}``."""
    _labels.update(labels)


def _forget() -> None:
    """New labels: the lookups remembered so far may be out of date."""
    _key_label.cache_clear()
    _value_labels.cache_clear()


def register_keys(labels: Mapping[str, Label], *, action: str = "") -> None:
    """Labels of keys that are no field of the target's app, for actions starting with ``action``."""
    _keys.setdefault(action, {}).update(labels)
    _forget()


def register_values(
    key: str, labels: Mapping[str, Label] | Iterable[tuple[Any, Label]], *, action: str = ""
) -> None:
    """Labels of the values of ``key`` (a mapping or ``SomeTextChoices.choices``)."""
    pairs = labels.items() if isinstance(labels, Mapping) else labels
    _values.setdefault(action, {}).setdefault(key, {}).update({str(code): label for code, label in pairs})
    _forget()


def label_for(action: str) -> str:
    return str(_labels.get(action, action))


def action_groups() -> list[tuple[str, str]]:
    """``(app label, the app's name)`` of every app with labelled actions, in INSTALLED_APPS order:
    the log's filter, since an action code starts with its app's label (``orgs.unit.created``)."""
    prefixes = {code.split(".", 1)[0] for code in _labels}
    return [(app.label, str(app.verbose_name)) for app in apps.get_app_configs() if app.label in prefixes]


def _prefixes(action: str) -> list[str]:
    """``a.b.c`` -> ``a.b.c``, ``a.b``, ``a``: the most specific registration wins."""
    parts = action.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _fields(key: str, action: str, model: type[models.Model] | None) -> Iterable[models.Field[Any, Any]]:
    """The fields named ``key`` of the target model, then of the other models of the action's app."""
    candidates: list[type[models.Model]] = [model] if model is not None else []
    app_label = action.split(".", 1)[0]
    if app_label in apps.app_configs:
        candidates += [m for m in apps.get_app_config(app_label).get_models() if m is not model]
    for candidate in candidates:
        try:
            field = candidate._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):
            yield field


def _named(field: models.Field[Any, Any]) -> bool:
    """Django makes up ``verbose_name`` from the attribute name ("created at") when none was given."""
    return str(field.verbose_name) != field.name.replace("_", " ")


def key_label(action: str, key: str, model: type[models.Model] | None = None) -> str:
    return str(_key_label(action, key, model))  # a lazy label is translated now, in today's language


@functools.lru_cache(maxsize=4096)
def _key_label(action: str, key: str, model: type[models.Model] | None) -> Label:
    """Where a key's label comes from, looked up once per action, key and model (a log page asks the
    same few hundred times; ``register_*`` starts afresh)."""
    for prefix in _prefixes(action):
        if key in _keys.get(prefix, {}):
            return _keys[prefix][key]
    for field in _fields(key, action, model):
        if _named(field):
            return field.verbose_name
    return _keys.get("", {}).get(key, key)


@functools.lru_cache(maxsize=4096)
def _value_labels(action: str, key: str, model: type[models.Model] | None) -> Mapping[str, Label]:
    for prefix in _prefixes(action):
        if key in _values.get(prefix, {}):
            return _values[prefix][key]
    for field in _fields(key, action, model):
        if field.choices:
            return {str(code): label for code, label in field.flatchoices}
    return _values.get("", {}).get(key, {})


def local_time(moment: datetime) -> str:
    """A moment in the installation's time zone (the tenant's, Asia/Shanghai), with the date."""
    return timezone.localtime(moment).strftime(TIME_FORMAT)


def value_label(action: str, key: str, value: Any, model: type[models.Model] | None = None) -> str:
    """A recorded value as the office reads it: choice labels, 是/否, local times, lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | tuple):
        return "、".join(value_label(action, key, item, model) for item in value) or "—"
    if isinstance(value, Mapping):
        return "；".join(
            f"{key_label(action, str(k), model)}：{value_label(action, str(k), v, model)}"
            for k, v in value.items()
        )
    labels = _value_labels(action, key, model)
    if str(value) in labels:
        return str(labels[str(value)])
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return local_time(moment)
    return str(value)


@dataclass(frozen=True)
class AuditRow:
    """One entry as the log page shows it: nothing raw left for the template."""

    entry: AuditEntry
    action: str
    time: str
    changes: list[tuple[str, str, str]]  # (field, before, after)
    data: list[tuple[str, str]]  # (key, value)


def audit_row(entry: AuditEntry) -> AuditRow:
    """Labels an entry. Reads no database row beyond the entry's ``target_type`` (select it along)."""
    model = entry.target_type.model_class() if entry.target_type is not None else None
    action = entry.action
    changes = [
        (
            key_label(action, key, model),
            value_label(action, key, pair[0] if isinstance(pair, list) and pair else None, model),
            value_label(action, key, pair[1] if isinstance(pair, list) and len(pair) > 1 else pair, model),
        )
        for key, pair in (entry.changes or {}).items()
    ]
    data = [
        (key_label(action, key, model), value_label(action, key, value, model))
        for key, value in (entry.data or {}).items()
    ]
    return AuditRow(
        entry=entry, action=label_for(action), time=local_time(entry.created_at), changes=changes, data=data
    )
