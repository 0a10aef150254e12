"""Human labels for action codes, registered by each app in its ``AppConfig.ready``."""

from collections.abc import Mapping

from django.utils.functional import Promise

_labels: dict[str, str | Promise] = {}


def register(labels: Mapping[str, str | Promise]) -> None:
    _labels.update(labels)


def label_for(action: str) -> str:
    return str(_labels.get(action, action))
