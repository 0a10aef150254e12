"""The public notice's write services on the permission table (tests/service_permissions).

The office (``can_configure_tenant``: with the platform admin and the system) publishes, answers
and finalises; any person of the school with a roster row objects (not the platform admin nor the
system: an objection carries a real person's name). The discipline-inspection grant's answers are
tested in ``test_services.py`` (no persona holds it).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

from chuangxian.core import clock
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.publicnotice.services import (
    discipline_name,
    notice_finalise,
    notice_publish,
    objection_answer,
    objection_file,
)
from chuangxian.publicnotice.tests.factories import CONTACT, notice_for, object_to, selection_at_notice
from tests.service_permissions.harness import ServiceCase

CONFIGURERS = {"office", "admin", "system"}
SCHOOL = {"member", "chair", "liaison", "sibling_chair", "office", "leader"}


def _selection(w):  # type: ignore[no-untyped-def]
    return selection_at_notice(w.tree.tenant, [(w.tree.college, MemberFactory(unit=w.tree.college))])


def _ended(w):  # type: ignore[no-untyped-def]
    """A notice whose period has ended: published 20 days ago from that day (5 working days; a
    notice cannot start in the past, so it is published on its start day)."""
    start = clock.today() - timedelta(days=20)
    with time_machine.travel(datetime.combine(start, time(10), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        return notice_for(w.tree, starts_on=start)


def _finalise(w, notice, actor):  # type: ignore[no-untyped-def]
    return notice_finalise(selection=notice.selection, actor=actor)


CASES = [
    ServiceCase(
        service=notice_publish,
        allowed=CONFIGURERS,
        arrange=_selection,
        act=lambda w, selection, actor: notice_publish(
            selection=selection, starts_on=clock.today(), contact=CONTACT, actor=actor
        ),
    ),
    ServiceCase(
        service=objection_file,
        allowed=SCHOOL,
        arrange=lambda w: notice_for(w.tree),
        act=lambda w, notice, actor: object_to(notice, actor),
    ),
    ServiceCase(
        service=objection_answer,
        allowed=CONFIGURERS,
        arrange=lambda w: object_to(notice_for(w.tree), w.personas.member),
        act=lambda w, objection, actor: objection_answer(
            objection=objection, substantiated=False, answer="经核实，事迹属实。", actor=actor
        ),
    ),
    ServiceCase(
        service=discipline_name,
        allowed=CONFIGURERS,
        arrange=lambda w: (_selection(w), MemberFactory(unit=w.tree.root)),
        act=lambda w, pair, actor: discipline_name(selection=pair[0], members=[pair[1]], actor=actor),
    ),
    ServiceCase(
        service=notice_finalise,
        allowed=CONFIGURERS,
        arrange=_ended,
        act=_finalise,
    ),
]
