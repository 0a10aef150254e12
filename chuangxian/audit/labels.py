"""Human labels for action codes, registered by each app in its ``AppConfig.ready``."""

from collections.abc import Mapping

from django.apps import apps
from django.utils.functional import Promise

_labels: dict[str, str | Promise] = {}


def register(labels: Mapping[str, str | Promise]) -> None:
    _labels.update(labels)


def label_for(action: str) -> str:
    return str(_labels.get(action, action))


def action_groups() -> list[tuple[str, str]]:
    """``(app label, the app's name)`` of every app with labelled actions, in INSTALLED_APPS order:
    the log's filter, since an action code starts with its app's label (``orgs.unit.created``)."""
    prefixes = {code.split(".", 1)[0] for code in _labels}
    return [(app.label, str(app.verbose_name)) for app in apps.get_app_configs() if app.label in prefixes]
