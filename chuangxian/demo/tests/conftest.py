"""One small demo per test module: a load takes seconds, so the tests of a loaded demo share it."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from chuangxian.demo.services import demo_tenant

SMALL = "120"
AS_OF = date(2030, 3, 1)


def load(*args: str) -> str:
    """Run ``manage.py demo`` with ``args``; returns what it printed."""
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """One load for the whole module, rolled back at its end. Each test runs in a savepoint inside it
    (the ``db`` fixture), so a test may change or even reload the demo."""
    with django_db_blocker.unblock(), transaction.atomic():
        load("--members", SMALL, "--as-of", AS_OF.isoformat())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    """The demo tenant of the module's load."""
    return demo_tenant()
