"""Two officers confirm the same import at the same moment: it is applied exactly once.

The import row is locked (SELECT … FOR UPDATE) and its status checked under the lock; SQLite
serialises writers anyway, so the race is only meaningful, and only run, on PostgreSQL.
"""

from chuangxian.audit.models import AuditEntry
from chuangxian.orgs.models import Member
from chuangxian.roster.models import ImportStatus, RosterImport
from chuangxian.roster.services import roster_import_confirm
from chuangxian.roster.tests.factories import person, upload, xlsx_bytes
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def test_two_simultaneous_confirmations_apply_once(tree, personas):
    rows = [person(f"20100{i:02d}", "张伟") for i in range(20)]
    roster_import = upload(tree, personas.office, xlsx_bytes(rows))
    outcomes: list[str] = []
    confirm = recording(
        outcomes,
        lambda: roster_import_confirm(roster_import_id=roster_import.pk, actor=personas.office),
        ok="applied",
    )
    assert run_together(confirm, confirm) == []
    assert sorted(outcomes) == ["applied", "not_ready"]
    assert Member.objects.filter(tenant=tree.tenant, staff_no__startswith="20100").count() == 20
    assert AuditEntry.objects.filter(action="orgs.roster.imported").count() == 1
    assert RosterImport.objects.get(pk=roster_import.pk).status == ImportStatus.DONE
