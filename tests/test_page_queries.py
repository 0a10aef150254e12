"""Every page makes as many queries with four times the members: no page grows with the data.

The demo (``demo_load``, the code of ``manage.py demo``) is loaded at its smallest size and at four
times that; for each demo persona, logged in, ``tests/pagewalk.py`` finds every page of the menus and
the first row of each list (the walk ``bench/pages.py`` times), and each page's queries are counted
on its second opening, with the cache emptied just before it: what a page keeps in the cache for
the next request (the running campaign, for 30 s) is read again, so the count does not depend on
when the cache last expired. A new page, or a new menu entry, joins by itself.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from chuangxian.core import clock
from chuangxian.demo.models import Persona
from chuangxian.demo.services import demo_load
from chuangxian.demo.tree import min_members
from tests.pagewalk import client_fetch, discover, page_queries

SMALL = min_members()
LARGE = 4 * SMALL

# (persona, page key) → why its count may change with the data. Keep this list short.
MAY_DIFFER: dict[tuple[str, str], str] = {
    # The paginator reads no page of an empty list: one query fewer when the persona has no
    # notifications. Whether the replay left them any depends on the roster, not on its size (the
    # handling office's persona is always told of the demo's appeal to its office).
    ("leader", "notifications:inbox"): "an empty inbox skips the page's query",
}


def counts(members: int, *, reset: bool) -> dict[tuple[str, str], tuple[str, int, int]]:
    """(persona, page key) → (URL, status, queries) for every page of every demo persona."""
    result = demo_load(as_of=clock.today(), members=members, reset=reset)
    found = {}
    for persona in Persona.objects.filter(tenant=result.tenant).select_related("user").order_by("order"):
        client = Client()
        client.force_login(persona.user)
        for page in discover(client_fetch(client)):
            cache.clear()
            status, queries, _seconds = page_queries(client, page.url)
            found[persona.key, page.key] = (page.url, status, queries)
    return found


@pytest.mark.django_db
def test_every_page_makes_the_same_number_of_queries_at_four_times_the_members():
    small = counts(SMALL, reset=False)
    large = counts(LARGE, reset=True)

    broken = {key: (url, status) for key, (url, status, _q) in (small | large).items() if status != 200}
    assert not broken, f"pages that the menus or a list link to but do not open: {broken}"
    both = sorted(small.keys() & large.keys())
    assert len(both) >= 100, f"the walk found too few pages ({len(both)}): is the menu rendered?"
    grew = {
        f"{persona} {key}": f"{small[persona, key][2]} → {large[persona, key][2]} ({large[persona, key][0]})"
        for persona, key in both
        if small[persona, key][2] != large[persona, key][2] and (persona, key) not in MAY_DIFFER
    }
    assert not grew, f"pages whose query count changes with the data ({SMALL} → {LARGE} members): {grew}"
    stale = [key for key in MAY_DIFFER if key in small and small[key][2] == large[key][2]]
    assert not stale, f"listed in MAY_DIFFER but equal now: remove them: {stale}"
