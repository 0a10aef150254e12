"""The congress's write services on the permission table (tests/service_permissions).

Cases put their congress at 文学与传播学院 (the chair's and liaison's college) where a college's
congress is allowed, so the table shows: the school's office and the system manage every congress,
the college's officers manage their college's, the sibling college's chair, a plain member, the
leader, another school's office and the platform admin (of no school) manage none. The school
congress (at the root) is managed by the office only (``test_services.py``). Check-in is by the
voter themself: a representative of the congress (the member persona is elected in the case).
"""

import io
from datetime import timedelta

from chuangxian.congress.checkin import CODES
from chuangxian.congress.services import (
    CongressData,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    congress_create,
    congress_update,
    delegation_save,
    document_add,
    document_remove,
    representative_elect,
    representative_replace,
    session_attendance_set,
    session_checkin,
    session_create,
    session_poll_create,
    session_update,
)
from chuangxian.congress.services._common import locked_congress, locked_session
from chuangxian.congress.services.sessions import SessionData
from chuangxian.congress.tests.factories import elect, make_congress, make_session
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.tests.files import PDF
from chuangxian.orgs.permissions import member_for
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.voting.models import PollPurpose
from tests.service_permissions.harness import ServiceCase

MANAGERS = {"chair", "liaison", "office", "system"}


def pdf_upload():  # type: ignore[no-untyped-def]
    return io.BytesIO(PDF)


def _congress(w):  # type: ignore[no-untyped-def]
    return make_congress(w.tree.college)


def _session(w):  # type: ignore[no-untyped-def]
    return make_session(_congress(w))


def _rep(w):  # type: ignore[no-untyped-def]
    return elect(_congress(w), MemberFactory(unit=w.tree.college))


def _data(congress):  # type: ignore[no-untyped-def]
    return CongressData(
        term_number=congress.term_number, term_starts_on=congress.term_starts_on, quorum=(3, 4)
    )


def _checkin(w):  # type: ignore[no-untyped-def]
    session = _session(w)
    for member in (w.personas.member_row, w.personas.chair_row, member_for(w.personas.liaison)):
        elect(session.congress, member)
    return session


def _agenda_item(w):  # type: ignore[no-untyped-def]
    session = _session(w)
    agenda_item_add(session=session, title="工会工作报告", actor=SYSTEM)
    return agenda_item_add(session=session, title="提案工作报告", actor=SYSTEM)


def _document(w):  # type: ignore[no-untyped-def]
    return document_add(
        session=_session(w), upload=pdf_upload(), name="报告.pdf", title="工作报告", actor=SYSTEM
    )


CASES = [
    ServiceCase(
        service=congress_create,
        allowed=MANAGERS,
        arrange=lambda w: w.tree.college,
        act=lambda w, unit, actor: congress_create(
            unit=unit, data=CongressData(term_number=3, term_starts_on=clock.today()), actor=actor
        ),
    ),
    ServiceCase(
        service=congress_update,
        allowed=MANAGERS,
        arrange=_congress,
        act=lambda w, congress, actor: congress_update(congress=congress, data=_data(congress), actor=actor),
    ),
    ServiceCase(
        service=delegation_save,
        allowed=MANAGERS,
        arrange=_congress,
        act=lambda w, congress, actor: delegation_save(
            congress=congress, unit=w.tree.group, head=None, actor=actor
        ),
    ),
    ServiceCase(
        service=representative_elect,
        allowed=MANAGERS,
        arrange=lambda w: (_congress(w), MemberFactory(unit=w.tree.group)),
        act=lambda w, pair, actor: representative_elect(
            congress=pair[0], member=pair[1], unit=w.tree.group, elected_on=clock.today(), actor=actor
        ),
    ),
    ServiceCase(
        service=representative_replace,
        allowed=MANAGERS,
        arrange=lambda w: (_rep(w), MemberFactory(unit=w.tree.college)),
        act=lambda w, pair, actor: representative_replace(
            representative=pair[0],
            successor=pair[1],
            elected_on=clock.today(),
            reason="调离本单位",
            actor=actor,
        ),
    ),
    ServiceCase(
        service=session_create,
        allowed=MANAGERS,
        arrange=_congress,
        act=lambda w, congress, actor: session_create(
            congress=congress,
            data=SessionData(number=1, starts_at=clock.now(), ends_at=clock.now() + timedelta(hours=3)),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=session_update,
        allowed=MANAGERS,
        arrange=_session,
        act=lambda w, session, actor: session_update(
            session=session,
            data=SessionData(
                number=2, starts_at=session.starts_at, ends_at=session.ends_at, place="图书馆报告厅"
            ),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=agenda_item_add,
        allowed=MANAGERS,
        arrange=_session,
        act=lambda w, session, actor: agenda_item_add(session=session, title="审议工会工作报告", actor=actor),
    ),
    ServiceCase(
        service=agenda_item_move,
        allowed=MANAGERS,
        arrange=_agenda_item,
        act=lambda w, item, actor: agenda_item_move(item=item, up=True, actor=actor),
    ),
    ServiceCase(
        service=agenda_item_remove,
        allowed=MANAGERS,
        arrange=_agenda_item,
        act=lambda w, item, actor: agenda_item_remove(item=item, actor=actor),
    ),
    ServiceCase(
        service=document_add,
        allowed=MANAGERS,
        arrange=_session,
        act=lambda w, session, actor: document_add(
            session=session, upload=pdf_upload(), name="议程.pdf", title="会议议程", actor=actor
        ),
    ),
    ServiceCase(
        service=document_remove,
        allowed=MANAGERS,
        arrange=_document,
        act=lambda w, document, actor: document_remove(document=document, actor=actor),
    ),
    ServiceCase(
        service=session_checkin,
        allowed={"member", "chair", "liaison"},
        arrange=_checkin,
        act=lambda w, session, actor: session_checkin(
            session_id=session.pk, code=CODES.make(session.pk).token, actor=actor
        ),
    ),
    ServiceCase(
        service=session_attendance_set,
        allowed=MANAGERS,
        arrange=lambda w: (_checkin(w), w.personas.member_row),
        act=lambda w, pair, actor: session_attendance_set(
            session=pair[0], member_ids=[pair[1].pk], actor=actor
        ),
    ),
    ServiceCase(
        service=session_poll_create,
        allowed={"chair", "liaison", "office", "system"},
        arrange=_session,
        act=lambda w, session, actor: session_poll_create(
            session=session,
            title="关于学院章程修订的决议",
            purpose=PollPurpose.RESOLUTION,
            closes_at=session.ends_at,
            question="同意《学院章程（修订稿）》",
            actor=actor,
        ),
    ),
]

EXEMPT = {
    locked_congress: "the lock and manager check every congress service starts with (refuses, writes nothing)",
    locked_session: "the lock and manager check every session service starts with (refuses, writes nothing)",
}
