"""A selection leaves its notice stage only through notice_finalise: the selection page's
进入下一环节 cannot skip the period or an open objection (an outside review found it could)."""

import pytest
import time_machine

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError
from chuangxian.publicnotice.services import notice_finalise, notice_publish
from chuangxian.publicnotice.tests.factories import CONTACT, object_to, selection_at_notice
from chuangxian.selections.models import SelectionStatus, Stage
from chuangxian.selections.services import selection_advance


def test_the_office_cannot_advance_past_a_running_notice_with_an_open_objection(
    tree, candidates, personas, client
):
    selection = selection_at_notice(tree.tenant, candidates)
    notice = notice_publish(selection=selection, starts_on=clock.today(), contact=CONTACT, actor=SYSTEM)
    object_to(notice, personas.member)
    client.force_login(personas.office)
    page = client.get(f"/selections/{selection.pk}/").text
    assert 'data-testid="notice-stage"' in page and "进入下一环节：" not in page
    client.post(f"/selections/{selection.pk}/advance/", {"from_stage": Stage.NOTICE})
    selection.refresh_from_db()
    assert (selection.stage, selection.status) == (Stage.NOTICE, SelectionStatus.OPEN)
    with pytest.raises(DomainError) as refused:
        selection_advance(selection=selection, from_stage=Stage.NOTICE, actor=personas.office)
    assert refused.value.code == "use_finalise"


def test_after_the_period_only_the_confirmation_moves_the_selection_on(tree, candidates, personas):
    selection = selection_at_notice(tree.tenant, candidates)
    notice = notice_publish(selection=selection, starts_on=clock.today(), contact=CONTACT, actor=SYSTEM)
    after = notice.ends_on.fromordinal(notice.ends_on.toordinal() + 1)
    with time_machine.travel(f"{after.isoformat()} 10:00 +0800", tick=False):
        with pytest.raises(DomainError) as refused:
            selection_advance(selection=selection, from_stage=Stage.NOTICE, actor=personas.office)
        assert refused.value.code == "use_finalise"
        notice_finalise(selection=selection, actor=personas.office)
    selection.refresh_from_db()
    assert selection.stage == Stage.FINAL
