"""The demo command on a database without the demo: loading, refusing bad options, the full size."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import phase_current
from chuangxian.demo.services import demo_tenant
from chuangxian.demo.tests.conftest import SMALL, load
from chuangxian.orgs.models import Member, Unit, UnitCategory, UnitKind


def test_default_as_of_is_today(db):
    load("--members", SMALL)
    campaign = Campaign.objects.get(tenant=demo_tenant())
    current = phase_current(campaign)
    assert current is not None
    assert current.phase.order == 2


def test_if_empty_loads_when_there_is_no_demo(db):
    load("--if-empty", "--members", SMALL)
    assert Member.objects.filter(tenant=demo_tenant()).count() == 120


def test_too_small_a_roster_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="至少需要"):
        load("--members", "20")
    assert demo_tenant() is None


def test_bad_as_of_date_is_refused(db):
    with pytest.raises(CommandError):
        load("--as-of", "2030-02-30")


def test_demo_logins_without_demo_says_how_to_load(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "manage.py demo" in out.getvalue()


def test_full_size_demo_loads_with_a_bounded_number_of_queries(db):
    """How long the load takes is measured in ``bench/``, not here (a loaded machine made a wall-clock
    bound fail). What a test can pin is the number of statements: 12,864 for the 1,500-member demo
    (2026-12-03, deterministic seed), 16,265 once the staff congress (102 representatives elected
    through the services, each with its grant), its proposals, the disclosure items and the appeals
    joined it (2026-12-05); one more query per member, an N+1 in the roster import or the study
    confirmations, would pass the ceiling."""
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        output = load()
    assert queries <= 17_500, queries
    tenant = demo_tenant()
    assert Member.objects.filter(tenant=tenant).count() == 1500
    sizes = {
        unit.name: Member.objects.filter(tenant=tenant, unit__path__startswith=unit.path).count()
        for unit in Unit.objects.filter(tenant=tenant, kind=UnitKind.SUB_UNION)
    }
    assert all(
        40 <= sizes[u.name] <= 120
        for u in Unit.objects.filter(tenant=tenant, category=UnitCategory.COLLEGE, kind=UnitKind.SUB_UNION)
    )
    assert all(
        10 <= sizes[u.name] <= 40
        for u in Unit.objects.filter(tenant=tenant, category=UnitCategory.OFFICE, kind=UnitKind.SUB_UNION)
    )
    assert all(
        10 <= sizes[u.name] <= 30
        for u in Unit.objects.filter(tenant=tenant, category=UnitCategory.SUPPORT, kind=UnitKind.SUB_UNION)
    )
    assert len(set(Member.objects.filter(tenant=tenant).values_list("staff_no", flat=True))) == 1500
    assert "1500 名会员" in output
    assert "二级工会 27" in output
