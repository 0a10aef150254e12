"""Two officers confirm the same import at the same moment: it is applied exactly once.

The import row is locked (SELECT … FOR UPDATE) and its status checked under the lock; SQLite
serialises writers anyway, so the race is only meaningful, and only run, on PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections

from chuangxian.audit.models import AuditEntry
from chuangxian.core.errors import DomainError
from chuangxian.orgs.models import Member
from chuangxian.roster.models import ImportStatus, RosterImport
from chuangxian.roster.services import roster_import_confirm
from chuangxian.roster.tests.factories import person, upload, xlsx_bytes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_confirmations_apply_once(tree, personas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    rows = [person(f"20100{i:02d}", "张伟") for i in range(20)]
    roster_import = upload(tree, personas.office, xlsx_bytes(rows))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm() -> None:
        try:
            barrier.wait()
            roster_import_confirm(roster_import_id=roster_import.pk, actor=personas.office)
            outcomes.append("applied")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["applied", "not_ready"]
    assert Member.objects.filter(tenant=tree.tenant, staff_no__startswith="20100").count() == 20
    assert AuditEntry.objects.filter(action="orgs.roster.imported").count() == 1
    assert RosterImport.objects.get(pk=roster_import.pk).status == ImportStatus.DONE
