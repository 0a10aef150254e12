"""Breadcrumb steps for units: a unit the reader may not open is shown as plain text, never as a
link to a 404 (a member of 中文系工会小组 may open their own group, not 校工会 above it)."""

from django.urls import reverse

from chuangxian.core.actors import Actor
from chuangxian.core.navigation import Crumb
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_view_unit
from chuangxian.orgs.selectors import unit_ancestors


def unit_crumb(user: Actor, unit: Unit) -> Crumb:
    """The unit's page if ``user`` may open it (the check of ``access_unit``); no query of its own."""
    url = reverse("orgs:unit_detail", args=[unit.pk]) if can_view_unit(user, unit) else None
    return Crumb(label=unit.name, url=url)


def unit_trail(user: Actor, unit: Unit) -> list[Crumb]:
    """From the root down to ``unit`` itself; one query (the ancestors)."""
    return [unit_crumb(user, a) for a in unit_ancestors(unit)] + [unit_crumb(user, unit)]
