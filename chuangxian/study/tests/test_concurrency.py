"""Two taps on 我已学习 at the same moment: one confirmation, one audit entry."""

from chuangxian.audit.models import AuditEntry
from chuangxian.study.models import StudyConfirmation
from chuangxian.study.services import study_confirm
from tests.races import postgres_race, run_together

pytestmark = postgres_race


def test_simultaneous_confirmations_count_once(tree, personas, document):
    created: list[bool] = []

    def tap() -> None:
        _confirmation, new = study_confirm(
            document=document, member=personas.member_row, actor=personas.member
        )
        created.append(new)

    assert run_together(tap, tap, tap, tap) == []
    assert sorted(created) == [False, False, False, True]
    assert StudyConfirmation.objects.count() == 1
    assert AuditEntry.objects.filter(action="study.document.confirmed").count() == 1
