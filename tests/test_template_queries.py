"""No page runs a query from inside its template: every page of every demo persona (the menus and the
first row of each list, ``tests/pagewalk.py``) renders with the SQL it needs already run by its view.

A template that reads the database (a lazy queryset, a related object no selector fetched, a method
that queries) hides its queries from the selector's count and repeats them per row; the guard
(``tests/template_queries.py``) names each one with the code that ran it. A new page joins by itself.
"""

from __future__ import annotations

import pytest
from django.test import Client

from chuangxian.core import clock
from chuangxian.demo.models import Persona
from chuangxian.demo.services import demo_load
from chuangxian.demo.tree import min_members
from tests.pagewalk import Fetch, Fetched, client_fetch, discover
from tests.template_queries import queries_in_templates

# Route namespaces whose templates may still query, each with its reason. Keep this list short.
MAY_QUERY: dict[str, str] = {}


def guarded(fetch: Fetch, found: dict[str, list[str]]) -> Fetch:
    """``fetch``, recording the queries each URL's templates ran."""

    def fetch_guarded(url: str) -> Fetched:
        with queries_in_templates() as queries:
            got = fetch(url)
        if queries:
            found[url] = queries
        return got

    return fetch_guarded


@pytest.mark.django_db
def test_no_page_queries_from_its_template():
    tenant = demo_load(as_of=clock.today(), members=min_members()).tenant
    offenders: dict[str, list[str]] = {}
    allowed: dict[str, str] = {}
    pages = 0
    for persona in Persona.objects.filter(tenant=tenant).select_related("user").order_by("order"):
        client = Client()
        client.force_login(persona.user)
        found: dict[str, list[str]] = {}
        walked = discover(guarded(client_fetch(client), found))
        pages += len(walked)
        for page in walked:
            if page.url not in found:
                continue
            namespace = page.key.split(":", 1)[0]
            target = allowed if namespace in MAY_QUERY else offenders
            target[f"{persona.key} {page.key} {page.url}"] = found[page.url]
    assert pages >= 100, f"the walk found too few pages ({pages}): is the menu rendered?"
    assert not offenders, "pages that query from their templates:\n" + "\n".join(
        f"{page}:\n    " + "\n    ".join(queries) for page, queries in offenders.items()
    )
    stale = [
        namespace
        for namespace in MAY_QUERY
        if not any(key.split()[1].startswith(namespace) for key in allowed)
    ]
    assert not stale, f"listed in MAY_QUERY but their templates no longer query: remove them: {stale}"


def test_the_guard_sees_a_query_in_a_template(db, tree):
    """The guard's own control: a template that evaluates a queryset is caught, its view's query not."""
    from django.template import engines

    from chuangxian.orgs.models import Unit

    template = engines["django"].from_string("{% for u in units %}{{ u.name }}{% endfor %}")
    units = Unit.objects.filter(tenant_id=tree.tenant.pk)
    with queries_in_templates() as queries:
        list(Unit.objects.filter(tenant_id=tree.tenant.pk))  # the view's own query
        template.render({"units": units})
    assert len(queries) == 1 and "orgs_unit" in queries[0]
    with queries_in_templates() as queries:
        template.render({"units": list(units)})
    assert queries == []
