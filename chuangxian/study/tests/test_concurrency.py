"""Two taps on 我已学习 at the same moment: one confirmation, one audit entry."""

import threading

import pytest
from django.db import connection, connections

from chuangxian.audit.models import AuditEntry
from chuangxian.study.models import StudyConfirmation
from chuangxian.study.services import study_confirm

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_confirmations_count_once(tree, personas, document):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    barrier = threading.Barrier(4)
    created: list[bool] = []

    def tap() -> None:
        try:
            barrier.wait()
            _confirmation, new = study_confirm(
                document=document, member=personas.member_row, actor=personas.member
            )
            created.append(new)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created) == [False, False, False, True]
    assert StudyConfirmation.objects.count() == 1
    assert AuditEntry.objects.filter(action="study.document.confirmed").count() == 1
