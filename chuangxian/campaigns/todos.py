"""What a user personally still has to do, shown on the home page.

Feature apps register a provider at start-up (in their ``AppConfig.ready``); each provider returns the
items it knows about. A provider that serves a role or a grant whose pages are still to come
(``core.roles.ROLE_OUTLOOK``: the handling office, representatives; ``GRANT_OUTLOOK`` below: the
judges of a campaign) says so with ``serves=``; until one does, their holders are told what it will
let them do instead of an empty list.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.core.actors import Actor
from chuangxian.core.roles import ROLE_OUTLOOK, Role
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.permissions import roles_of


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    due: date | None = None
    detail: str = ""


@dataclass(frozen=True)
class RoleOutlook:
    """A role of the user, or a grant they hold on the campaign, whose pages are still to come: what
    it will let them do, and the campaign's phases in which that happens (``name``, first day, last
    day), if the campaign has any. ``role`` is the role's or the grant kind's code."""

    role: str
    label: str
    text: str
    phases: tuple[tuple[str, date, date], ...] = ()


TodoProvider = Callable[[Actor, Campaign], list[TodoItem]]
_providers: list[TodoProvider] = []
_served: dict[TodoProvider, frozenset[str]] = {}

# What a grant on the campaign will let its holder do once the pages for it exist (selections).
GRANT_OUTLOOK: dict[str, Promise] = {
    GrantKind.JUDGE: _("作为评委，您将在评选阶段为推荐上来的先进集体、先进个人和优秀项目评分。"),
}

# The phase action in which a role's or a grant's work falls, for those whose work is tied to one.
PHASE_ACTIONS: dict[str, str] = {GrantKind.JUDGE: PhaseAction.NOMINATION}


def register(provider: TodoProvider, *, serves: Iterable[str] = ()) -> TodoProvider:
    """Add ``provider`` to every user's to-do list. ``serves`` names the roles of ``ROLE_OUTLOOK`` and
    the grant kinds of ``GRANT_OUTLOOK`` whose to-dos it lists, so their holders stop seeing the
    notice of what is to come."""
    if provider not in _providers:
        _providers.append(provider)
    _served[provider] = frozenset(serves)
    return provider


def unregister(provider: TodoProvider) -> None:
    """Remove ``provider`` (tests that register a provider of their own take it out again)."""
    if provider in _providers:
        _providers.remove(provider)
    _served.pop(provider, None)


def _phases(campaign: Campaign | None, code: str) -> tuple[tuple[str, date, date], ...]:
    action = PHASE_ACTIONS.get(code)
    if campaign is None or action is None:
        return ()
    return tuple((p.name, p.starts_on, p.ends_on) for p in campaign.phases.all() if action in p.actions)


def role_outlook_for(user: Actor, campaign: Campaign | None) -> list[RoleOutlook]:
    """What ``user`` will be able to do once the pages for it exist: first for each grant of
    ``GRANT_OUTLOOK`` they hold on ``campaign`` today (a judge of its selections), then for each role
    of ``ROLE_OUTLOOK`` they hold (in the order of ``core.roles.Role``), leaving out what a registered
    provider serves. One query per grant kind (none without a campaign) beyond the user's cached
    roles and the campaign's prefetched phases."""
    served = frozenset().union(*_served.values())
    outlook = []
    for kind, text in GRANT_OUTLOOK.items():
        if kind in served or campaign is None or not holds_grant(user, kind, campaign):
            continue
        label = str(GrantKind(kind).label)
        outlook.append(RoleOutlook(role=kind, label=label, text=str(text), phases=_phases(campaign, kind)))
    held = roles_of(user)
    for role in Role:
        if role not in held or role not in ROLE_OUTLOOK or role in served:
            continue
        outlook.append(
            RoleOutlook(
                role=role,
                label=str(role.label),
                text=str(ROLE_OUTLOOK[role]),
                phases=_phases(campaign, role),
            )
        )
    return outlook


def todos_for(user: Actor, campaign: Campaign) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _providers:
        items.extend(provider(user, campaign))
    return sorted(items, key=lambda item: (item.due is None, item.due or date.max, item.title))
